import { describe, expect, test } from 'vitest';
import type { Paper } from '../../src/content.config.ts';
import { bibtex, citationTags, pdfUrl, scholarlyArticle } from '../../src/lib/citation.ts';

const arxivPaper: Paper = {
  title: 'Sparse $\\ell_1$ Recovery in {Noisy} Settings & More',
  authors: ['Ana Souza', 'Jörg Müller_2'],
  authorCount: 2,
  date: '2025-03-04',
  arxivId: '2503.00042',
  categories: ['cs.LG', 'stat.ML'],
  links: { arxiv: 'https://arxiv.org/abs/2503.00042', pdf: 'https://arxiv.org/pdf/2503.00042' },
  source: 'content/sources/day.json',
};
const listedPaper: Paper = {
  title: '100% of $x^{2$ costs $5',
  authors: [],
  authorCount: 3,
  date: '2023-11-20',
  source: 'content/sources/listing.txt',
};

describe('bibtex', () => {
  test('writes an arXiv paper as arXiv does: @misc with eprint, archivePrefix and primaryClass', () => {
    expect(bibtex(arxivPaper, '2503.00042', 'https://papers.example/papers/2503.00042/')).toBe(
      [
        '@misc{2503.00042,',
        '  title = {Sparse $\\ell_1$ Recovery in \\{Noisy\\} Settings \\& More},',
        '  author = {Ana Souza and Jörg Müller\\_2},',
        '  year = {2025},',
        '  month = mar,',
        '  eprint = {2503.00042},',
        '  archivePrefix = {arXiv},',
        '  primaryClass = {cs.LG},',
        '  url = {https://arxiv.org/abs/2503.00042}',
        '}',
      ].join('\n'),
    );
  });

  test('gives a published paper’s DOI as it is, underscores and all', () => {
    const published = { ...arxivPaper, doi: '10.1000/a_b(2)' };
    expect(bibtex(published, '2503.00042', '')).toContain('  doi = {10.1000/a_b(2)},\n  url = {');
    expect(citationTags(published, 'Title')).toContainEqual(['citation_doi', '10.1000/a_b(2)']);
  });

  test('cites the paper’s page when there is no arXiv id, and escapes a formula that could break the entry', () => {
    const entry = bibtex(listedPaper, 'one-hundred', 'https://papers.example/papers/one-hundred/');
    expect(entry).toContain('title = {100\\% of \\$x\\textasciicircum{}\\{2\\$ costs \\$5}');
    expect(entry).not.toContain('author');
    expect(entry).toContain('url = {https://papers.example/papers/one-hundred/}');
    expect(entry).not.toContain('eprint');
    // Every brace of the entry pairs up, so reference managers read it whole.
    let depth = 0;
    for (const char of entry.replace(/\\[{}]/g, '')) {
      depth += char === '{' ? 1 : char === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });
});

describe('citationTags', () => {
  test('gives Google Scholar title, each author, the date, the PDF and the arXiv id', () => {
    expect(citationTags(arxivPaper, 'Sparse ℓ1 Recovery in {Noisy} Settings & More')).toEqual([
      ['citation_title', 'Sparse ℓ1 Recovery in {Noisy} Settings & More'],
      ['citation_author', 'Ana Souza'],
      ['citation_author', 'Jörg Müller_2'],
      ['citation_publication_date', '2025/03/04'],
      ['citation_pdf_url', 'https://arxiv.org/pdf/2503.00042'],
      ['citation_arxiv_id', '2503.00042'],
    ]);
    expect(citationTags(listedPaper, '100% of x costs $5').map(([name]) => name)).toEqual([
      'citation_title',
      'citation_publication_date',
    ]);
  });

  test('finds an arXiv paper’s PDF from its id when the source gave no link', () => {
    expect(pdfUrl({ ...arxivPaper, links: {} })).toBe('https://arxiv.org/pdf/2503.00042');
    expect(pdfUrl(listedPaper)).toBeUndefined();
  });
});

test('scholarlyArticle describes the paper for schema.org', () => {
  const article = scholarlyArticle(arxivPaper, {
    plainTitle: 'Sparse ℓ1 Recovery',
    description: 'We recover.',
    pageUrl: 'https://papers.example/papers/2503.00042/',
  });
  expect(article).toEqual({
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    headline: 'Sparse ℓ1 Recovery',
    name: 'Sparse ℓ1 Recovery',
    description: 'We recover.',
    url: 'https://papers.example/papers/2503.00042/',
    datePublished: '2025-03-04',
    author: [
      { '@type': 'Person', name: 'Ana Souza' },
      { '@type': 'Person', name: 'Jörg Müller_2' },
    ],
    identifier: { '@type': 'PropertyValue', propertyID: 'arXiv', value: '2503.00042' },
    sameAs: 'https://arxiv.org/abs/2503.00042',
  });
});
