import { chromium, type Browser } from 'playwright-core';

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

/**
 * What a reader's first search downloads, in bytes as they travel (compressed as the server sends
 * them): the search page opened with a query, until its results show and the network is quiet.
 */
export async function firstSearchBytes(browser: Browser, searchPageUrl: string, query: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Requests of the page and of its workers (Pagefind searches in one), as they travel.
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (request) => {
      sizes.push(
        request.sizes().then((size) => Math.max(0, size.responseBodySize) + Math.max(0, size.responseHeadersSize)),
      );
    });
    await page.goto(`${searchPageUrl}?q=${encodeURIComponent(query)}`);
    await page.locator('.search-result .pf-result-title').first().waitFor();
    await page.waitForLoadState('networkidle');
    return (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
  } finally {
    await context.close();
  }
}
