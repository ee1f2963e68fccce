import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { SCREENSHOTS } from '../helpers/screenshots.ts';
import { serveStatic, type StaticServer } from '../helpers/server.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';
import { axeViolations } from '../helpers/axe.ts';

const sample = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;
const SAMPLE_PAPERS = 34;
const HALPERN = 'Variance Reduced Halpern Iteration for Finite-Sum Monotone Inclusions';
const HALPERN_URL = 'papers/variance-reduced-halpern-iteration-for-finite-sum-monotone-inclusions/';
const NEVER_OPENED = 'papers/diffgrad-an-optimization-method-for-convolutional-neural-networks/';
const MARKOV = 'Horizon-Free and Variance-Dependent Reinforcement Learning for Latent Markov Decision Processes';
const NEW_PAPER = [
  'Quokka Transformers for Daily Paper Triage',
  'A paper added after the first deploy.',
  '• 2 authors',
  '·',
  'Dec 8, 2025 5',
];
/** What a search that could not read all of the index says instead of a count. */
const PARTIAL = 'Searched the parts of the index saved on this device: ';

async function search(page: Page, query: string): Promise<string> {
  await page.locator('#search-query').fill(query);
  await page.locator('.search-summary', { hasText: `for ${query}` }).waitFor();
  return page.locator('.search-summary').innerText();
}

async function firstResult(page: Page, query: string): Promise<string> {
  await search(page, query);
  return page.locator('.search-result-title').first().innerText();
}

/** Waits until a service worker controls the page, with everything it installs in hand. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

/** Clicks "Save for offline", reads what it announces, confirms, and waits until it is saved. */
async function saveForOffline(page: Page): Promise<string> {
  const panel = page.locator('.offline-save');
  // No progress bar until the download starts, and none once it is done.
  expect(await panel.locator('progress').isVisible()).toBe(false);
  await panel.locator('button').click();
  const button = panel.locator('button', { hasText: /^Save \d/ });
  await button.waitFor();
  const announced = await panel.locator('[data-offline-status]').innerText();
  await button.click();
  await panel.locator('[data-offline-status]', { hasText: 'Saved:' }).waitFor({ timeout: 30_000 });
  expect(await panel.locator('progress').isVisible()).toBe(false);
  return announced;
}

/** Every URL the site's caches hold on this device. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

/** The app's and the index's sizes as sent, from the line the build prints about its service worker. */
function firstVisitSizes(output: string): { app: number; index: number } {
  const [, app, index] = /installs the app \(\d+ files, (\d+) KB sent\).*the search index \((\d+) KB sent\)/.exec(
    output,
  )!;
  return { app: Number(app), index: Number(index) };
}

