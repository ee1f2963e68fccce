import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { SCREENSHOTS } from '../helpers/screenshots.ts';
import { servedInBrowser } from '../helpers/served-in-browser.ts';
import { axeViolations } from '../helpers/axe.ts';

const sample = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;

/** The pages people land on, by name: a day, a paper with math and an AI summary, a month, a search. */
const PAGES = {
  home: '',
  day: 'days/2025-03-04/',
  paper: 'papers/2503.01234/',
  month: 'months/2025-03/',
  archive: 'archive/',
  search: 'search/?q=scaling',
};
/** The pages that list papers. */
const LISTS = ['home', 'day', 'month', 'archive'] as const;
const THEMES = ['light', 'dark'] as const;
/** A phone (an iPhone 14's viewport) and a laptop. */
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

/** Records every layout shift from the first paint on, for `layoutShift()`. */
async function recordLayoutShifts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const shifts: number[] = [];
    (window as unknown as { shifts: number[] }).shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The page's layout shift so far: the sum of its shifts, as Lighthouse's CLS counts a short visit. */
const layoutShift = (page: Page) =>
  page.evaluate(() => (window as unknown as { shifts: number[] }).shifts.reduce((sum, value) => sum + value, 0));

/**
 * Whether the elements lie in one row: each one's top above every other's bottom. (Elements
 * wrapped onto a second row lie wholly under the first row's.)
 */
const inOneRow = (boxes: { top: number; bottom: number }[]): boolean =>
  Math.max(...boxes.map((box) => box.top)) < Math.min(...boxes.map((box) => box.bottom));

/** Waits until the page shows what a reader came for: search results, or the page itself. */
async function ready(page: Page, name: string): Promise<void> {
  if (name === 'search') await page.locator('.search-result-title').first().waitFor();
  await page.evaluate(() => document.fonts.ready);
}

