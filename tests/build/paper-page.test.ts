import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { HOSTILE_PAPER as hostile, sharedSite, SITE_URL } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/** The BibTeX a reader sees in the Cite block (node-html-parser keeps a `<pre>`'s content raw). */
const bibtexOf = (html: HTMLElement) => parse(html.querySelector('.cite pre.bibtex')!.innerHTML).text;

/**
 * Papers' pages of the shared listings site (tests/helpers/shared-sites.ts): a Hugging Face day, a
 * real arXiv API page with a published paper, and a paper whose every field tries to break out of
 * the HTML, the JSON-LD or the BibTeX it lands in (HOSTILE_PAPER), among others.
 */
describe('a paper’s page', () => {
  let site: SiteUnderTest;
  let output: string;
  const page = (slug: string) => site.html(`papers/${slug}/index.html`);
  const meta = (html: HTMLElement, key: string) =>
    html.querySelectorAll(`meta[name="${key}"], meta[property="${key}"]`).map((tag) => tag.getAttribute('content'));
  const hostileSlug = async () =>
    (await site.files('dist/papers')).find((file) => file.startsWith('the-script'))!.replace(/\/.*$/, '');

  beforeAll(async () => {
    ({ site, output } = await sharedSite('listings'));
  });

  test('tells search engines and link previews what the paper is', async () => {
    const html = await page('2503.00042');
    const title = html.querySelector('h1')!.textContent;
    expect(html.querySelector('title')!.textContent).toBe(title);
    expect(meta(html, 'description')[0]).toMatch(/^Reasoning traces wrapped in <think> tags/);
    expect(html.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(`${SITE_URL}/papers/2503.00042/`);
    expect(meta(html, 'og:type')).toEqual(['article']);
    expect(meta(html, 'og:url')).toEqual([`${SITE_URL}/papers/2503.00042/`]);
    expect(meta(html, 'og:title')).toEqual([title]);
    expect(meta(html, 'twitter:card')).toEqual(['summary']);
  });

  test('carries Google Scholar’s citation tags', async () => {
    const html = await page('2503.00042');
    expect(meta(html, 'citation_title')).toEqual([html.querySelector('h1')!.textContent]);
    expect(meta(html, 'citation_author')).toEqual(['Ana Souza', 'Hidden Person']);
    expect(meta(html, 'citation_publication_date')).toEqual(['2025/03/04']);
    expect(meta(html, 'citation_pdf_url')).toEqual(['https://arxiv.org/pdf/2503.00042']);
    expect(meta(html, 'citation_arxiv_id')).toEqual(['2503.00042']);
  });

  test('says where an arXiv paper was published, and gives its DOI to readers and reference managers', async () => {
    const html = await page('2307.00099');
    const published = html.querySelector('.paper-extras .published')!;
    expect(published.textContent.replace(/\s+/g, ' ').trim()).toBe(
      'Published in Exp Astron 59, 7 (2025). DOI: 10.1007/s10686-024-09975-3',
    );
    expect(published.querySelector('a')!.getAttribute('href')).toBe('https://doi.org/10.1007/s10686-024-09975-3');
    expect(meta(html, 'citation_doi')).toEqual(['10.1007/s10686-024-09975-3']);
    expect(bibtexOf(html)).toContain('  doi = {10.1007/s10686-024-09975-3},\n');
    // A paper without them says nothing of the kind.
    expect((await page('2503.00042')).querySelector('.published')).toBeNull();
  });

  test('describes itself as a ScholarlyArticle in JSON-LD that parses', async () => {
    const html = await page('2503.00042');
    const article = JSON.parse(html.querySelector('script[type="application/ld+json"]')!.textContent) as Record<
      string,
      unknown
    >;
    expect(article['@type']).toBe('ScholarlyArticle');
    expect(article['headline']).toBe(html.querySelector('h1')!.textContent);
    expect(article['url']).toBe(`${SITE_URL}/papers/2503.00042/`);
    expect(article['datePublished']).toBe('2025-03-04');
    expect(article['author']).toEqual([
      { '@type': 'Person', name: 'Ana Souza' },
      { '@type': 'Person', name: 'Hidden Person' },
    ]);
  });

  test('offers a BibTeX entry that works without JavaScript', async () => {
    const html = await page('2503.00042');
    const entry = bibtexOf(html);
    expect(entry).toMatch(/^@misc\{2503\.00042,\n/);
    for (const field of [
      'eprint = {2503.00042}',
      'archivePrefix = {arXiv}',
      // Names as `Last, First`, as arXiv's BibTeX export writes them.
      'author = {Souza, Ana and Person, Hidden}',
    ]) {
      expect(entry).toContain(field);
    }
    expect(html.querySelector('.cite button[data-copy]')!.hasAttribute('hidden')).toBe(true);
  });

  test('keeps hostile text inert in every place it appears', async () => {
    const html = await page(await hostileSlug());
    // The page's own scripts only, and no element made of the text: it is all text and attribute values.
    // (The first, untyped, applies a remembered theme; it holds no paper text.)
    const scripts = html.querySelectorAll('script');
    // The theme line, the JSON-LD, the Save button's module and the site's.
    expect(scripts.map((script) => script.getAttribute('type') ?? 'classic')).toEqual([
      'classic',
      'application/ld+json',
      'module',
      'module',
    ]);
    expect(scripts[0]!.textContent).toContain("localStorage.getItem('paperboy-theme')");
    expect(scripts[0]!.textContent).not.toMatch(/alert|Quote/);
    expect(html.querySelectorAll('b')).toHaveLength(0);
    expect(html.querySelectorAll('title')).toHaveLength(1);
    expect(meta(html, 'citation_title')).toEqual([
      'The </script><script>alert(1)</script> "Quote" & {Brace} Study of x^2 Priors',
    ]);
    const article = JSON.parse(html.querySelector('script[type="application/ld+json"]')!.textContent) as {
      headline: string;
      author: { name: string }[];
    };
    expect(article.headline).toContain('</script><script>alert(1)</script> "Quote"');
    expect(article.author.map((author) => author.name)).toEqual(hostile.authors);
    expect(meta(html, 'citation_author')).toEqual(hostile.authors);
    expect(meta(html, 'description')).toEqual(['We study α priors in depth.']);
    const entry = bibtexOf(html);
    // Markup characters print as themselves: LaTeX's own names for them, a formula kept as TeX.
    expect(entry).toContain('\\textbraceleft{}Brace\\textbraceright{} Study of {$x^2$} Priors');
    expect(entry).toContain(
      'author = {Smith, Eve "\\textless{}/title\\textgreater{}" and \\textless{}b\\textgreater{}Bold\\textless{}/b\\textgreater{}, Bo}',
    );
  });

  test('leads to the papers before and after it on its day, in the day page’s order', async () => {
    const day = await site.html('days/2025-03-04/index.html');
    const order = day.querySelectorAll('.paper-card-title a').map((a) => a.getAttribute('href'));
    expect(order.length).toBeGreaterThanOrEqual(3);
    const middle = await site.html(`${order[1]!.slice(1)}index.html`);
    expect(middle.querySelector('.paper-nav a[rel=prev]')!.getAttribute('href')).toBe(order[0]);
    expect(middle.querySelector('.paper-nav a[rel=next]')!.getAttribute('href')).toBe(order[2]);
    const first = await site.html(`${order[0]!.slice(1)}index.html`);
    expect(first.querySelector('.paper-nav a[rel=prev]')).toBeNull();
  });

  test('has a title of at most 70 characters on every page, and no localhost address anywhere', async () => {
    for (const file of (await site.files('dist')).filter((name) => /\.(html|xml|txt)$/.test(name))) {
      const text = await readFile(join(site.dir, 'dist', file), 'utf8');
      expect(text, file).not.toContain('localhost');
      if (file.endsWith('.html')) {
        expect(parse(text).querySelector('title')!.text.length, file).toBeLessThanOrEqual(70);
      }
    }
    expect(output).not.toContain('SITE_URL is not set');
  });
});

test('a build without SITE_URL says what will point at localhost', async () => {
  // The shared generated site is built by `npm run build` with no SITE_URL.
  const { output } = await sharedSite('generated');
  expect(output).toContain(
    'SITE_URL is not set, so canonical links, Open Graph tags, the RSS feed, the sitemaps and robots.txt point at http://localhost:4321',
  );
});
