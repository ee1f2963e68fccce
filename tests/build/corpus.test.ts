import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { openSiteSearch, type SiteSearch } from '../helpers/pagefind.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/*
 * The real corpus (tests/fixtures/corpus/, SOURCES.md): 3,301 papers from Hugging Face, daily-arXiv,
 * arXiv's Atom and OAI-PMH responses, the Kaggle snapshot and a hep-th listing bot, imported and
 * built as a maintainer would, then read as a reader and a reference manager read the pages.
 */

const CORPUS = fixturePath('corpus');
/** Every file of the corpus, by its path inside it (`hf/2024-06-19.json`). */
const corpusFiles = readdirSync(CORPUS, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== 'SOURCES.md')
  .map((entry) => relative(CORPUS, join(entry.parentPath, entry.name)))
  .sort();

/**
 * A big collaboration in the Kaggle snapshot's shape, made here: the corpus has none, and the real
 * one (CMS and LHCb, arXiv 1411.4413, 2,832 names) would weigh 60 KB. Its author string starts as
 * arXiv's does, with the collaborations' names before a colon.
 */
const COLLABORATION = '1411.99999';
const collaborationNames = Array.from({ length: 2831 }, (_, i) => `A. Physicist${String(i + 1).padStart(4, '0')}`);
const collaboration = JSON.stringify({
  id: COLLABORATION,
  submitter: 'A. Physicist0001',
  authors: `The CMS and LHCb Collaborations: ${collaborationNames.slice(0, -1).join(', ')} and ${collaborationNames.at(-1)}`,
  title: 'Observation of the rare $B^0_s\\to\\mu^+\\mu^-$ decay from the combined analysis of CMS and LHCb data',
  comments: '',
  'journal-ref': null,
  doi: null,
  categories: 'hep-ex hep-ph',
  abstract: '  The standard model of particle physics describes the fundamental particles and their\ninteractions.',
  versions: [{ version: 'v1', created: 'Mon, 17 Nov 2014 18:59:25 GMT' }],
  update_date: '2015-05-13',
  authors_parsed: [
    ['The CMS and LHCb Collaborations', '', ''],
    ...collaborationNames.map((name) => name.split(' ').reverse().concat('')),
  ],
});

