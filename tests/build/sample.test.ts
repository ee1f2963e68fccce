import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { entriesFrom, sharedSite } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/** The sample listing's papers, in the shared listings site (tests/helpers/shared-sites.ts), with the others there. */
describe('the site built from the bundled sample listing', () => {
  let site: SiteUnderTest;
  let output: string;
  let sample: { path: string; slug: string }[];

  beforeAll(async () => {
    ({ site, output } = await sharedSite('listings'));
    sample = await entriesFrom(site, 'daily-papers-listing.txt');
  });

  test('imports all 34 papers', () => {
    expect(sample).toHaveLength(34);
    // Not one of its records is skipped or cleaned.
    expect(output).not.toContain('daily-papers-listing.txt');
  });

  test('has a page for each of its 34 papers and 34 days, and the site pages', async () => {
    const days = new Set(sample.map(({ path }) => path.split('/').slice(2, 5).join('-')));
    expect(days.size).toBe(34);
    for (const { slug } of sample)
      expect(existsSync(join(site.dir, 'dist/papers', slug, 'index.html')), slug).toBe(true);
    for (const day of days) expect(existsSync(join(site.dir, 'dist/days', day, 'index.html')), day).toBe(true);
    for (const page of ['index.html', 'archive/index.html', 'search/index.html', '404.html']) {
      expect((await site.html(page)).querySelector('main h1')?.textContent, page).toMatch(/\w/);
    }
    // Every paper is in the search index.
    const papers = (await site.files('dist/papers')).filter((file) => /^[^/]+\/index\.html$/.test(file));
    const entry = JSON.parse(await site.read('dist/pagefind/all/pagefind-entry.json')) as {
      languages: Record<string, { page_count: number }>;
    };
    expect(entry.languages['en']!.page_count).toBe(papers.length);
  });

  test('links KaTeX’s stylesheet from the pages with math only; its fonts swap in and are all there', async () => {
    const pages = (await site.files('dist')).filter((file) => file.endsWith('.html'));
    const withMath: string[] = [];
    for (const file of pages) {
      const html = await site.read(`dist/${file}`);
      const linked = html.includes('<link rel="stylesheet" href="/katex/katex.css">');
      expect(linked, file).toBe(html.includes('class="katex"'));
      if (linked) withMath.push(file);
    }
    expect(withMath.length).toBeGreaterThan(10);
    expect(pages.length - withMath.length).toBeGreaterThan(10);
    const css = await site.read('dist/katex/katex.css');
    expect(css).not.toContain('font-display:block');
    const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]!);
    expect(fonts).toHaveLength(20);
    expect(css.match(/font-display:swap/g)).toHaveLength(20);
    for (const font of fonts) expect(existsSync(join(site.dir, 'dist/katex', font)), font).toBe(true);
    // The site's own stylesheet, on every page, carries none of KaTeX's.
    for (const file of (await site.files('dist/_astro')).filter((name) => name.endsWith('.css'))) {
      expect(await site.read(`dist/_astro/${file}`)).not.toContain('@font-face');
    }
  });

  test('typesets every formula: no KaTeX errors, no stray dollars, no unrestored macros', async () => {
    let formulas = 0;
    for (const { slug } of sample) {
      const page = await site.html(`papers/${slug}/index.html`);
      const abstract = page.querySelector('.abstract')!;
      formulas += abstract.querySelectorAll('.katex').length;
      expect(abstract.querySelector('.katex-error'), slug).toBeNull();
      abstract.querySelectorAll('.katex').forEach((node) => node.remove());
      const prose = abstract.textContent;
      expect(prose.replace(/\$\d/g, ''), slug).not.toContain('$');
      expect(prose, slug).not.toMatch(/mathcal\{|varepsilon|\\[a-z]+/);
    }
    expect(formulas).toBeGreaterThanOrEqual(50);
  });

  test('shows the organization and upvotes the listing gives', async () => {
    const page = await site.html(
      'papers/small-gain-nash-certified-contraction-to-nash-equilibria-in-differentiable-games/index.html',
    );
    expect(page.querySelector('.organization')!.textContent).toBe('Lossfunk');
    expect(page.querySelector('.upvotes')!.textContent).toContain('2');
    // Its newest day is the site's.
    const home = await site.html('index.html');
    expect(home.querySelector('h1')!.textContent).toBe('Papers of December 7, 2025');
  });
});
