import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { openSiteSearch } from '../helpers/pagefind.ts';
import { entriesFrom, sharedSite, SITE_URL } from '../helpers/shared-sites.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/** The text a reader sees in an element: KaTeX's MathML, the search copy and screen-reader labels left out. */
function visibleText(element: HTMLElement): string {
  const copy = element.clone() as HTMLElement;
  copy.querySelectorAll('.katex-mathml, .math-text, .visually-hidden').forEach((node) => node.remove());
  return copy.textContent.replace(/\s+/g, ' ').trim();
}

/**
 * Pages carry two small scripts of the site's own: the line that applies a remembered theme before
 * the first paint, and the site script (offline reading, the `/` shortcut, copy buttons, the theme
 * toggle). No math JavaScript. Data for machines (a paper's JSON-LD) runs nothing.
 */
function expectOnlyTheSiteScript(page: HTMLElement): void {
  // The Save button's own bundled module (src/components/SaveButton.astro) is the site's too.
  const scripts = page
    .querySelectorAll('script')
    .filter((script) => script.getAttribute('type') !== 'application/ld+json')
    .filter((script) => !/\/_astro\/SaveButton\.[^/]+\.js$/.test(script.getAttribute('src') ?? ''));
  expect(scripts).toHaveLength(2);
  const [theme, site] = scripts as [HTMLElement, HTMLElement];
  expect(theme.textContent).toContain("localStorage.getItem('paperboy-theme')");
  expect(theme.textContent.length).toBeLessThan(400);
  expect(site.getAttribute('src')).toBeFalsy();
  expect(site.textContent).toContain('serviceWorker');
  for (const script of scripts) expect(script.textContent).not.toMatch(/katex/i);
}

