import type { HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { searchBuiltSite } from '../helpers/pagefind.ts';
import { entriesFrom, LISTINGS_NOTED, sharedSite } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

const text = (element: HTMLElement | null) => element?.textContent.replace(/\s+/g, ' ').trim();

/**
 * Two Hugging Face daily dumps and a record with no abstract in the shared listings site
 * (tests/helpers/shared-sites.ts), with notes in one entry, among the other listings.
 */
describe('a site built from Hugging Face daily dumps', () => {
  let site: SiteUnderTest;
  let output: string;

  beforeAll(async () => {
    ({ site, output } = await sharedSite('listings'));
  });

  test('imports every record of the dumps as it is: none skipped, none cleaned', async () => {
    expect(await entriesFrom(site, '2025-03-04.json')).toHaveLength(2);
    expect(await entriesFrom(site, '2024-02-01.json')).toHaveLength(1);
    expect(output).not.toMatch(/2025-03-04\.json|2024-02-01\.json/);
  });

  test('has one day page per listing date, each with all of that day’s papers by upvotes', async () => {
    const days = await site.files('dist/days');
    expect(days).toContain('2024-02-01/index.html');
    expect(days).toContain('2025-03-04/index.html');
    const day = await site.html('days/2025-03-04/index.html');
    const entries = (await site.files('content/papers/2025/03/04')).filter((file) => file.endsWith('.mdx'));
    const titles = day.querySelectorAll('.paper-card-title').map((title) => text(title));
    expect(titles).toHaveLength(entries.length);
    // The dump's two papers, the most upvoted of the day, first.
    expect(titles.slice(0, 2)).toEqual([
      'Scaling Laws for Sparse Mixture-of-Experts under a Fixed Compute Budget',
      '<think> Tokens Are All You Need? Reasoning in {0,1}-Valued Networks',
    ]);
    expect(day.querySelectorAll('.paper-card .upvotes').map((votes) => text(votes))).toEqual([
      '▲ 42 upvotes',
      '▲ 7 upvotes',
      '▲ 1 upvote',
    ]);
    expect(text(day.querySelector('.paper-card .authors'))).toBe('Zoë Łukasiewicz, Jiří Novák, 王小明');
  });

  test('shows real author names, upvotes, links and what Hugging Face adds on a paper page', async () => {
    const page = await site.html('papers/2503.01234/index.html');
    expect(text(page.querySelector('.authors'))).toBe('Zoë Łukasiewicz, Jiří Novák, 王小明');
    expect(text(page.querySelector('.organization'))).toBe('Example Lab');
    expect(text(page.querySelector('.paper-meta'))).toContain('▲ 42');
    expect(text(page.querySelector('.paper-meta'))).toContain('3 comments');
    const links = Object.fromEntries(
      page.querySelectorAll('.paper-links a').map((a) => [text(a), a.getAttribute('href')]),
    );
    expect(links).toEqual({
      arXiv: 'https://arxiv.org/abs/2503.01234',
      PDF: 'https://arxiv.org/pdf/2503.01234',
      'Hugging Face': 'https://huggingface.co/papers/2503.01234',
      'Code ★ 128': 'https://github.com/example/sparse-scaling',
      'Project page': 'https://example.github.io/sparse-scaling',
    });
    expect(text(page.querySelector('.ai-summary p'))).toBe(
      'Sparse experts follow a steeper power law than dense models under fixed compute.',
    );
    expect(page.querySelectorAll('.keywords li').map((li) => text(li))).toEqual([
      'mixture-of-experts',
      'scaling laws',
      'sparsity',
    ]);
    expect(text(page.querySelector('.submitter'))).toBe('Submitted to the daily list by Zoë Łukasiewicz');
  });

  test('shows the abstract, then the machine-written summary, then the maintainer’s notes', async () => {
    const page = await site.html('papers/2503.01234/index.html');
    const sections = page.querySelectorAll('.paper > .abstract, .paper > .ai-summary, .paper > .notes');
    expect(sections.map((section) => section.classList.value[0])).toEqual(['abstract', 'ai-summary', 'notes']);
    expect(text(page.querySelector('.ai-summary h2'))).toBe('AI summary (machine-written, from the source)');
    expect(text(page.querySelector('.notes'))).toBe(`Notes ${LISTINGS_NOTED.notes}`);
    expect(text(page.querySelector('.abstract'))).not.toContain('reading group');
  });

  test('typesets the macros Hugging Face left in the abstract', async () => {
    const page = await site.html('papers/2503.01234/index.html');
    const formulas = page.querySelectorAll('.abstract .katex annotation').map((formula) => formula.textContent);
    expect(formulas).toEqual(['{\\sigma}', '1.67\\times']);
    expect(page.querySelector('.abstract a[href="https://github.com/example/sparse-scaling"]')).not.toBeNull();
  });

  test('makes every paper searchable, with an abstract or without', async () => {
    const dist = `${site.dir}/dist`;
    expect(await searchBuiltSite(dist, 'talk abstract')).toEqual(['/papers/a-talk-with-no-abstract/']);
    expect(await searchBuiltSite(dist, 'Łukasiewicz')).toContain('/papers/2503.01234/');
  });
});
