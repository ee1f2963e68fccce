import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { firstSearchCost } from '../helpers/browser.ts';
import { SCREENSHOTS } from '../helpers/screenshots.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { servedInBrowser } from '../helpers/served-in-browser.ts';
import { axeViolations } from '../helpers/axe.ts';

const sample = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;

/** The titles of the results, as the reader sees them, once at least one has rendered. */
async function resultTitles(page: Page): Promise<string[]> {
  await page.locator('.search-result-title').first().waitFor();
  return page.locator('.search-result-title').allInnerTexts();
}

async function search(page: Page, query: string): Promise<void> {
  await page.locator('#search-query').fill(query);
  await page.locator('.search-summary', { hasText: `for ${query}` }).waitFor();
}

/** Opens the filters, which sit behind one control. */
async function openFilters(page: Page): Promise<void> {
  const toggle = page.locator('.search-filters-toggle');
  if ((await toggle.getAttribute('open')) === null) await toggle.locator('summary').click();
}

describe('search on the sample site, online', () => {
  let page: Page;
  const served = servedInBrowser({ 'daily-papers-listing.txt': sample });

  test('a word from one title finds that paper first, above abstracts that mention it', async () => {
    page = await served.browser.newPage();
    await page.goto(`${served.server.url}search/`);
    await expect(page.locator('.search-summary').innerText()).resolves.toContain('Type to search');
    await search(page, 'Markov');
    const titles = await resultTitles(page);
    expect(titles[0]).toBe(
      'Horizon-Free and Variance-Dependent Reinforcement Learning for Latent Markov Decision Processes',
    );
    expect(await page.locator('.search-summary').innerText()).toMatch(/^\d+ results for Markov$/);
    expect(page.url()).toBe(`${served.server.url}search/?q=Markov`);
    const first = page.locator('.search-result').first();
    expect(await first.locator('.byline').innerText()).toBe('Oct 20, 2022 · 3 authors');
    await page.screenshot({ path: `${SCREENSHOTS}search-online.png`, fullPage: true });
  });

  test('a result leads to the paper page', async () => {
    await page.locator('.search-result a').first().click();
    await page.waitForURL(/\/papers\/horizon-free-/);
    expect(await page.locator('h1').innerText()).toContain('Latent Markov Decision Processes');
  });

  test('a filter narrows the results, and the back button undoes it', async () => {
    await page.goto(`${served.server.url}search/?q=convergence`);
    await resultTitles(page);
    const all = await page.locator('.search-summary').innerText();
    await openFilters(page);
    await page.locator('.search-filters select[name=year]').selectOption('2023');
    await page.waitForURL(/year=2023/);
    // The first filter loads the facet tables: "Searching…" shows for a moment.
    await page.locator('.search-summary', { hasText: /^\d+ results? for convergence$/, hasNotText: all }).waitFor();
    const narrowed = Number((await page.locator('.search-summary').innerText()).split(' ')[0]);
    expect(narrowed).toBeLessThan(Number(all.split(' ')[0]));
    for (const meta of await page.locator('.search-result .byline').allInnerTexts()) expect(meta).toContain('2023');
    // A closed Filters control still says that a filter is set.
    expect(await page.locator('.search-filters-toggle summary').innerText()).toMatch(/^Filters\s*\(1\)$/);
    await page.goBack();
    await page.locator('.search-summary', { hasText: all }).waitFor();
    expect(page.url()).toBe(`${served.server.url}search/?q=convergence`);
    expect(await page.locator('.search-filters select[name=year]').inputValue()).toBe('');
  });

  test('?q=, filters and the sort in the URL run that search', async () => {
    await page.goto(`${served.server.url}search/?q=convergence&year=2023&sort=newest`);
    const titles = await resultTitles(page);
    expect(titles.length).toBeGreaterThan(1);
    expect(await page.locator('#search-sort').inputValue()).toBe('newest');
    const days = await page
      .locator('.search-result-meta time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime')!));
    expect(days).toEqual([...days].sort().reverse());
    expect(days.every((day) => day.startsWith('2023'))).toBe(true);
  });

  test('a filter alone, with no words, lists every paper it allows', async () => {
    await page.goto(`${served.server.url}search/?year=2019&sort=oldest`);
    const titles = await resultTitles(page);
    expect(titles).toHaveLength(2);
    expect(await page.locator('.search-filters select[name=year]').inputValue()).toBe('2019');
    const days = await page
      .locator('.search-result-meta time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime')!));
    expect(days).toEqual([...days].sort());
    expect(days.every((day) => day.startsWith('2019'))).toBe(true);
    // Back to "Any" with no words: nothing to list.
    await openFilters(page);
    await page.locator('.search-filters select[name=year]').selectOption('');
    await page.locator('.search-summary', { hasText: 'Type to search' }).waitFor();
    expect(await page.locator('.search-result').count()).toBe(0);
    expect(page.url()).toBe(`${served.server.url}search/?sort=oldest`);
  });

  test('sorting by upvotes puts the most upvoted paper first', async () => {
    await page.goto(`${served.server.url}search/?q=games`);
    await resultTitles(page);
    await page.locator('#search-sort').selectOption('upvotes');
    await page.waitForURL(/sort=upvotes/);
    await page.locator('.search-result .upvotes').first().waitFor();
    expect(await page.locator('.search-result-title').first().innerText()).toBe(
      'Small-Gain Nash: Certified Contraction to Nash Equilibria in Differentiable Games',
    );
  });

  test('nothing on the page moves while a search loads and its results arrive', async () => {
    const context = await served.browser.newContext({ viewport: { width: 412, height: 823 } });
    try {
      const fresh = await context.newPage();
      // Layout shifts not caused by the reader, summed as Chrome's Cumulative Layout Shift counts them.
      await fresh.addInitScript(() => {
        (window as unknown as { shift: number }).shift = 0;
        new PerformanceObserver((entries) => {
          for (const entry of entries.getEntries() as (PerformanceEntry & {
            value: number;
            hadRecentInput: boolean;
          })[]) {
            if (!entry.hadRecentInput) (window as unknown as { shift: number }).shift += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await fresh.goto(`${served.server.url}search/?q=learning`);
      await fresh.locator('.search-result-title').first().waitFor();
      await fresh.waitForLoadState('networkidle');
      const shift = await fresh.evaluate(() => (window as unknown as { shift: number }).shift);
      console.log(`Layout shift of the search page: ${shift.toFixed(4)}`);
      expect(shift).toBeLessThan(0.05);
    } finally {
      await context.close();
    }
  });

  test('on a 390×844 phone the query and sort stay in sight, the filters open from one control, and the first result starts in the top 40%', async () => {
    const context = await served.browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });
    try {
      const phone = await context.newPage();
      await phone.goto(`${served.server.url}search/?q=learning`);
      const first = phone.locator('.search-result').first();
      await first.waitFor();
      expect(await first.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThanOrEqual(340);
      for (const control of ['#search-query', '#search-sort', '.search-filters-toggle summary']) {
        expect(await phone.locator(control).isVisible(), control).toBe(true);
      }
      // The sort and the Filters control share one row.
      const [sort, filters] = await Promise.all(
        ['#search-sort', '.search-filters-toggle summary'].map((control) =>
          phone.locator(control).evaluate((element) => element.getBoundingClientRect()),
        ),
      );
      expect(Math.abs(sort!.top - filters!.top)).toBeLessThan(8);
      expect(await phone.locator('.search-filters select').first().isVisible()).toBe(false);
      await phone.screenshot({ path: `${SCREENSHOTS}search-phone-light.png` });

      await openFilters(phone);
      for (const menu of await phone.locator('.search-filters select').all()) {
        expect(await menu.isVisible()).toBe(true);
        expect(await menu.evaluate((element) => element.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
      }
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const theme of ['light', 'dark'] as const) {
        await phone.emulateMedia({ colorScheme: theme });
        expect(await axeViolations(phone), theme).toEqual([]);
        await phone.screenshot({ path: `${SCREENSHOTS}search-phone-filters-${theme}.png`, fullPage: true });
      }

      // A long summary wraps onto more lines; it is never cut.
      await phone.locator('#search-query').fill('xylophonequark zebrafinch marmalade theorem');
      const summary = phone.locator('.search-summary', { hasText: /^No results for xylophonequark/ });
      await summary.waitFor();
      expect(await summary.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      expect(await summary.innerText()).toBe('No results for xylophonequark zebrafinch marmalade theorem');
    } finally {
      await context.close();
    }
  });

  test('a search with no results says so', async () => {
    await page.goto(`${served.server.url}search/?q=xylophonequark`);
    await page.locator('.search-summary', { hasText: /no results/i }).waitFor();
    expect(await page.locator('.search-summary').innerText()).toMatch(/no results for xylophonequark/i);
    expect(await page.locator('.search-result').count()).toBe(0);
  });

  test('the header field on any page searches, and / focuses it', async () => {
    await page.goto(`${served.server.url}archive/`);
    await page.keyboard.press('/');
    await page.keyboard.type('Halpern');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=Halpern/);
    expect((await resultTitles(page))[0]).toBe('Variance Reduced Halpern Iteration for Finite-Sum Monotone Inclusions');
  });

  test('the first query needs less than 300 KB over the network', async () => {
    const cost = await firstSearchCost(served.browser, served.server, 'Markov');
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `First query on the sample site: ${kb(cost.landing)} landing on it, ${kb(cost.afterFirstVisit)} after a first visit (${kb(cost.firstVisit)})`,
    );
    expect(cost.landing).toBeGreaterThan(20 * 1024);
    expect(cost.landing).toBeLessThan(300 * 1024);
    // The service worker's install holds Pagefind's runtime, so a later first search costs less.
    expect(cost.afterFirstVisit).toBeLessThan(cost.landing / 2);
  });
});

describe('search results with math in titles', () => {
  const served = servedInBrowser({ 'listing.txt': fixturePath('listing/hostile-and-math.txt') });

  test('show the title typeset by KaTeX, not as raw LaTeX', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${served.server.url}search/?q=stochastic`);
    const title = page.locator('.search-result-title').first();
    await title.locator('.katex-html').waitFor();
    const seen = await title.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.katex-mathml, .math-text').forEach((node) => node.remove());
      return copy.textContent;
    });
    expect(seen).toBe('Bounds of O(ϵ) for Stochastic Descent');
    await page.screenshot({ path: `${SCREENSHOTS}search-math-title.png` });
  });

  test('show hostile titles as text', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${served.server.url}search/?q=untrusted`);
    await expect(page.locator('.search-result-title').first().innerText()).resolves.toBe(
      'Untrusted Text <script>alert("title")</script> {process.exit(1)}',
    );
  });
});

