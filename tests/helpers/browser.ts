import { chromium, type Browser, type Page } from 'playwright-core';
import type { StaticServer } from './server.ts';

/** Debian's Chromium; the tests never download a browser of their own. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Headless Chromium with the flags this sandbox needs (no sandboxing, no background traffic). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Bytes a reader's browser downloads, counted at the server (compressed, headers included). */
export interface SearchCost {
  /** Landing on the search page with a query: the page, Pagefind and the index files the query needs. */
  landing: number;
  /** A first visit to the home page: the page and the service worker's install. */
  firstVisit: number;
  /** The same search after that first visit: the service worker already holds Pagefind's runtime. */
  afterFirstVisit: number;
}

/**
 * What a reader's first search on the site `server` serves downloads, measured in two fresh
 * browser profiles: one landing straight on `/search/?q=…` (service worker kept out, as its
 * install would download beside the search), and one that visits the home page first. Counted at
 * the server, so the requests of Pagefind's worker count too.
 */
export async function firstSearchCost(browser: Browser, server: StaticServer, query: string): Promise<SearchCost> {
  const search = async (page: Page) => {
    const before = server.bytesSent();
    await page.goto(`${server.url}search/?q=${encodeURIComponent(query)}`);
    await page.locator('.search-result-title').first().waitFor();
    await page.waitForLoadState('networkidle');
    return server.bytesSent() - before;
  };
  const landingContext = await browser.newContext({ serviceWorkers: 'block' });
  const visitContext = await browser.newContext();
  try {
    const landing = await search(await landingContext.newPage());
    const page = await visitContext.newPage();
    const before = server.bytesSent();
    await page.goto(server.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.waitForLoadState('networkidle');
    const firstVisit = server.bytesSent() - before;
    return { landing, firstVisit, afterFirstVisit: await search(page) };
  } finally {
    await Promise.all([landingContext.close(), visitContext.close()]);
  }
}
