import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

const sample = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;

describe('the site built from the bundled sample listing', () => {
  let site: SiteUnderTest;
  let output: string;

  beforeAll(async () => {
    site = await createSite({ 'daily-papers-listing.txt': sample });
    output = (await site.importPapers()) + (await site.build());
  });
  afterAll(() => site.remove());

  test('imports all 34 papers', () => {
    expect(output).toContain('34 papers read from 1 file: 34 written, 0 unchanged, 0 skipped');
  });

  test('has 34 paper pages, 34 day pages and the site pages', async () => {
    const pages = (path: string) =>
      site.files(`dist/${path}`).then((files) => files.filter((f) => f.endsWith('index.html')));
    expect(await pages('papers')).toHaveLength(34);
    expect(await pages('days')).toHaveLength(34);
    for (const page of ['index.html', 'archive/index.html', 'search/index.html', '404.html']) {
      expect((await site.html(page)).querySelector('main h1')?.textContent, page).toMatch(/\w/);
    }
    const entry = JSON.parse(await site.read('dist/pagefind/all/pagefind-entry.json')) as {
      languages: Record<string, { page_count: number }>;
    };
    expect(entry.languages['en']!.page_count).toBe(34);
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
    const pages = (await site.files('dist/papers')).filter((f) => f.endsWith('index.html'));
    let formulas = 0;
    for (const path of pages) {
      const page = await site.html(`papers/${path}`);
      const abstract = page.querySelector('.abstract')!;
      formulas += abstract.querySelectorAll('.katex').length;
      expect(abstract.querySelector('.katex-error'), path).toBeNull();
      abstract.querySelectorAll('.katex').forEach((node) => node.remove());
      const prose = abstract.textContent;
      expect(prose.replace(/\$\d/g, ''), path).not.toContain('$');
      expect(prose, path).not.toMatch(/mathcal\{|varepsilon|\\[a-z]+/);
    }
    expect(formulas).toBeGreaterThanOrEqual(50);
  });

  test('shows the organization and upvotes the listing gives', async () => {
    const page = await site.html(
      'papers/small-gain-nash-certified-contraction-to-nash-equilibria-in-differentiable-games/index.html',
    );
    expect(page.querySelector('.organization')!.textContent).toBe('Lossfunk');
    expect(page.querySelector('.upvotes')!.textContent).toContain('2');
    const home = await site.html('index.html');
    expect(home.querySelector('h1')!.textContent).toBe('Papers of December 7, 2025');
  });
});