describe('searching by author', () => {
  const served = servedInBrowser({ 'shared-authors.json': fixturePath('paperboy/shared-authors.json') });

  test('an author’s name on a paper page lists that author’s papers, newest first', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${served.server.url}papers/notes-on-differentiable-looms/`);
    await page.locator('.byline a', { hasText: 'Ada Lovelace' }).click();
    await page.waitForURL(/\/search\/\?author=Ada%20Lovelace$/);
    expect(await resultTitles(page)).toEqual([
      'Notes on Differentiable Looms',
      'Analytical Engines for Sparse Attention',
    ]);
    expect(await page.locator('.search-summary').innerText()).toBe('2 results by Ada Lovelace (any author)');
    // Words narrow an author's papers; the author stays.
    await page.locator('#search-query').fill('looms');
    await page.locator('.search-summary', { hasText: '1 result for looms by Ada Lovelace' }).waitFor();
    expect(page.url()).toBe(`${served.server.url}search/?q=looms&author=Ada+Lovelace`);
    // The link in the summary drops the author and keeps the words.
    await page.locator('.search-summary a').click();
    await page.locator('.search-summary', { hasText: /^1 result for looms$/ }).waitFor();
    expect(page.url()).toBe(`${served.server.url}search/?q=looms`);
  });

  test('names with accents and markup are matched exactly and shown as text', async () => {
    const page = await served.browser.newPage();
    await page.goto(`${served.server.url}papers/notes-on-differentiable-looms/`);
    const hostile = page.locator('.byline a', { hasText: 'Eve' });
    expect(await hostile.innerText()).toBe('Eve <img src=x onerror=alert(1)>');
    await hostile.click();
    expect(await resultTitles(page)).toEqual(['Notes on Differentiable Looms']);
    expect(await page.locator('.search-summary img').count()).toBe(0);
    await page.goto(`${served.server.url}search/?author=${encodeURIComponent('Zoë Łukasiewicz')}`);
    expect(await resultTitles(page)).toEqual([
      'Polish Notation for Neural Programs',
      'Analytical Engines for Sparse Attention',
    ]);
  });
});
