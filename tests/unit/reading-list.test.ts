import { parse as parseWithZotero } from '@retorquere/bibtex-parser';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { bibtex } from '../../src/lib/citation.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { preferredSlug } from '../../src/lib/import/slugs.ts';
import { prepareSource } from '../../src/lib/import/sources.ts';
import { authorLine } from '../../src/lib/papers.ts';
import {
  bylineFromBibtex,
  fallbackEntry,
  importBibtex,
  mergeLists,
  newestFirst,
  parseBibtex,
  readingListBibtex,
  titleFromBibtex,
  withPage,
  type SavedPaper,
} from '../../src/lib/reading-list.ts';
import { buttonData, paperOfButton, readList } from '../../src/scripts/save-button.ts';

/**
 * The first `count` papers of a real file of the corpus (tests/fixtures/corpus, see SOURCES.md),
 * as a reader would save them from their pages: permalink, title, byline, day and Cite block.
 */
function savedFromCorpus(file: string, count: number, base = '/'): SavedPaper[] {
  const path = `tests/fixtures/corpus/${file}`;
  // Both files are JSON Lines: a slice of lines is a smaller file of the same format.
  const lines = readFileSync(path, 'utf8').split('\n').slice(0, count).join('\n');
  return prepareSource(path, lines).papers.map(({ frontmatter, plainTitle }, index) => {
    const slug = preferredSlug({ arxivId: frontmatter.arxivId, plainTitle });
    const url = `${base}papers/${slug}/`;
    const authors = authorLine(frontmatter);
    return {
      url,
      id: slug,
      titleHtml: escapeHtml(plainTitle),
      day: frontmatter.date,
      ...(authors ? { authors } : {}),
      savedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, index)).toISOString(),
      bibtex: bibtex(frontmatter, slug, `https://papers.example${url}`),
    };
  });
}

// Kaggle's snapshot: TeX accents in names, math in titles, affiliations (0704.0001–).
const KAGGLE = 'arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json';
// A math.RT day of daily-arXiv: \\mathfrak, \\mathbb and authors' own macros in titles.
const MATH_RT = 'arxiv/daily-arxiv-math-RT/2026-06-16.jsonl';

const paper = (id: string, savedAt: string, more: Partial<SavedPaper> = {}): SavedPaper => ({
  url: `/papers/${id}/`,
  id,
  titleHtml: `Paper ${id}`,
  day: '2025-03-04',
  savedAt,
  ...more,
});

describe('buttonData and paperOfButton', () => {
  const hostile = {
    url: '/daily/papers/2503.00042/',
    id: '2503.00042',
    titleHtml: 'Bounds of <span class="katex">O(ε)</span> for "quoted" &amp; <b>bold</b>',
    authors: 'Ana Souza, Jörg "JM" Müller',
    day: '2025-03-04',
  };

  test('a button’s data attributes give back the paper they were written from, whatever its text', () => {
    expect(buttonData(hostile)).toEqual({
      url: hostile.url,
      id: hostile.id,
      title: hostile.titleHtml,
      day: hostile.day,
      authors: hostile.authors,
    });
    expect(paperOfButton(buttonData(hostile))).toEqual(hostile);
  });

  test('a paper that names no authors has no byline attribute, and none comes back', () => {
    const { authors: _, ...anonymous } = hostile;
    expect(Object.keys(buttonData(anonymous))).toEqual(['url', 'id', 'title', 'day']);
    expect(paperOfButton(buttonData(anonymous))).toEqual(anonymous);
    expect(paperOfButton({ ...buttonData(anonymous), authors: '' })).toEqual(anonymous);
  });

  test('a button that does not say which paper it saves (the template’s, with empty props) stands for none', () => {
    expect(paperOfButton(buttonData({ url: '', id: '', titleHtml: '', day: '' }))).toBeUndefined();
    expect(paperOfButton({ id: 'x', title: 'T' })).toBeUndefined();
    expect(paperOfButton({ url: '/papers/x/', title: 'T' })).toBeUndefined();
    expect(paperOfButton({ url: '/papers/x/', id: 'x' })).toBeUndefined();
  });
});

