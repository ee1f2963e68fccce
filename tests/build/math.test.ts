import { readFileSync } from 'node:fs';
import type { HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { sharedSite } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/** The fixture's arXiv ids, in the order of its entries. */
const arxivIds = [
  ...readFileSync(fixturePath('arxiv/real-abstracts.xml'), 'utf8').matchAll(
    /<id>http:\/\/arxiv\.org\/abs\/(.+?)v\d+<\/id>/g,
  ),
].map((match) => match[1]!);
/** A paper's page from its arXiv id (old-style ids keep their archive: `astro-ph-0107018`). */
const pageOf = (arxivId: string) => `papers/${arxivId.replace('/', '-')}/index.html`;

/** What a reader sees of an element's text, formulas left out. */
function proseOf(element: HTMLElement): string {
  const copy = element.clone() as HTMLElement;
  for (const formula of copy.querySelectorAll('.katex, .math-source')) formula.remove();
  return copy.textContent;
}

/** The real abstracts in the shared rendering site (tests/helpers/shared-sites.ts), among other entries. */
describe('math of real arXiv abstracts', () => {
  let site: SiteUnderTest;
  let importOutput: string;

  beforeAll(async () => {
    ({ site, output: importOutput } = await sharedSite('rendering'));
  });

  test('typesets at least 99% of formulas, and shows no KaTeX error anywhere', async () => {
    let typeset = 0;
    let asSource = 0;
    expect(arxivIds).toHaveLength(21);
    for (const arxivId of arxivIds) {
      const page = await site.html(pageOf(arxivId));
      const html = await site.read(`dist/${pageOf(arxivId)}`);
      expect(html, arxivId).not.toMatch(/katex-error|#cc0000/);
      typeset += page.querySelectorAll('.abstract .katex, h1 .katex').length;
      asSource += page.querySelectorAll('.abstract .math-source, h1 .math-source').length;
      // No formula left as raw `$…$` in the prose.
      expect(proseOf(page.querySelector('.abstract')!), arxivId).not.toContain('$');
    }
    expect(typeset).toBeGreaterThan(80);
    expect(typeset / (typeset + asSource)).toBeGreaterThanOrEqual(0.99);
  });

  test('shows authors’ macros as notation, and an unknown one as its name', async () => {
    const stars = await site.html(pageOf('astro-ph/0107018'));
    expect(
      stars.querySelectorAll('.abstract .katex-html').filter((formula) => formula.textContent.includes('⊙')),
    ).toHaveLength(5);
    const survey = await site.html(pageOf('astro-ph/9503116'));
    expect(survey.querySelectorAll('.abstract .math-unknown').map((name) => name.textContent)).toEqual(['\\zmed']);
    expect(importOutput).toMatch(/\\zmed: a TeX command KaTeX does not know, shown as its name in 1 paper/);
    // None of these records is skipped or cleaned, and none of their formulas is invalid LaTeX.
    expect(importOutput).not.toContain('content/sources/real.xml');
    const invalid = importOutput.split('\n').filter((line) => line.includes('invalid LaTeX'));
    for (const arxivId of arxivIds) {
      expect(
        invalid.filter((line) => line.includes(`/${arxivId.replace('/', '-')}.mdx`)),
        arxivId,
      ).toEqual([]);
    }
    // TeX prose in titles and abstracts reads as typography: dashes, spacing commands, font switches.
    expect((await site.html(pageOf('astro-ph/9409061'))).querySelector('h1')!.textContent).toBe(
      'Galaxy Evolution from QSO Absorption–Selected Samples',
    );
    const lhcb = (await site.html(pageOf('1803.10974'))).querySelector('.abstract')!.textContent;
    expect(lhcb).toContain('energy of 13 TeV');
    expect(proseOf(survey.querySelector('.abstract')!)).not.toMatch(/\\[,a-z]|[{}]/);
    const alice = proseOf((await site.html(pageOf('1612.08966'))).querySelector('.abstract')!);
    expect(alice).toContain('model calculations — none of which');
  });

  test('typesets equation environments written outside dollars as display math', async () => {
    const page = await site.html(pageOf('1806.00488'));
    expect(page.querySelectorAll('.abstract .katex-display')).toHaveLength(2);
    expect(proseOf(page.querySelector('.abstract')!)).not.toContain('\\begin');
  });
});
