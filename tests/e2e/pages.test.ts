import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { SCREENSHOTS } from '../helpers/screenshots.ts';
import { servedInBrowser } from '../helpers/served-in-browser.ts';

const sample = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The pages people land on, by name: a day, a paper with math and an AI summary, a month, a search. */
const PAGES = {
  home: '',
  day: 'days/2025-03-04/',
  paper: 'papers/2503.01234/',
  month: 'months/2025-03/',
  search: 'search/?q=scaling',
};
const THEMES = ['light', 'dark'] as const;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's findings on the page as it is now (WCAG 2.x A and AA, and best practices). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })).violations;
  });
  return (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

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

  test('a paper page and a day page fit a 360 px phone, with no sideways scrolling', async () => {
    const context = await served.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    for (const name of ['paper', 'day', 'search'] as const) {
      const page = await context.newPage();
      await page.goto(`${served.server.url}${PAGES[name]}`);
      await ready(page, name);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
      await page.screenshot({ path: `${SCREENSHOTS}${name}-phone.png`, fullPage: true });
    }
    await context.close();
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