/** TeX accents and special letters as they look when left undecoded: `M\"uller`, `\v{S}`, `{\l}`. */
const TEX_LETTER =
  /\\["'`^~=.]\s*\{?\\?[A-Za-z]|\\[vcHkurdb]\s*\{\\?[A-Za-z]\}|\{\\(?:l|L|ss|O|o|aa|AA|ae|AE|oe|OE|i|j)\}/;
/** Raw TeX a reader would see: a formula left in its dollars, a command, a braced script. */
const RAW_TEX = /\$[^$]*[\\^_{][^$]*\$|\\[A-Za-z]{2,}|[_^]\{/;

/** What a reader sees of a page's main content: no formulas (typeset or not), no BibTeX, no scripts. */
function proseOf(page: HTMLElement): string {
  const main = (page.querySelector('main') ?? page).clone() as HTMLElement;
  for (const hidden of main.querySelectorAll('script, style, .katex, .math-source, .math-unknown, .cite')) {
    hidden.remove();
  }
  return main.textContent;
}

describe('the real corpus, imported and built', () => {
  let site: SiteUnderTest;
  let output: string;
  /** Every paper page, by slug. */
  const pages = new Map<string, { html: string; page: HTMLElement }>();
  let search: SiteSearch;

  beforeAll(async () => {
    site = await createSite(Object.fromEntries(corpusFiles.map((file) => [file, join(CORPUS, file)])));
    await site.addSource('collaboration.json', `${collaboration}\n`);
    output = await site.importAndBuild();
    for (const slug of await site.files('dist/papers')) {
      if (!slug.endsWith('/index.html') || slug.split('/').length !== 2) continue;
      const html = await site.read(`dist/papers/${slug}`);
      pages.set(slug.split('/')[0]!, { html, page: parse(html) });
    }
    search = await openSiteSearch(join(site.dir, 'dist'));
  });
  afterAll(async () => {
    await search?.close();
    await site?.remove();
  });

  test('reads every file, in every format, and publishes every paper', () => {
    expect(corpusFiles).toHaveLength(39);
    expect(output).not.toMatch(/unreadable|format not recognised|file skipped/);
    // 3,301 distinct papers, and the collaboration; a few are in two sources and become one entry.
    expect(pages.size).toBeGreaterThanOrEqual(3_250);
    for (const id of [
      '2406.12793',
      '2605.08246',
      '0704.0001',
      '0704.0200',
      '2607.16762',
      '2606.28110',
      COLLABORATION,
    ]) {
      expect(pages.has(id), id).toBe(true);
    }
  });

  test('shows no TeX accent in any name or any prose', () => {
    const offending: string[] = [];
    for (const [slug, { page }] of pages) {
      const names = page.querySelectorAll('meta[name="citation_author"]').map((tag) => tag.getAttribute('content'));
      const match = TEX_LETTER.exec([proseOf(page), ...names].join('\n'));
      if (match) offending.push(`${slug}: ${match[0]}`);
    }
    expect(offending).toEqual([]);
    // Names from the Kaggle snapshot's TeX author strings (SOURCES.md), as Unicode.
    const names = (slug: string) => pages.get(slug)!.page.querySelector('.byline')!.textContent;
    expect(names('0704.0062')).toContain('Rastislav Šrámek');
    expect(names('0704.0062')).toContain('Tomáš Vinař');
  });

  test('typesets the math of at least 99% of math pages, and shows no KaTeX error', () => {
    const mathPages = [...pages].filter(([, { html }]) => html.includes('class="katex"'));
    const raw = mathPages.filter(([, { page }]) => RAW_TEX.test(proseOf(page))).map(([slug]) => slug);
    expect(mathPages.length).toBeGreaterThan(900);
    expect(raw.length / mathPages.length, raw.join(' ')).toBeLessThanOrEqual(0.01);
    expect([...pages].filter(([, { html }]) => /katex-error|#cc0000/.test(html)).map(([slug]) => slug)).toEqual([]);
  });

  test('typesets every AI summary and keyword that has math', () => {
    // Hugging Face's machine-written fields with `$…$` (SOURCES.md): A$^2$FM, $CoT$-$Pass@K$, $\mu$P.
    for (const slug of ['2510.12838', '2506.14245', '2510.15262']) {
      const aside = pages.get(slug)!.page.querySelector('.ai-summary')!;
      expect(aside.querySelectorAll('.katex').length, slug).toBeGreaterThan(0);
      expect(proseOf(aside), slug).not.toContain('$');
    }
  });

  test('keeps every page under 200 KB, the collaboration’s included', async () => {
    const heavy: string[] = [];
    for (const file of await site.files('dist')) {
      if (!file.endsWith('.html')) continue;
      const bytes = Buffer.byteLength(await site.read(`dist/${file}`));
      if (bytes > 200_000) heavy.push(`${file}: ${bytes}`);
    }
    expect(heavy).toEqual([]);
  });

  test('shows a big collaboration’s first authors, the rest opening in place', () => {
    const { page } = pages.get(COLLABORATION)!;
    const byline = page.querySelector('.byline')!;
    // The collaborations' names before the colon stay one name.
    expect(byline.querySelectorAll('.authors > a').map((link) => link.textContent)).toEqual([
      'The CMS and LHCb Collaborations',
      ...collaborationNames.slice(0, 19),
    ]);
    expect(byline.querySelector('details summary')!.textContent).toBe('and 2,812 more authors');
    expect(byline.querySelector('details')!.textContent).toContain(collaborationNames.at(-1));
    expect(page.querySelectorAll('meta[name="citation_author"]').length).toBeLessThanOrEqual(100);
  });

  test('finds a paper by an author’s name in Unicode, whatever TeX its source wrote it in', async () => {
    // Kaggle's `Thomas M\"uller` (0704.0199).
    const found = await search.search('Müller');
    expect(found.map((page) => page.url)).toContain('/papers/0704.0199/');
    const authorLinks = pages
      .get('0704.0199')!
      .page.querySelectorAll('.byline a')
      .map((link) => decodeURIComponent(link.getAttribute('href')!));
    expect(authorLinks.some((href) => href.endsWith('?author=Thomas Müller'))).toBe(true);
  });

  test('gives every paper a Cite block that Better BibTeX’s parser reads without an error or a warning', async () => {
    const problems: string[] = [];
    for (const [slug, { page }] of pages) {
      const entry = page.querySelector('.bibtex')!.textContent;
      const parsed = await Promise.resolve(parseBibtex(entry));
      if (parsed.errors.length > 0 || parsed.entries.length !== 1)
        problems.push(`${slug}: ${JSON.stringify(parsed.errors)}`);
    }
    expect(problems).toEqual([]);
  });
});