describe('the pages people land on', () => {
  const served = servedInBrowser({
    'daily-papers-listing.txt': sample,
    '2025-03-04.json': fixturePath('hf-daily/2025-03-04.json'),
    'shared-authors.json': fixturePath('paperboy/shared-authors.json'),
  });

  for (const theme of THEMES) {
    describe(`in the ${theme} theme`, () => {
      let context: BrowserContext;
      beforeAll(async () => {
        context = await served.browser.newContext({ colorScheme: theme, viewport: { width: 1100, height: 900 } });
      });
      afterAll(() => context?.close());

      for (const [name, path] of Object.entries(PAGES)) {
        test(`${name}: axe finds no accessibility problem`, async () => {
          const page = await context.newPage();
          await page.goto(`${served.server.url}${path}`);
          await ready(page, name);
          const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
          expect(background).toBe(theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(13, 17, 23)');
          expect(await axeViolations(page)).toEqual([]);
          await page.screenshot({ path: `${SCREENSHOTS}${name}-${theme}.png`, fullPage: true });
          await page.close();
        });
      }
    });
  }

  test('every page fits a 360 px phone, with no sideways scrolling', async () => {
    const context = await served.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    for (const name of ['paper', 'search', ...LISTS] as const) {
      const page = await context.newPage();
      await page.goto(`${served.server.url}${PAGES[name]}`);
      await ready(page, name);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
      await page.screenshot({ path: `${SCREENSHOTS}${name}-phone.png`, fullPage: true });
    }
    await context.close();
  });

  describe('on a phone and on a laptop', () => {
    for (const theme of THEMES) {
      for (const [size, viewport] of Object.entries(SIZES)) {
        test(`${theme}, ${size}: the list pages do not shift as they load (screenshots saved)`, async () => {
          const context = await served.browser.newContext({ colorScheme: theme, viewport });
          await recordLayoutShifts(context);
          for (const name of LISTS) {
            const page = await context.newPage();
            await page.goto(`${served.server.url}${PAGES[name]}`);
            await page.waitForLoadState('networkidle');
            await ready(page, name);
            expect(await layoutShift(page), name).toBeLessThan(0.05);
            await page.screenshot({ path: `${SCREENSHOTS}list-${name}-${size}-${theme}.png` });
            await page.close();
          }
          await context.close();
        });
      }
    }

    test('a day’s first paper starts on the first screen of a phone, under a header of one row', async () => {
      const context = await served.browser.newContext({ viewport: SIZES.phone });
      const page = await context.newPage();
      await page.goto(`${served.server.url}${PAGES.day}`);
      await ready(page, 'day');
      const first = await page.locator('.paper-list > li').first().boundingBox();
      expect(first!.y).toBeLessThanOrEqual(340);
      const header = await page.evaluate(() =>
        ['.site-title', '.header-search', '.site-menu summary', '.theme-toggle'].map((selector) => {
          const { top, bottom, width } = document.querySelector(selector)!.getBoundingClientRect();
          return { top, bottom, width };
        }),
      );
      expect(header.every((box) => box.width > 0)).toBe(true);
      expect(inOneRow(header)).toBe(true);
      await context.close();
    });

    test('a card’s votes, byline and Save button keep to one row, the byline to one line', async () => {
      for (const viewport of Object.values(SIZES)) {
        const context = await served.browser.newContext({ viewport });
        const page = await context.newPage();
        for (const name of ['home', 'day'] as const) {
          await page.goto(`${served.server.url}${PAGES[name]}`);
          await ready(page, name);
          const rows = await page.evaluate(() =>
            [...document.querySelectorAll('.paper-card-meta')].map((meta) => {
              const byline = meta.querySelector('.byline');
              return {
                // What shows: a card may carry the Save button's script too.
                items: [...meta.children]
                  .filter((child) => child.getClientRects().length > 0)
                  .map((child) => {
                    const { top, bottom } = child.getBoundingClientRect();
                    return { top, bottom };
                  }),
                hasSave: meta.querySelector('.save-button') !== null,
                bylineLines: byline
                  ? byline.getBoundingClientRect().height / parseFloat(getComputedStyle(byline).lineHeight)
                  : 1,
              };
            }),
          );
          expect(rows.length, name).toBeGreaterThan(0);
          for (const row of rows) {
            expect(row.hasSave).toBe(true);
            expect(inOneRow(row.items), `${name} at ${viewport.width} px`).toBe(true);
            expect(row.bylineLines).toBeLessThan(1.5);
          }
        }
        await context.close();
      }
    });

    test('the site’s links are in a menu on a phone that opens without a script, and in the row on a laptop', async () => {
      const phone = await served.browser.newContext({ viewport: SIZES.phone, javaScriptEnabled: false });
      const page = await phone.newPage();
      await page.goto(`${served.server.url}${PAGES.day}`);
      const links = page.getByRole('navigation', { name: 'Site' }).getByRole('link');
      expect(await links.first().isVisible()).toBe(false);
      await page.locator('.site-menu summary').click();
      expect(await links.allInnerTexts()).toEqual(['Archive', 'Search', 'Saved']);
      for (const link of await links.all()) expect(await link.isVisible()).toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}menu-phone.png` });
      await page.getByRole('link', { name: 'Archive' }).click();
      expect(new URL(page.url()).pathname).toBe(new URL(`${served.server.url}${PAGES.archive}`).pathname);
      await phone.close();

      const laptop = await served.browser.newContext({ viewport: SIZES.desktop });
      const wide = await laptop.newPage();
      await wide.goto(`${served.server.url}${PAGES.day}`);
      const row = wide.getByRole('navigation', { name: 'Site' }).getByRole('link');
      for (const link of await row.all()) expect(await link.isVisible()).toBe(true);
      expect(await wide.locator('.site-menu summary').isVisible()).toBe(false);
      await laptop.close();
    });

    for (const theme of THEMES) {
      test(`${theme}: axe finds no problem on a phone’s day page with the menu open`, async () => {
        const context = await served.browser.newContext({ colorScheme: theme, viewport: SIZES.phone });
        const page = await context.newPage();
        await page.goto(`${served.server.url}${PAGES.day}`);
        await ready(page, 'day');
        await page.locator('.site-menu summary').click();
        expect(await axeViolations(page)).toEqual([]);
        await context.close();
      });
    }
  });

  test('the theme toggle switches, is remembered, and applies before the page paints', async () => {
    const context = await served.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${served.server.url}${PAGES.paper}`);
    const toggle = page.locator('.theme-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      'rgb(13, 17, 23)',
    );

    // Another page, its own scripts blocked: the remembered theme comes from the line in <head>,
    // which runs before the parser reaches the body, so before anything is drawn.
    await page.route('**/*.js', (route) => route.abort());
    const themes: (string | undefined)[] = [];
    await page.exposeFunction('recordTheme', (theme?: string) => themes.push(theme));
    await page.addInitScript(() => {
      const record = (window as unknown as { recordTheme(theme?: string): void }).recordTheme;
      const observer = new MutationObserver(() => {
        if (!document.body) return;
        record(document.documentElement.dataset['theme']);
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${served.server.url}${PAGES.day}`);
    expect(themes).toEqual(['dark']);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      'rgb(13, 17, 23)',
    );
    await page.unroute('**/*.js');

    // Back to light, and remembered too; the system's preference no longer decides.
    await page.goto(`${served.server.url}${PAGES.month}`);
    await page.locator('.theme-toggle').click();
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await context.close();
  });

  test('paper and day pages run under 5 KB of JavaScript, and no math JavaScript', async () => {
    const context = await served.browser.newContext();
    for (const name of ['paper', 'day'] as const) {
      const page = await context.newPage();
      await page.goto(`${served.server.url}${PAGES[name]}`);
      await page.waitForLoadState('networkidle');
      const bytes = await page.evaluate(() => {
        const inline = [...document.querySelectorAll('script:not([src])')]
          .filter((script) => script.getAttribute('type') !== 'application/ld+json')
          .reduce((sum, script) => sum + new TextEncoder().encode(script.textContent ?? '').length, 0);
        const loaded = performance
          .getEntriesByType('resource')
          .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script')
          .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).decodedBodySize, 0);
        return inline + loaded;
      });
      expect(bytes, name).toBeGreaterThan(500);
      expect(bytes, name).toBeLessThan(5 * 1024);
      const scripts = await page.evaluate(() => [...document.scripts].map((script) => script.textContent ?? ''));
      expect(scripts.join('\n')).not.toMatch(/katex/i);
    }
    await context.close();
  });
});