describe('the import of a listing with math and hostile text', () => {
  let site: SiteUnderTest;
  let output: string;

  beforeAll(async () => {
    site = await createSite({ 'listing.txt': fixturePath('listing/hostile-and-math.txt') });
    output = await site.importPapers();
  });
  afterAll(() => site.remove());

  test('reports what it read, wrote and skipped, naming the bad record', () => {
    expect(output).toContain('4 papers read from 1 file: 4 written, 0 unchanged, 1 skipped');
    expect(output).toContain('4 imported, 1 skipped, 1 cleaned');
    expect(output).toMatch(/content\/sources\/listing\.txt, line \d+: expected a "·" line/);
    expect(output).toMatch(/\.mdx: invalid LaTeX, shown as its source: \\frac\{1\}\{ \(KaTeX parse error/);
  });

  test('changes no file when it runs again', async () => {
    const before = await site.files('content/papers');
    expect(await site.importPapers()).toContain('4 papers read from 1 file: 0 written, 4 unchanged');
    expect(await site.files('content/papers')).toEqual(before);
  });

  test('keeps every permalink when an earlier paper with the same title is added', async () => {
    const before = (await site.files('content/papers')).filter((file) => file.endsWith('.mdx'));
    const older = [
      'Same Title Twice',
      'A third paper with this title, listed before both.',
      '• 2 authors',
      '·',
      'Jan 1, 2020',
    ];
    await writeFile(join(site.dir, 'content/sources/older.txt'), older.join('\n\n'));
    expect(await site.importPapers()).toContain('5 papers read from 2 files: 1 written, 4 unchanged');
    const after = (await site.files('content/papers')).filter((file) => file.endsWith('.mdx'));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toContain('2020/01/01/same-title-twice-2020-01-01.mdx');
  });
});

/** The listing's papers in the shared listings site (tests/helpers/shared-sites.ts), among the others there. */
describe('a site built from a listing with math and hostile text', () => {
  let site: SiteUnderTest;
  let output: string;
  let listed: { path: string; slug: string }[];

  beforeAll(async () => {
    ({ site, output } = await sharedSite('listings'));
    listed = await entriesFrom(site, 'listing.txt');
  });

  test('writes one page per paper, per day, and the site pages', async () => {
    const papers = await site.files('dist/papers');
    expect(listed.map(({ slug }) => slug).sort()).toEqual([
      'bounds-of-o-e-for-stochastic-descent',
      'same-title-twice',
      'same-title-twice-2025-10-08',
      'untrusted-text-script-alert-title-script-process-exit-1',
    ]);
    for (const { slug } of listed) expect(papers).toContain(`${slug}/index.html`);
    const days = await site.files('dist/days');
    for (const day of ['2025-09-30', '2025-10-06', '2025-10-08']) expect(days).toContain(`${day}/index.html`);
    for (const page of ['index.html', 'archive/index.html', 'search/index.html', '404.html']) {
      expect((await site.html(page)).querySelector('main h1')?.textContent, page).toMatch(/\w/);
    }
    // Pagefind's runtime, whole: it ends by exporting its API.
    expect(await readFile(join(site.dir, 'dist/pagefind/all/pagefind.js'), 'utf8')).toMatch(
      /export\s*\{[^}]*\}\s*;?\s*$/,
    );
  });

  test('typesets math in titles and abstracts at build time', async () => {
    const page = await site.html('papers/bounds-of-o-e-for-stochastic-descent/index.html');
    expect(page.querySelector('h1 .katex')).not.toBeNull();
    expect(page.querySelectorAll('.abstract .katex').length).toBeGreaterThanOrEqual(4);
    expect(page.querySelector('.abstract .katex-display')).not.toBeNull();
    expect(page.querySelector('.katex-error')).toBeNull();
    const text = visibleText(page.querySelector('.abstract')!);
    expect(text).toContain('a lone dollar costs $5 and $10.');
    expect(text.replace('costs $5 and $10', '')).not.toContain('$');
    expectOnlyTheSiteScript(page);
  });

  test('shows hostile text as text and runs none of it', async () => {
    const page = await site.html('papers/untrusted-text-script-alert-title-script-process-exit-1/index.html');
    expect(visibleText(page.querySelector('h1')!)).toBe(
      'Untrusted Text <script>alert("title")</script> {process.exit(1)}',
    );
    const text = visibleText(page.querySelector('.abstract')!);
    for (const literal of [
      'Abstracts may contain {process.exit(1)} and <script>alert(1)</script> and </div> and <think> tags.',
      'import fs from "node:fs"',
      'export const pwned = process.exit(1)',
      '---',
      '```js',
      'A broken formula $\\frac{1}{$ stays as text.',
    ]) {
      expect(text).toContain(literal);
    }
    expect(page.querySelectorAll('main script:not([src]), think')).toHaveLength(0);
    expectOnlyTheSiteScript(page);
  });

  test('gives papers with the same title different permalinks', async () => {
    const pages = await site.files('dist/papers');
    expect(pages).toContain('same-title-twice/index.html');
    expect(pages).toContain('same-title-twice-2025-10-08/index.html');
  });

  test('lists a day by upvotes and links each paper to its day', async () => {
    const day = await site.html('days/2025-10-06/index.html');
    const titles = day.querySelectorAll('.paper-card-title').map((node) => visibleText(node));
    expect(titles[0]).toMatch(/^Untrusted Text/);
    expect(titles[1]).toMatch(/^Bounds of O/);
    const paper = await site.html('papers/same-title-twice/index.html');
    expect(paper.querySelector('.paper-meta a')!.getAttribute('href')).toBe('/days/2025-09-30/');
  });

  test('indexes every paper, with formulas in plain form and the typeset title for results', async () => {
    const search = await openSiteSearch(join(site.dir, 'dist'));
    try {
      const [found] = await search.search('stochastic descent');
      expect(found!.url).toBe('/papers/bounds-of-o-e-for-stochastic-descent/');
      expect(found!.meta['title']).toBe('Bounds of O(ε) for Stochastic Descent');
      expect(found!.meta['title_html']).toContain('class="katex"');
      expect((await search.search('O(ε)')).map((page) => page.url)).toContain(found!.url);
      const all = await search.search(null, { sort: { date: 'desc' }, limit: 1000 });
      const papers = (await site.files('dist/papers')).filter((file) => /^[^/]+\/index\.html$/.test(file));
      expect(all.map((page) => page.url).sort()).toEqual(papers.map((file) => `/papers/${file.slice(0, -10)}`).sort());
    } finally {
      await search.close();
    }
  });

  test('serves KaTeX styles and fonts from the site itself', async () => {
    const page = await site.html('papers/bounds-of-o-e-for-stochastic-descent/index.html');
    const sheets = page.querySelectorAll('link[rel=stylesheet]').map((link) => link.getAttribute('href')!);
    expect(sheets).toContain('/katex/katex.css');
    expect(sheets.every((href) => href.startsWith('/'))).toBe(true);
    const css = (await Promise.all(sheets.map((href) => readFile(join(site.dir, 'dist', href), 'utf8')))).join('');
    expect(css).toContain('.katex');
    expect(css).toContain('url(fonts/KaTeX_Main-Regular.woff2)');
    expect(css).not.toMatch(/url\(["']?https?:/);
    // The fonts nearly every formula needs come with the stylesheet, from this site too.
    const preloaded = page.querySelectorAll('link[rel=preload][as=font]').map((link) => link.getAttribute('href')!);
    expect(preloaded).toEqual(['/katex/fonts/KaTeX_Main-Regular.woff2', '/katex/fonts/KaTeX_Math-Italic.woff2']);
    for (const font of preloaded)
      expect((await readFile(join(site.dir, 'dist', font))).subarray(0, 4).toString()).toBe('wOF2');
  });

  test('builds no warnings into the output besides the reported LaTeX', () => {
    // The site stage's own lines: neither the import's (which reports the LaTeX) nor the build
    // command's, nor the list of the pages written (a paper's title may well hold the word "error").
    const siteStage = output.split('\n').filter((line) => !/^\[(?:import|build)\] |[├└]─ \//.test(line));
    expect(siteStage.join('\n')).not.toMatch(/\[WARN\]|error/i);
  });
});

describe('a site built under a base path', () => {
  let site: SiteUnderTest;

  beforeAll(async () => {
    ({ site } = await sharedSite('rendering'));
  });

  test('puts every internal link and asset under the base path', async () => {
    for (const path of [
      'index.html',
      'days/2025-10-06/index.html',
      'papers/same-title-twice/index.html',
      'search/index.html',
    ]) {
      const page = await site.html(path);
      const urls = [
        ...page.querySelectorAll('a[href]').map((a) => a.getAttribute('href')!),
        ...page
          .querySelectorAll('link[href], script[src]')
          .map((el) => el.getAttribute('href') ?? el.getAttribute('src')!),
        ...page.querySelectorAll('form[action]').map((form) => form.getAttribute('action')!),
      ].filter((href) => !href.startsWith('http') && !href.startsWith('#'));
      expect(urls.length).toBeGreaterThan(3);
      for (const href of urls) expect(href).toMatch(/^\/daily\//);
    }
    const search = await site.html('search/index.html');
    const config = JSON.parse(search.querySelector('#search-config')!.textContent) as {
      primary: { bundlePath: string };
    };
    expect(config.primary.bundlePath).toBe('/daily/pagefind/all/');
    const home = await site.html('index.html');
    expect(home.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(`${SITE_URL}/daily/`);
  });

  test('publishes an RSS feed, a sitemap and robots.txt with absolute URLs under the base path', async () => {
    const feed = await site.read('dist/rss.xml');
    const links = [...feed.matchAll(/<link>([^<]+)<\/link>/g)].map((match) => match[1]);
    expect(links).toContain(`${SITE_URL}/daily/papers/same-title-twice/`);
    expect(feed).toContain('<title>Bounds of O(ε) for Stochastic Descent</title>');
    expect(feed).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    const sitemap = await site.read('dist/sitemap-0.xml');
    expect(sitemap).toContain(`<loc>${SITE_URL}/daily/papers/same-title-twice/</loc>`);
    expect(sitemap).not.toContain('/offline/');
    expect(await site.read('dist/robots.txt')).toContain(`Sitemap: ${SITE_URL}/daily/sitemap-index.xml`);
  });
});