describe('readList', () => {
  test('reads back the list as it was stored, real papers and their BibTeX included', () => {
    const papers = savedFromCorpus(KAGGLE, 20);
    expect(papers.length).toBe(20);
    expect(readList(JSON.stringify(papers))).toEqual(papers);
  });

  test('is an empty list when nothing, or something that is not JSON or not a list, was stored', () => {
    expect(readList(null)).toEqual([]);
    expect(readList('{"papers": []')).toEqual([]);
    expect(readList('{"papers": []}')).toEqual([]);
  });

  test('leaves out records that lack a field /saved/ needs or have one of the wrong type, and repeats', () => {
    const good = paper('a', '2025-01-01T00:00:00.000Z', { authors: 'A', bibtex: '@misc{a}' });
    const stored = [
      good,
      null,
      'a',
      { ...good, id: 'b', savedAt: 5 },
      { ...good, id: 'c', titleHtml: undefined },
      { ...good, id: 'd', authors: ['A'] },
      { ...good, titleHtml: 'the same id again' },
      { ...good, id: 'e' },
    ];
    expect(readList(JSON.stringify(stored))).toEqual([good, { ...good, id: 'e' }]);
  });
});

describe('newestFirst', () => {
  test('orders the list by when each paper was saved, newest first, then by id', () => {
    const papers = [
      paper('b', '2025-01-01T10:00:00.000Z'),
      paper('c', '2025-01-02T09:00:00.000Z'),
      paper('a', '2025-01-01T10:00:00.000Z'),
    ];
    expect(newestFirst(papers).map(({ id }) => id)).toEqual(['c', 'a', 'b']);
    expect(papers.map(({ id }) => id)).toEqual(['b', 'c', 'a']);
  });
});

describe('mergeLists', () => {
  test('adds the papers not saved yet and keeps those saved as they were', () => {
    const saved = [paper('a', '2025-01-01T00:00:00.000Z', { bibtex: '@misc{a, title={Mine}}', gone: true })];
    const incoming = [
      paper('a', '2025-02-01T00:00:00.000Z', { bibtex: '@misc{a, title={Theirs}}', imported: true }),
      paper('b', '2025-01-15T00:00:00.000Z', { imported: true }),
    ];
    const { papers, added } = mergeLists(saved, incoming);
    expect(added).toBe(1);
    expect(papers).toEqual([incoming[1], saved[0]]);
  });

  test('gives a saved paper the BibTeX entry it lacked', () => {
    const saved = [paper('a', '2025-01-01T00:00:00.000Z')];
    const { papers, added } = mergeLists(saved, [paper('a', '2025-02-01T00:00:00.000Z', { bibtex: '@misc{a}' })]);
    expect(added).toBe(0);
    expect(papers).toEqual([{ ...saved[0], bibtex: '@misc{a}' }]);
  });
});

describe('withPage', () => {
  const imported = paper('2503.00042', '2025-01-01T00:00:00.000Z', {
    titleHtml: 'Sparse $\\ell_1$ Recovery',
    authors: 'Ana Souza',
    day: '2025-03',
    bibtex: '@misc{2503.00042, title = {Sparse {$\\ell_1$} Recovery}}',
    imported: true,
  });

  test('marks a paper whose page is not found as gone, and keeps everything else', () => {
    expect(withPage(imported, 404)).toEqual({ ...imported, gone: true });
    expect(withPage(imported, 410)).toEqual({ ...imported, gone: true });
  });

  test('changes nothing when the site answered with an error of its own', () => {
    expect(withPage(imported, 500)).toBe(imported);
    expect(withPage(imported, 0)).toBe(imported);
  });

  test('finds a paper gone before back on the site', () => {
    expect(withPage({ ...imported, gone: true }, 200)).toEqual({ ...imported, gone: false });
  });

  test('completes an imported paper from its page: typeset title, byline, day and Cite block', () => {
    const read = {
      url: imported.url,
      id: imported.id,
      titleHtml: 'Sparse <span class="katex">ℓ1</span> Recovery',
      authors: 'Ana Souza, Jörg Müller',
      day: '2025-03-04',
    };
    const { imported: _, ...rest } = imported;
    expect(withPage(imported, 200, { paper: read, bibtex: '@misc{2503.00042, new}' })).toEqual({
      ...rest,
      ...read,
      bibtex: '@misc{2503.00042, new}',
      gone: false,
    });
    const { authors: __, ...anonymous } = read;
    expect(withPage(imported, 200, { paper: anonymous }).authors).toBeUndefined();
    expect(withPage(imported, 200, { paper: anonymous }).bibtex).toBe(imported.bibtex);
  });
});

