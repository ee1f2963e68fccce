import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { join } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSiteSearch, type SiteSearch } from '../helpers/pagefind.ts';
import { COLLABORATION, CORPUS_BUILT, CORPUS_FILES, sharedSite, WHOLE_CORPUS } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/*
 * The real corpus (tests/fixtures/corpus/, SOURCES.md): 3,301 papers from Hugging Face, daily-arXiv,
 * arXiv's Atom and OAI-PMH responses, the Kaggle snapshot and a hep-th listing bot, imported and
 * built as a maintainer would, then read as a reader and a reference manager read the pages. With
 * them a big collaboration, COLLABORATION. The site is the shared corpus site (tests/helpers/shared-sites.ts):
 * a slice of about 640 papers, one or more files of every source, in `npm test`; all of it in
 * `npm run test:corpus`.
 */

/** Papers the tests below look at, each with the corpus file it comes from. */
const KNOWN_PAPERS: Record<string, string> = {
  '2406.12793': 'hf/2024-06-19.json',
  '2605.08246': 'daily-arxiv/2026-05-12.jsonl',
  '0704.0001': 'arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json',
  '0704.0200': 'arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json',
  '2607.16762': 'arxiv/daily-arxiv-math-RT/2026-07-21.jsonl',
  '2606.28110': 'arxiv/atom/math_2026-06-29_arxiv_feed.xml',
  '0704.0062': 'arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json',
  '0704.0199': 'arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json',
  '2510.12838': 'hf/2025-10-20.json',
  '2506.14245': 'hf/2025-06-18.json',
  '2510.15262': 'hf/2025-10-20.json',
};

/** The fewest paper pages, and math pages, the corpus files built give (3,301 and 1,369 of them all). */
const AT_LEAST = WHOLE_CORPUS ? { papers: 3_250, mathPages: 900 } : { papers: 630, mathPages: 150 };

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
    ({ site, output } = await sharedSite('corpus'));
    for (const slug of await site.files('dist/papers')) {
      if (!slug.endsWith('/index.html') || slug.split('/').length !== 2) continue;
      const html = await site.read(`dist/papers/${slug}`);
      pages.set(slug.split('/')[0]!, { html, page: parse(html) });
    }
    search = await openSiteSearch(join(site.dir, 'dist'));
  });
  afterAll(async () => {
    await search?.close();
  });

  test('reads every file, in every format, and publishes every paper', () => {
    expect(CORPUS_FILES).toHaveLength(39);
    expect(output).not.toMatch(/unreadable|format not recognised|file skipped/);
    // Every distinct paper, and the collaboration; a few are in two sources and become one entry.
    expect(pages.size).toBeGreaterThanOrEqual(AT_LEAST.papers);
    const built = Object.keys(KNOWN_PAPERS).filter((id) => CORPUS_BUILT.includes(KNOWN_PAPERS[id]!));
    for (const id of [...built, COLLABORATION.id]) expect(pages.has(id), id).toBe(true);
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
    expect(mathPages.length).toBeGreaterThan(AT_LEAST.mathPages);
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
    const { page } = pages.get(COLLABORATION.id)!;
    const byline = page.querySelector('.byline')!;
    // The collaborations' names before the colon stay one name.
    expect(byline.querySelectorAll('.authors > a').map((link) => link.textContent)).toEqual([
      'The CMS and LHCb Collaborations',
      ...COLLABORATION.names.slice(0, 19),
    ]);
    expect(byline.querySelector('details summary')!.textContent).toBe('and 2,812 more authors');
    expect(byline.querySelector('details')!.textContent).toContain(COLLABORATION.names.at(-1));
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
