import { parse, type Creator } from '@retorquere/bibtex-parser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Paper } from '../../src/schema.ts';
import {
  bibtex,
  bibtexName,
  citationTags,
  MAX_CITED_AUTHORS,
  pdfUrl,
  scholarlyArticle,
} from '../../src/lib/citation.ts';
import { MATH_MACROS } from '../../src/lib/math/macros.ts';
import { splitMath } from '../../src/lib/math/segments.ts';
import { trickyText } from '../helpers/arbitraries.ts';

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

/**
 * An entry as Zotero's BibTeX import reads it (Better BibTeX's parser), with every error it
 * reports. Titles are read as written: the import's sentence case is Zotero's own choice.
 */
function readBack(entry: string) {
  const library = parse(entry, { sentenceCase: false });
  return {
    errors: library.errors.map(({ error }) => error),
    entries: library.entries,
    fields: library.entries[0]?.fields,
  };
}

/** A name as the parser split it, put back together in reading order. */
const fullName = (creator: Creator) =>
  creator.name ?? [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(' ');

/** A paper with `count` authors named as large collaborations' are: accents, initials, long names. */
function collaborationPaper(count: number): Paper {
  const given = ['Zbigniew', 'Ana', 'Jean-Pierre', 'Maximilian', 'Ngọc Anh', 'Thomas', 'Wei', 'Ludwig'];
  const family = [
    'Puchała',
    'Souza',
    'Serre',
    'Müller-Lüdenscheidt',
    'van Beethoven',
    'Nguyễn',
    'Zhang',
    'Ólafsdóttir',
  ];
  const authors = Array.from(
    { length: count },
    (_, index) =>
      `${given[index % given.length]} ${String.fromCharCode(65 + (index % 26))}. ${family[(index * 3) % family.length]}`,
  );
  return { ...arxivPaper, title: 'Observation of a new boson at $125\\,\\mathrm{GeV}$', authors, authorCount: count };
}

describe('bibtex', () => {
  test('writes an arXiv paper as arXiv does: @misc with eprint, archivePrefix and primaryClass', () => {
    expect(bibtex(arxivPaper, '2503.00042', 'https://papers.example/papers/2503.00042/')).toBe(
      [
        '@misc{2503.00042,',
        '  title = {Sparse {$\\ell_1$} Recovery in \\textbraceleft{}Noisy\\textbraceright{} Settings \\& More},',
        '  author = {Souza, Ana and Müller\\_2, Jörg},',
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

  test('reads back in Zotero’s BibTeX import with no error, every field as the page shows it', () => {
    const published = { ...arxivPaper, doi: '10.1000/a_b(2)' };
    const { errors, entries, fields } = readBack(bibtex(published, '2503.00042', ''));
    expect(errors).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'misc', key: '2503.00042' });
    expect(fields).toEqual({
      title: 'Sparse ℓ₁ Recovery in {Noisy} Settings & More',
      author: [
        { lastName: 'Souza', firstName: 'Ana' },
        { lastName: 'Müller_2', firstName: 'Jörg' },
      ],
      year: '2025',
      month: '3',
      eprint: '2503.00042',
      archiveprefix: 'arXiv',
      primaryclass: 'cs.LG',
      doi: '10.1000/a_b(2)',
      url: 'https://arxiv.org/abs/2503.00042',
    });
  });

  test('gives a published paper’s DOI as it is, underscores and all', () => {
    const published = { ...arxivPaper, doi: '10.1000/a_b(2)' };
    expect(bibtex(published, '2503.00042', '')).toContain('  doi = {10.1000/a_b(2)},\n  url = {');
    expect(citationTags(published, 'Title')).toContainEqual(['citation_doi', '10.1000/a_b(2)']);
  });

  test('cites the paper’s page when there is no arXiv id, and escapes a formula that could break the entry', () => {
    const entry = bibtex(listedPaper, 'one-hundred', 'https://papers.example/papers/one-hundred/');
    expect(entry).toContain('title = {100\\% of \\$x\\textasciicircum{}\\textbraceleft{}2\\$ costs \\$5}');
    expect(entry).not.toContain('author');
    expect(entry).toContain('url = {https://papers.example/papers/one-hundred/}');
    expect(entry).not.toContain('eprint');
    // Every brace pairs up, counted as BibTeX counts them (a backslash does not hide a brace from it).
    let depth = 0;
    for (const char of entry) {
      depth += char === '{' ? 1 : char === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    expect(readBack(entry)).toMatchObject({ errors: [], fields: { title: '100% of $x^{2$ costs $5' } });
  });

  test('expands authors’ macros from the macro table, and writes a command nobody defines as its name', () => {
    const paper = { ...arxivPaper, title: 'A $10^{9}\\msun$ hole in $\\Q(\\sqrt{5})$, with $\\Bz$ and $\\tildeG_2$' };
    const entry = bibtex(paper, 'k', '');
    expect(entry).toContain(
      'title = {A {$10^{9}M_\\odot$} hole in {$ℚ(\\sqrt{5})$}, with {$\\mbox{\\textbackslash{}Bz}$} and {$\\mbox{\\textbackslash{}tildeG}_2$}}',
    );
    expect(readBack(entry)).toEqual({
      errors: [],
      entries: [expect.anything()],
      fields: expect.objectContaining({ title: 'A 10⁹M<sub>⊙</sub> hole in ℚ(√5), with \\Bz and \\tildeG₂' }),
    });
  });

  test('expands every macro of the macro table into TeX the parser reads', () => {
    for (const command of Object.keys(MATH_MACROS)) {
      const { errors } = readBack(bibtex({ ...arxivPaper, title: `$x ${command} y$` }, 'k', ''));
      expect(errors, command).toEqual([]);
    }
  });

  test('writes standard math the parser cannot read as LaTeX it can, or as the Unicode the page shows', () => {
    const cases: [string, string, string][] = [
      ['$\\mathbb{F}_q$', '{$𝔽_q$}', '𝔽<sub>q</sub>'],
      ['$\\mathcal{O}(n)$', '{$𝒪(n)$}', '𝒪(n)'],
      ['${\\cal N}=4$', '{${𝒩}=4$}', '𝒩=4'],
      ['$\\mathfrak{sl}_n$', '{$𝔰𝔩_n$}', '𝔰𝔩ₙ'],
      ['$\\hat{x}+\\tilde G$', '{$x̂+G̃$}', 'x̂+G̃'],
      ['$\\operatorname{GL}_2$', '{$\\mathrm{GL}_2$}', 'GL₂'],
      ['$x\\!\\in\\!\\mathbf{R}^n$', '{$x\\in𝐑^n$}', 'x∈𝐑ⁿ'],
      ['$x \\text{e.g.}$', '{$x \\textrm{e.g.}$}', 'xe.g.'],
      ['$\\check{C_1}$', '{$\\mbox{\\textbackslash{}check}{C_1}$}', '\\checkC_1'],
      ['$\\begin{align} a &= b \\end{align}$', '{$a \\&= b$}', 'a&=b'],
    ];
    for (const [title, written, read] of cases) {
      const entry = bibtex({ ...arxivPaper, title }, 'k', '');
      expect(entry, title).toContain(`title = {${written}}`);
      expect(readBack(entry), title).toMatchObject({ errors: [], fields: { title: read } });
    }
  });

  test('braces words whose capitals a style’s sentence case would lose, and keeps TeX from rewriting the text', () => {
    const entry = bibtex({ ...arxivPaper, title: "Scaling (LLMs): 3D iPhone -- ``a'' <b> Vision-Language" }, 'k', '');
    expect(entry).toContain(
      "title = {Scaling ({LLMs}): {3D} {iPhone} -{}- `{}`a'{}' \\textless{}b\\textgreater{} Vision-Language}",
    );
    expect(readBack(entry).fields).toMatchObject({ title: "Scaling (LLMs): 3D iPhone -- ``a'' <b> Vision-Language" });
    // Zotero’s own sentence case keeps them too.
    expect(parse(entry).entries[0]!.fields.title).toMatch(/^Scaling \(LLMs\): 3D iPhone/);
  });

  test('keeps a URL with braces inside its field', () => {
    const paper = { ...listedPaper, links: { arxiv: 'https://example.org/a}b{c d' } };
    expect(bibtex(paper, 'k', '')).toContain('url = {https://example.org/a%7Db%7Bc%20d}');
  });
});

describe('bibtexName', () => {
  test.each([
    ['Jean-Pierre Serre', 'Serre, Jean-Pierre', { lastName: 'Serre', firstName: 'Jean-Pierre' }],
    ['Ludwig van Beethoven', 'van Beethoven, Ludwig', { lastName: 'Beethoven', prefix: 'van', firstName: 'Ludwig' }],
    ['Jean de La Fontaine', 'de La Fontaine, Jean', { lastName: 'La Fontaine', prefix: 'de', firstName: 'Jean' }],
    [
      'Martin Luther King Jr.',
      'King, Jr., Martin Luther',
      { lastName: 'King', suffix: 'Jr.', firstName: 'Martin Luther' },
    ],
    [
      'Martin Luther King, Jr.',
      'King, Jr., Martin Luther',
      { lastName: 'King', suffix: 'Jr.', firstName: 'Martin Luther' },
    ],
    ['J. R. R. Tolkien', 'Tolkien, J. R. R.', { lastName: 'Tolkien', firstName: 'J. R. R.' }],
    ['Thomas Müller', 'Müller, Thomas', { lastName: 'Müller', firstName: 'Thomas' }],
    ['Zbigniew Puchała', 'Puchała, Zbigniew', { lastName: 'Puchała', firstName: 'Zbigniew' }],
    ['Wei Zhang', 'Zhang, Wei', { lastName: 'Zhang', firstName: 'Wei' }],
    ['张伟', '{张伟}', { name: '张伟' }],
    ['Gemini Team', '{Gemini Team}', { name: 'Gemini Team' }],
    ['Mistral AI', '{Mistral AI}', { name: 'Mistral AI' }],
    ['Hao Ai', 'Ai, Hao', { lastName: 'Ai', firstName: 'Hao' }],
    [
      'The CMS and LHCb Collaborations',
      '{The CMS and LHCb Collaborations}',
      { name: 'The CMS and LHCb Collaborations' },
    ],
    ['DeepSeek-AI', '{DeepSeek-AI}', { name: 'DeepSeek-AI' }],
  ])('writes %s as %s, which BibTeX splits right', (name, written, parts) => {
    expect(bibtexName(name)).toBe(written);
    const { errors, fields } = readBack(`@misc{k,\n  author = {${written}}\n}`);
    expect(errors).toEqual([]);
    expect(fields!.author).toEqual([parts]);
  });

  test('keeps a hostile name one author, inside the author field', () => {
    const names = [
      'a{b',
      'x} and y',
      '}, title = {Injected',
      'Tom & Jerry',
      '100% Human',
      '$pecial K',
      'back\\slash',
      'Smith, John',
      'and',
      'others',
    ];
    const { errors, fields } = readBack(
      bibtex({ ...listedPaper, authors: names, authorCount: names.length }, 'k', 'https://p.example/'),
    );
    expect(errors).toEqual([]);
    expect(Object.keys(fields!).sort()).toEqual(['author', 'month', 'title', 'url', 'year']);
    expect(fields!.author!.map(fullName)).toEqual([
      'a{b',
      'x} and y',
      '}, title = {Injected',
      'Tom & Jerry',
      '100% Human',
      '$pecial K',
      'back\\slash',
      // A comma in a name is part of it, not a separator between its parts.
      'Smith, John',
      'and',
      'others',
    ]);
  });
});

describe('a large collaboration', () => {
  const paper = collaborationPaper(2800);

  test(`names its first ${MAX_CITED_AUTHORS} authors in every format, and BibTeX ends the list with “and others”`, () => {
    const { errors, fields } = readBack(bibtex(paper, '2503.00042', ''));
    expect(errors).toEqual([]);
    expect(fields!.author).toHaveLength(MAX_CITED_AUTHORS + 1);
    expect(fields!.author!.slice(0, 3).map(fullName)).toEqual(paper.authors.slice(0, 3));
    expect(fields!.author!.at(-1)).toEqual({ lastName: 'others' });

    const tags = citationTags(paper, 'Observation of a new boson');
    expect(tags.filter(([name]) => name === 'citation_author').map(([, content]) => content)).toEqual(
      paper.authors.slice(0, MAX_CITED_AUTHORS),
    );
    const article = scholarlyArticle(paper, { plainTitle: 'T', description: '', pageUrl: 'https://p.example/' });
    expect(article['author']).toHaveLength(MAX_CITED_AUTHORS);
  });

  test('adds “and others” when the source named fewer authors than the paper has', () => {
    const { fields } = readBack(bibtex({ ...arxivPaper, authorCount: 5 }, 'k', ''));
    expect(fields!.author!.map(fullName)).toEqual(['Ana Souza', 'Jörg Müller_2', 'others']);
  });

  test('keeps each format a few kilobytes of the paper page’s 200 KB', () => {
    const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
    const tagsHtml = citationTags(paper, 'Observation of a new boson')
      .map(([name, content]) => `<meta name="${name}" content="${content}">`)
      .join('\n');
    const article = scholarlyArticle(paper, {
      plainTitle: 'Observation of a new boson at 125 GeV',
      description: 'We observe.',
      pageUrl: 'https://papers.example/papers/2503.00042/',
    });
    const sizes = {
      bibtex: bytes(bibtex(paper, '2503.00042', '')),
      scholarTags: bytes(tagsHtml),
      jsonLd: bytes(JSON.stringify(article)),
    };
    // Each name costs about 30 bytes in BibTeX and 60 in the others: 100 names, not 2,800.
    expect(sizes.bibtex).toBeLessThan(4_000);
    expect(sizes.scholarTags).toBeLessThan(7_000);
    expect(sizes.jsonLd).toBeLessThan(6_000);
    expect(sizes.bibtex + sizes.scholarTags + sizes.jsonLd).toBeLessThan(16 * 1024);
  });
});

test('any title and any author names give an entry Zotero reads with no error, every author in it', () => {
  const title = trickyText(
    [
      '$',
      '\\$',
      '\\\\',
      '\\',
      '{',
      '}',
      '%',
      '&',
      '#',
      '_',
      '^',
      '~',
      '<',
      '>',
      '--',
      '``',
      "''",
      '?`',
      ' ',
      '\n\n',
      ' and ',
      ',',
      'LLMs',
      '$x^2$',
      '$\\mathbb{R}^n$',
      '$\\mathcal O$',
      '$\\hat{\\mathfrak g}$',
      '$\\frac{1}{2}$',
      '$\\Bz$',
      '$\\msun$',
      '$\\operatorname*{arg\\,max}$',
      '$\\text{e.g. } x$',
      '$\\left( x \\right)$',
      '\\(',
      '\\)',
      '\\[',
      '\\]',
      '$$',
      '\\begin{align}',
      '\\end{align}',
      '\\"o',
      '\\v{C}',
      '\\alpha',
      '\\!',
      '\\ ',
      '\\,',
      '\\constructor',
      '\\toString',
      'é',
      '𝔽',
      '张伟',
    ],
    { pieces: 12, pieceLength: 6 },
  );
  const name = trickyText(
    [
      ' ',
      ' and ',
      'and',
      ',',
      '{',
      '}',
      '\\',
      '&',
      '%',
      '$',
      '#',
      '~',
      '^',
      '_',
      'van ',
      'de la ',
      ' Jr.',
      'others',
      'Team',
      'AI',
      '张伟',
      'Müller',
      'Ó ',
      '.',
      '-',
      '--',
    ],
    { pieces: 5, pieceLength: 5 },
  )
    .map((text) => text.trim())
    .filter((text) => text !== '');
  const paper = fc.record({
    title,
    authors: fc.array(name, { maxLength: 6 }),
    unnamed: fc.nat({ max: 2 }),
    arxivId: fc.option(fc.constantFrom('2503.00042', 'hep-th/9901001'), { nil: undefined }),
  });
  fc.assert(
    fc.property(paper, ({ title, authors, unnamed, arxivId }) => {
      const entry = bibtex(
        { ...listedPaper, title, authors, authorCount: authors.length + unnamed, ...(arxivId ? { arxivId } : {}) },
        'k',
        'https://papers.example/papers/k/',
      );
      const { errors, entries, fields } = readBack(entry);
      expect(errors).toEqual([]);
      expect(entries).toHaveLength(1);
      const others = authors.length > 0 && unnamed > 0 ? 1 : 0;
      expect(fields!.author ?? []).toHaveLength(authors.length + others);
      expect(fields).toMatchObject({
        year: '2023',
        month: '11',
        url: arxivId ? expect.any(String) : 'https://papers.example/papers/k/',
      });
      // A title without formulas reads back exactly as the page shows it.
      const segments = splitMath(title);
      if (segments.every((segment) => segment.kind === 'text')) {
        const shown = segments
          .map((segment) => segment.value)
          .join('')
          .replace(/\s+/g, ' ')
          .trim();
        expect(fields!.title ?? '').toBe(shown);
      }
    }),
    { numRuns: 300 },
  );
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
