import { beforeAll, describe, expect, test } from 'vitest';
import { normalizeHtml } from '../helpers/html.ts';
import { MDX_TWIN_SUFFIX, RENDERING_NOTED, sharedSite } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/**
 * Entries the import writes are typeset by Paperboy's fast path; an entry with MDX-only syntax is
 * compiled by Astro's MDX. Both must show a reader the same thing: every entry of the shared
 * rendering site (tests/helpers/shared-sites.ts) has a twin whose only difference is an empty MDX
 * expression at the end, which sends it through MDX.
 */
describe('the fast path and Astro’s MDX', () => {
  let site: SiteUnderTest;
  /** Every entry's slug but the twins'. */
  let slugs: string[];
  let buildOutput: string;
  /** The entry whose notes import a component and write JSX (its twin has no notes). */
  const noted = RENDERING_NOTED.replace(/^.*\//, '').replace(/\.mdx$/, '');

  beforeAll(async () => {
    ({ site, output: buildOutput } = await sharedSite('rendering'));
    slugs = (await site.files('content/papers'))
      .filter((path) => path.endsWith('.mdx') && !path.endsWith(`${MDX_TWIN_SUFFIX}.mdx`))
      .map((path) => path.replace(/^.*\//, '').replace(/\.mdx$/, ''));
  });

  const abstract = async (slug: string) => {
    const page = await site.html(`papers/${slug}/index.html`);
    return normalizeHtml(page.querySelector('.abstract')!.innerHTML);
  };

  test('give the same HTML for every entry, math, hostile text and links included', async () => {
    expect(slugs.length).toBeGreaterThan(40);
    let withMath = 0;
    for (const slug of slugs.filter((slug) => slug !== noted)) {
      const [fast, mdx] = [await abstract(slug), await abstract(`${slug}${MDX_TWIN_SUFFIX}`)];
      expect(mdx, slug).toBe(fast);
      if (fast.includes('class="katex"')) withMath += 1;
    }
    expect(withMath).toBeGreaterThan(20);
  });

  test('show unknown commands as names and author macros as notation, through MDX too', async () => {
    for (const slug of ['stars', 'stars-mdx']) {
      const page = await site.html(`papers/${slug}/index.html`);
      expect(
        page.querySelectorAll('.abstract .math-unknown').map((name) => name.textContent),
        slug,
      ).toEqual(['\\XQM']);
      expect(page.querySelector('.abstract')!.textContent, slug).toContain('⊙');
    }
    for (const slug of ['definitions', 'definitions-mdx', 'modules', 'modules-mdx']) {
      const html = await site.read(`dist/papers/${slug}/index.html`);
      expect(html, slug).not.toMatch(/katex-error|#cc0000|math-source/);
    }
    // `\gdef` shows as its name and defines nothing: the formula after it is a plain alpha.
    for (const slug of ['definitions', 'definitions-mdx']) {
      const formulas = (await site.html(`papers/${slug}/index.html`)).querySelectorAll('.abstract .katex-html');
      expect(formulas.at(-1)!.textContent, slug).toBe('α');
    }
  });

  test('render notes that import a component and write JSX', async () => {
    const page = await site.html(`papers/${noted}/index.html`);
    expect(page.querySelector('.notes .my-note em')!.textContent).toBe('reading group');
    expect(page.querySelector('.notes .upvotes')!.textContent).toContain('7');
    expect(page.querySelector('.notes h2#notes')!.textContent).toBe('Notes');
    // The abstract comes first, alone in its section; the notes after it.
    expect(page.querySelector('.abstract #notes')).toBeNull();
    expect(page.querySelector('.abstract + .notes, .abstract ~ .notes')).not.toBeNull();
  });

  test('build without errors', () => {
    expect(buildOutput).not.toMatch(/\[ERROR\]/);
  });
});