describe('parseBibtex', () => {
  test('reads each entry of a file of real Cite blocks, as written, with its key and fields', () => {
    const papers = savedFromCorpus(KAGGLE, 40);
    const file = papers.map(({ bibtex }) => bibtex).join('\n\n');
    const { entries, problems } = parseBibtex(file);
    expect(problems).toEqual([]);
    expect(entries.map(({ key }) => key)).toEqual(papers.map(({ id }) => id));
    expect(entries.map(({ source }) => source)).toEqual(papers.map(({ bibtex }) => bibtex));
    expect(entries[0]).toMatchObject({ at: 'line 1', type: 'misc', fields: { year: '2007', month: 'apr' } });
  });

  test('skips comments, BibTeX’s own entries and text between entries', () => {
    const file = [
      '% exported from somewhere',
      '@comment{a note with an @misc{inside, x = {y}} entry}',
      '@string{ann = "Annals"}',
      '@preamble{"\\newcommand{\\x}{y}"}',
      'Loose text, which BibTeX ignores.',
      '@Misc{2301.00001,',
      '  title = {One},',
      '}',
    ].join('\n');
    const { entries, problems } = parseBibtex(file);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        at: 'line 6',
        type: 'misc',
        key: '2301.00001',
        source: '@Misc{2301.00001,\n  title = {One},\n}',
        fields: { title: 'One' },
      },
    ]);
  });

  test('reads entries in parentheses, quoted values, joined values and bare numbers', () => {
    const { entries } = parseBibtex(
      '@article(hep-th-9901001, title = "The {Large} $N$ " # {Limit}, year = 1999, month = jan, note = {a (b) c})',
    );
    expect(entries[0]!.fields).toEqual({
      title: 'The {Large} $N$ Limit',
      year: '1999',
      month: 'jan',
      note: 'a (b) c',
    });
  });

  test('names the line of each entry it cannot take, and still reads the ones after', () => {
    const file = [
      '@misc{, title = {No key}}',
      '@misc{../../etc, title = {A path}}',
      '@misc{smith 2020, title = {A space}}',
      '@misc{2301.00001, title = {First}}',
      '@misc{2301.00001, title = {Again}}',
      '@misc{2301.00002, title = {Never {closed}',
      '@misc{2301.00003, title = {Last}}',
    ].join('\n');
    const { entries, problems } = parseBibtex(file);
    expect(entries.map(({ key, fields }) => [key, fields['title']])).toEqual([
      ['2301.00001', 'First'],
      ['2301.00003', 'Last'],
    ]);
    expect(problems).toEqual([
      { at: 'line 1', message: 'entry has no key; skipped' },
      { at: 'line 2', message: 'key "../../etc" cannot be a paper\'s address here; skipped' },
      { at: 'line 3', message: 'key "smith 2020" cannot be a paper\'s address here; skipped' },
      { at: 'line 5', message: 'key 2301.00001 again (first at line 4); skipped' },
      { at: 'line 6', message: '@misc entry never closes (a brace is missing); skipped' },
    ]);
  });

  test('reads nothing, and throws nothing, from a file that is not BibTeX', () => {
    for (const text of ['', '{}', '@', '@misc', '@misc{', '\u0000@misc{a,b=}', '@misc{a, title = {x} junk = {y}}']) {
      expect(() => parseBibtex(text), text).not.toThrow();
    }
    expect(parseBibtex('[{"title": "JSON"}]').entries).toEqual([]);
    expect(parseBibtex('@misc{a, title = {x} junk = {y}}').entries[0]!.fields).toEqual({ title: 'x' });
  });
});

describe('titleFromBibtex', () => {
  test('undoes the Cite block’s escapes and case braces, and keeps formulas as TeX', () => {
    expect(
      titleFromBibtex('Sparse {$\\ell_1$} Recovery in \\textbraceleft{}Noisy\\textbraceright{} Settings \\& More'),
    ).toBe('Sparse $\\ell_1$ Recovery in {Noisy} Settings & More');
    expect(titleFromBibtex('{$a_{i}\\$$} costs 100\\% of {LLMs}-{}-fast')).toBe('$a_{i}\\$$ costs 100% of LLMs--fast');
  });

  test('reads back the title of every real paper of a slice that has no formula', () => {
    for (const { bibtex: entry, titleHtml } of savedFromCorpus(KAGGLE, 80)) {
      const { fields } = parseBibtex(entry!).entries[0]!;
      if (!fields['title']!.includes('$')) expect(escapeHtml(titleFromBibtex(fields['title']!))).toBe(titleHtml);
    }
  });
});