describe.each(['/', '/daily/'])('offline reading and search, with the site under %s', (base) => {
  const name = base === '/' ? 'root' : 'base-path';
  let site: SiteUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let sizes: { app: number; index: number };

  /** The network goes away entirely: the browser is offline and the host stops answering. */
  async function goOffline(context: BrowserContext) {
    await context.setOffline(true);
    await server.stop();
  }

  async function goOnline(context: BrowserContext) {
    await server.start();
    await context.setOffline(false);
  }

  /** Bytes a static host sends for the file at `url` of the built site. */
  async function sentBytes(url: string): Promise<number> {
    const path = new URL(url).pathname.slice(base.length);
    const file = join(site.dir, 'dist', path.endsWith('/') || path === '' ? `${path}index.html` : path);
    const bytes = await readFile(file);
    return /^\.(html|js|css|json|svg)$/.test(extname(file)) ? gzipSync(bytes).length : bytes.length;
  }

  beforeAll(async () => {
    site = await createSite({ 'daily-papers-listing.txt': sample });
    await site.importPapers();
    sizes = firstVisitSizes(await site.build({ BASE_PATH: base }));
    server = await serveStatic(`${site.dir}/dist`, base);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await site?.remove();
  });

  describe('on the sample, within the first-visit budget', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });
      page = await context.newPage();
    });
    afterAll(() => context.close());

    test('one visit to the home page, then offline, a search finds papers in the whole archive', async () => {
      await page.goto(server.url);
      await waitForServiceWorker(page);
      await goOffline(context);
      await page.goto(`${server.url}search/`);
      expect(await page.locator('.search-summary').innerText()).toBe('Type to search every paper in the archive.');
      expect(await firstResult(page, 'Halpern')).toBe(HALPERN);
      expect(await search(page, 'convergence')).toMatch(/^\d+ results for convergence$/);
      expect(await page.locator('.search-notice').isVisible()).toBe(false);
      // A result whose page this device has not kept says so before the reader taps it.
      expect(await page.locator('.search-result .byline').first().innerText()).toContain(
        'page not saved on this device',
      );
      // The panel says so once it has looked at what this device holds.
      await page.locator('.offline-save', { hasText: 'Search: the whole archive.' }).waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}offline-search-whole-phone-light-${name}.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
    });

    test('offline, a paper never opened shows the offline page, which says what works on this device', async () => {
      await page.goto(`${server.url}${NEVER_OPENED}`);
      expect(await page.locator('h1').innerText()).toBe('You are offline');
      const status = page.locator('.device-status li');
      await status.filter({ hasText: 'Search: the whole archive.' }).waitFor();
      expect(await status.allInnerTexts()).toEqual([
        'Pages: none saved here yet, besides the home and search pages.',
        'Search: the whole archive.',
      ]);
      // Every line fits a 390 px phone: wrapped if need be, never cut, nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const line of await status.all()) {
        expect(await line.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      }
      await page.screenshot({ path: `${SCREENSHOTS}offline-page-phone-light-${name}.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
    });

    test('a paper read online opens again offline', async () => {
      await goOnline(context);
      await page.goto(`${server.url}${HALPERN_URL}`);
      await goOffline(context);
      await page.goto(`${server.url}${HALPERN_URL}`);
      expect(await page.locator('h1').innerText()).toBe(HALPERN);
      expect(await page.locator('.abstract').innerText()).toContain('Halpern');
    });

    test('offline with part of the index missing, a search never says "No results" for a word that exists', async () => {
      // What a device that never saved the whole index lacks: the word index's chunks.
      await page.evaluate(async () => {
        const search = await caches.open('paperboy-search');
        for (const request of await search.keys()) if (request.url.includes('/index/')) await search.delete(request);
        const entries = await caches.open('paperboy-search-entries');
        for (const request of await entries.keys())
          if (request.url.endsWith('/saved.json')) await entries.delete(request);
      });
      await page.goto(`${server.url}search/`);
      await page.locator('.search-summary', { hasText: 'You are offline.' }).waitFor();
      const summary = await search(page, 'convergence');
      expect(summary).not.toMatch(/no results/i);
      expect(summary).toBe(`${PARTIAL}nothing for convergence there`);
      expect(await page.locator('.search-notice').innerText()).toMatch(/^Go online to search the whole archive/);
      // No empty room is kept for results under the message.
      const below = await page.evaluate(() => {
        const notice = document.querySelector('.search-notice')!.getBoundingClientRect();
        const panel = document.querySelector('.offline-save')!.getBoundingClientRect();
        return panel.top - notice.bottom;
      });
      expect(below).toBeLessThan(100);
      await page.screenshot({ path: `${SCREENSHOTS}offline-search-partial-phone-light-${name}.png` });
      await goOnline(context);
    });
  });

  describe('above the first-visit budget (lowered for the test)', () => {
    let context: BrowserContext;
    let page: Page;
    let budget: number;
    beforeAll(async () => {
      // Room for the app and half the index: the whole would not fit.
      budget = sizes.app + Math.floor(sizes.index / 2);
      const output = await site.build({ BASE_PATH: base, OFFLINE_BUDGET_KB: String(budget) });
      expect(output).toContain(`it would pass the ${budget} KB first-visit budget`);
      context = await browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme: 'dark' });
      page = await context.newPage();
    });
    afterAll(() => context.close());

    test('a first visit installs the app within the budget, and none of the index', async () => {
      const before = server.bytesSent();
      await page.goto(server.url);
      await waitForServiceWorker(page);
      await page.waitForLoadState('networkidle');
      const urls = await cachedUrls(page);
      expect(urls.filter((url) => /\/(index|fragment)\/|\.pf_meta/.test(url))).toEqual([]);
      let installed = 0;
      for (const url of new Set(urls.map((url) => url.replace(/\?.*/, '')))) installed += await sentBytes(url);
      console.log(
        `First visit above the ${budget} KB budget: ${Math.round(installed / 1024)} KB installed, ${Math.round((server.bytesSent() - before) / 1024)} KB sent with the page`,
      );
      expect(installed).toBeLessThanOrEqual(budget * 1024);
    });

    test('after one online search, offline, a search that needs more of the index says what it searched', async () => {
      await page.goto(`${server.url}search/`);
      expect(await search(page, 'learning')).toMatch(/^\d+ results for learning$/);
      await goOffline(context);
      await page.goto(`${server.url}search/`);
      await page.locator('.search-summary', { hasText: 'You are offline.' }).waitFor();
      const summary = await search(page, 'convergence');
      expect(summary.startsWith(PARTIAL)).toBe(true);
      expect(summary).not.toMatch(/no results/i);
      expect(await page.locator('.search-notice').innerText()).toContain('“Save for offline”');
      // The search made online still works, in full.
      expect(await search(page, 'learning')).toMatch(/^\d+ results for learning$/);
      await search(page, 'convergence');
      await page.screenshot({ path: `${SCREENSHOTS}offline-search-partial-desktop-dark-${name}.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${server.url}${NEVER_OPENED}`);
      await page.locator('.device-status li', { hasText: 'Search: only the parts' }).waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}offline-page-desktop-dark-${name}.png` });
      expect(await axeViolations(page)).toEqual([]);
      await goOnline(context);
    });

    test('"Save for offline" says what it downloads, then every search works offline and the papers found open', async () => {
      await page.goto(`${server.url}search/`);
      const announced = await saveForOffline(page);
      expect(announced).toMatch(
        new RegExp(
          `^The search index is \\d+\\.\\d MB, of which \\d+\\.\\d MB is saved already, and the pages of all ${SAMPLE_PAPERS} papers take \\d+\\.\\d MB\\. Saving downloads \\d+\\.\\d MB\\.$`,
        ),
      );
      await page.screenshot({ path: `${SCREENSHOTS}search-saved-desktop-dark-${name}.png`, fullPage: true });
      await goOffline(context);
      await page.goto(`${server.url}search/`);
      // The panel says so once it has looked at what this device holds.
      await page.locator('.offline-save', { hasText: 'Search: the whole archive.' }).waitFor();
      for (const word of ['convergence', 'Markov', 'games', 'Halpern']) {
        expect(await search(page, word)).toMatch(new RegExp(`^\\d+ results? for ${word}$`));
        expect(await page.locator('.search-result-offline').count()).toBe(0);
      }
      expect(await firstResult(page, 'Markov')).toBe(MARKOV);
      const link = page.locator('.search-result a').first();
      expect(await link.getAttribute('href')).toMatch(new RegExp(`^${base}papers/`));
      await link.click();
      await page.waitForURL(/\/papers\/horizon-free-/);
      expect(await page.locator('h1').innerText()).toBe(MARKOV);
      await page.goto(`${server.url}${NEVER_OPENED}`);
      expect(await page.locator('h1').innerText()).toBe(
        'diffGrad: An Optimization Method for Convolutional Neural Networks',
      );
    });

    test(
      'after a rebuild with one more paper, a returning reader gets the new index, online and then offline',
      { timeout: 240_000 },
      async () => {
        await goOnline(context);
        await site.addSource('added.txt', NEW_PAPER.join('\n\n'));
        await site.importPapers();
        await site.build({ BASE_PATH: base, OFFLINE_BUDGET_KB: String(budget) });

        await page.goto(`${server.url}search/`);
        expect(await firstResult(page, 'Quokka')).toBe(NEW_PAPER[0]);
        await page.locator('.offline-save [data-offline-status]', { hasText: 'out of date' }).waitFor();

        // Saving again downloads only what changed, and drops what the new deploy no longer has.
        expect(await saveForOffline(page)).toMatch(/, of which \d+\.\d MB is saved already/);
        await goOffline(context);
        await page.goto(`${server.url}search/`);
        expect(await firstResult(page, 'Quokka')).toBe(NEW_PAPER[0]);
        expect(await firstResult(page, 'Markov')).toBe(MARKOV);
        await goOnline(context);
      },
    );
  });
});
