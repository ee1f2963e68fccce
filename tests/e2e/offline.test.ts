import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { servedInBrowser } from '../helpers/served-in-browser.ts';
import type { StaticServer } from '../helpers/server.ts';
import type { SiteUnderTest } from '../helpers/site.ts';
import { SCREENSHOTS } from '../helpers/screenshots.ts';

const sample = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;
const HALPERN = 'Variance Reduced Halpern Iteration for Finite-Sum Monotone Inclusions';
const HALPERN_URL = 'papers/variance-reduced-halpern-iteration-for-finite-sum-monotone-inclusions/';
const NEW_PAPER = [
  'Quokka Transformers for Daily Paper Triage',
  'A paper added after the first deploy.',
  '• 2 authors',
  '·',
  'Dec 8, 2025 5',
];

async function firstResult(page: Page, query: string): Promise<string> {
  await page.locator('#search-query').fill(query);
  await page.locator('.search-summary', { hasText: `for ${query}` }).waitFor();
  return page.locator('.search-result-title').first().innerText();
}

/** Waits until a service worker controls the page, with everything it precaches in hand. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

/** Clicks "Save for offline", reads the size it announces, confirms, and waits until it is saved. */
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

describe.each(['/', '/daily/'])('offline reading and search, with the site under %s', (base) => {
  const name = base === '/' ? 'root' : 'base-path';
  const served = servedInBrowser({ 'daily-papers-listing.txt': sample }, base);
  let site: SiteUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** The network goes away entirely: the browser is offline and the host stops answering. */
  async function goOffline() {
    await context.setOffline(true);
    await server.stop();
  }

  async function goOnline() {
    await server.start();
    await context.setOffline(false);
  }

  beforeAll(async () => {
    ({ site, server, browser } = served);
    context = await browser.newContext();
    page = await context.newPage();
  });

  test('a first visit online installs the app and keeps the pages read, not the whole index', async () => {
    await page.goto(`${server.url}search/`);
    await waitForServiceWorker(page);
    expect(await firstResult(page, 'Halpern')).toBe(HALPERN);
    await page.locator('.search-result a').first().click();
    await page.waitForURL(`${server.url}${HALPERN_URL}`);
    expect(await page.locator('h1').innerText()).toBe(HALPERN);
  });

  test('offline, a search made online works again', async () => {
    await goOffline();
    await page.goto(`${server.url}search/`);
    expect(await firstResult(page, 'Halpern')).toBe(HALPERN);
    await goOnline();
  });

  test('"Save for offline" says how much it downloads, then makes every search work offline', async () => {
    await page.goto(`${server.url}search/`);
    const announced = await saveForOffline(page);
    expect(announced).toMatch(
      /^The search index is \d+\.\d MB, of which \d+\.\d MB is saved already\. Saving downloads \d+\.\d MB\.$/,
    );
    await page.screenshot({ path: `${SCREENSHOTS}search-saved-${name}.png`, fullPage: true });
    await goOffline();
    await page.goto(`${server.url}search/`);
    expect(await page.locator('.offline-save [data-offline-status]').innerText()).toContain('can be searched offline');
    expect(await firstResult(page, 'Markov')).toBe(
      'Horizon-Free and Variance-Dependent Reinforcement Learning for Latent Markov Decision Processes',
    );
    expect(await page.locator('.search-result a').first().getAttribute('href')).toMatch(new RegExp(`^${base}papers/`));
    await page.screenshot({ path: `${SCREENSHOTS}search-offline-${name}.png`, fullPage: true });
  });

  test('offline, a paper read before opens, and one never read says why it cannot', async () => {
    await page.goto(`${server.url}${HALPERN_URL}`);
    expect(await page.locator('h1').innerText()).toBe(HALPERN);
    expect(await page.locator('.abstract').innerText()).toContain('Halpern');
    await page.goto(`${server.url}papers/diffgrad-an-optimization-method-for-convolutional-neural-networks/`);
    expect(await page.locator('h1').innerText()).toBe('You are offline');
    await goOnline();
  });

  test('after a rebuild with one more paper, a returning reader gets the new index, online and then offline', async () => {
    await site.addSource('added.txt', NEW_PAPER.join('\n\n'));
    await site.importPapers();
    await site.build({ BASE_PATH: base });

    await page.goto(`${server.url}search/`);
    expect(await firstResult(page, 'Quokka')).toBe(NEW_PAPER[0]);
    expect(await page.locator('.offline-save [data-offline-status]').innerText()).toContain('out of date');

    // Saving again downloads only what changed, and drops what the new deploy no longer has.
    await saveForOffline(page);
    await goOffline();
    await page.goto(`${server.url}search/`);
    expect(await firstResult(page, 'Quokka')).toBe(NEW_PAPER[0]);
    expect(await firstResult(page, 'Markov')).toContain('Latent Markov Decision Processes');
    await goOnline();
  });
});