describe('bylineFromBibtex', () => {
  test('writes names in reading order, as a card does', () => {
    expect(bylineFromBibtex('Souza, Ana and King, Jr., Martin Luther and {The CMS Collaboration}')).toBe(
      'Ana Souza, Martin Luther King Jr., The CMS Collaboration',
    );
    expect(bylineFromBibtex('van Beethoven, Ludwig and Müller\\_2, Jörg and others')).toBe(
      'Ludwig van Beethoven, Jörg Müller_2 et al.',
    );
    expect(bylineFromBibtex('A, B and C, D and E, F and G, H and I, J')).toBe('B A, D C, F E et al.');
    expect(bylineFromBibtex('')).toBeUndefined();
  });

  test('names the same people as the card’s byline for real papers with up to four authors', () => {
    for (const saved of savedFromCorpus(KAGGLE, 60)) {
      const { fields } = parseBibtex(saved.bibtex!).entries[0]!;
      if (saved.authors && !saved.authors.includes('et al.') && !saved.authors.includes('more')) {
        expect(bylineFromBibtex(fields['author']!)).toBe(saved.authors);
      }
    }
  });
});

describe('importBibtex', () => {
  test('brings back each entry as a saved paper at its permalink, in the file’s order, its entry as written', () => {
    const file = savedFromCorpus(MATH_RT, 12);
    const text = file.map(({ bibtex }) => bibtex).join('\n\n');
    const now = new Date('2025-06-01T08:00:00.000Z');
    const { papers, problems } = importBibtex(text, '/daily/', now);
    expect(problems).toEqual([]);
    expect(papers.map(({ id, url, bibtex }) => ({ id, url, bibtex }))).toEqual(
      file.map(({ id, bibtex }) => ({ id, url: `/daily/papers/${id}/`, bibtex })),
    );
    expect(papers.every(({ imported }) => imported)).toBe(true);
    expect(papers[0]!.savedAt).toBe(now.toISOString());
    expect(newestFirst(papers).map(({ id }) => id)).toEqual(file.map(({ id }) => id));
    expect(papers[0]!.day).toBe(file[0]!.day.slice(0, 7));
  });

  test('shows an imported title as escaped text until the page is read', () => {
    const { papers } = importBibtex('@misc{x, title = {<img src=x onerror=alert(1)> \\& {$x<y$}}}', '/', new Date());
    expect(papers[0]!.titleHtml).toBe('&#x3C;img src=x onerror=alert(1)&#x3E; &#x26; $x&#x3C;y$');
    expect(importBibtex('@misc{untitled, year = {2024}, month = {13}}', '/', new Date()).papers[0]).toMatchObject({
      titleHtml: 'untitled',
      day: '2024',
    });
  });
});

describe('readingListBibtex', () => {
  const papers = [...savedFromCorpus(KAGGLE, 15), ...savedFromCorpus(MATH_RT, 10)];
  const noEntry = (paper: SavedPaper) => `@misc{${paper.id}}`;
  const file = readingListBibtex(papers, {
    site: 'https://papers.example/',
    now: new Date('2025-06-01T00:00:00Z'),
    entryOf: noEntry,
  });

  test('is one file of every saved paper’s own entry, newest saved first, that Zotero reads with no error', () => {
    const library = parseWithZotero(file, { sentenceCase: false });
    expect(library.errors).toEqual([]);
    expect(library.entries.map(({ key }) => key)).toEqual(newestFirst(papers).map(({ id }) => id));
    for (const saved of papers) expect(file).toContain(`\n\n${saved.bibtex}\n`);
    expect(file.split('\n')[0]).toBe('% 25 papers saved on https://papers.example/, newest first (2025-06-01).');
  });

  test('imports back as the same list, in the same order', () => {
    const { papers: back, problems } = importBibtex(file, '/', new Date());
    expect(problems).toEqual([]);
    expect(back.map(({ id, bibtex }) => [id, bibtex])).toEqual(
      newestFirst(papers).map(({ id, bibtex }) => [id, bibtex]),
    );
  });

  test('names a paper saved without its entry, with an entry that Zotero reads and that imports back', () => {
    const [first] = papers;
    const { bibtex: _, ...saved } = first!;
    const title = 'Costs of $x_1$ & {50%} ~ \\emph #1 <b> ^_^';
    const entry = fallbackEntry(saved, title, 'https://papers.example/papers/a b/');
    const file = readingListBibtex([saved], { site: 'here', now: new Date(), entryOf: () => entry });
    const library = parseWithZotero(file, { sentenceCase: false });
    expect(library.errors).toEqual([]);
    expect(library.entries[0]).toMatchObject({
      key: saved.id,
      fields: { title, year: '2007', month: '4', url: 'https://papers.example/papers/a%20b/' },
    });
    expect(importBibtex(file, '/', new Date()).papers.map(({ id }) => id)).toEqual([saved.id]);
  });
});
