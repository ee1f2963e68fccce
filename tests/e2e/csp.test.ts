import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { servedInBrowser } from '../helpers/served-in-browser.ts';

/*
 * The Content-Security-Policy holds the site's own behaviour: every kind of page, search with its
 * filters, sort and math, the reading list and offline use run without one violation, at the root
 * and under a base path. (A page that breaks the policy still loads; only this event tells.)
 */

const sample = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;

/** Records every `securitypolicyviolation` a page of the context sees, before any script of its own runs. */
const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline') + ' at ' + location.pathname);
  });
`;

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

describe.each(['/', '/daily/'])('the Content-Security-Policy, with the site under %s', (base) => {
  const served = servedInBrowser({ 'daily-papers-listing.txt': sample }, base);
  let context: BrowserContext;
  let page: Page;
  const seen: string[] = [];
  const url = (path: string) => `${served.server.url}${path}`;

  /** Opens a page and waits until its scripts have settled, noting what the policy refused. */
  async function visit(path: string): Promise<void> {
    await page.goto(url(path));
    await page.waitForLoadState('networkidle');
    seen.push(...(await violations(page)));
  }

  beforeAll(async () => {
    context = await served.browser.newContext();
    await context.addInitScript(RECORD_VIOLATIONS);
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  test('is on every page, strict for scripts, with Pagefind’s WebAssembly allowed', async () => {
    await visit('');
    const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toMatch(/style-src-attr 'unsafe-inline'/);
    expect(policy).not.toMatch(/style-src [^;]*'unsafe-inline'/);
    // And it is enforced: an inline script nobody hashed (as injected markup would be) is refused.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.head.append(script);
    });
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
    expect(await violations(page)).toEqual([`script-src-elem inline at ${base}`]);
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
  });

  test('lets no page break it: home, day, month, paper with math, archive, saved papers', async () => {
    await visit('');
    const day = await page.locator('.paper-card a.paper-title').first().getAttribute('href');
    await visit('archive/');
    const month = await page.locator('a[href*="/months/"]').first().getAttribute('href');
    await visit(day!.slice(base.length));
    await visit(month!.slice(base.length));
    // A paper with math in its abstract, its Save button pressed, and the saved list.
    await visit('papers/on-penalty-methods-for-nonconvex-bilevel-optimization-and-first-order-stochastic/');
    await page.locator('[data-save]').first().click();
    await page.locator('[data-save][aria-pressed="true"]').first().waitFor();
    await visit('saved/');
    await page.locator('.saved-item').first().waitFor();
    seen.push(...(await violations(page)));
    expect(seen).toEqual([]);
  });

  test('lets search run: results with math, filters, sort, and offline', async () => {
    await visit('search/?q=stochastic');
    await page.locator('.search-result-title').first().waitFor();
    await page.locator('.search-filters-toggle summary').click();
    await page.locator('.search-filters select').first().selectOption({ index: 1 });
    await page.locator('#search-sort').selectOption({ index: 1 });
    await page.locator('.search-result-title').first().waitFor();
    seen.push(...(await violations(page)));
    // Offline: the service worker answers from what it keeps.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await served.server.stop();
    try {
      await visit('search/?q=bilevel');
      await page.locator('.search-result-title').first().waitFor();
      seen.push(...(await violations(page)));
    } finally {
      await served.server.start();
      await context.setOffline(false);
    }
    expect(seen).toEqual([]);
  });
});
