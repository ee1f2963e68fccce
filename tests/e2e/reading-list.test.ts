import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { SCREENSHOTS } from '../helpers/screenshots.ts';
import { serveStatic, type StaticServer } from '../helpers/server.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';
import { axeViolations } from '../helpers/axe.ts';

// A real day of daily-arXiv's math.RT fork (tests/fixtures/corpus, see SOURCES.md): 37 papers,
// most titles with formulas. The importer takes the day from the file's name.
const DAY_SOURCE = new URL('../fixtures/corpus/arxiv/daily-arxiv-math-RT/2026-06-16.jsonl', import.meta.url).pathname;
const DAY = 'days/2026-06-16/';
/** Saved from its own page: a title with a formula. */
const FROM_PAGE = {
  id: '2606.16441',
  title: 'q-Deformed Topological Recursion, Weight Vectors and Algebraic Structures',
};
/** Saved from its card on the day's page, its own page never opened. */
const FROM_CARD = {
  id: '2606.16956',
  title: 'Multisymmetric polynomials on set-theoretic quiver representations',
  authors: readFileSync(DAY_SOURCE, 'utf8')
    .split('\n')
    .map((line) => (line ? (JSON.parse(line) as { id: string; authors: string[] }) : undefined))
    .find((paper) => paper?.id === '2606.16956')!
    .authors.join(', '),
};
/** Found by a search, saved from its result. */
const FROM_SEARCH = { id: '2606.16894', query: 'Bruhat intervals' };

/** Waits until a service worker controls the page, with everything it installs in hand. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

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

const layoutShift = (page: Page) =>
  page.evaluate(() => (window as unknown as { shifts: number[] }).shifts.reduce((sum, value) => sum + value, 0));

/** What the page's scripts weigh, as pages.test.ts counts it: inline scripts and every script loaded. */
const scriptBytes = (page: Page) =>
  page.evaluate(() => {
    const inline = [...document.querySelectorAll('script:not([src])')]
      .filter((script) => script.getAttribute('type') !== 'application/ld+json')
      .reduce((sum, script) => sum + new TextEncoder().encode(script.textContent ?? '').length, 0);
    const loaded = performance
      .getEntriesByType('resource')
      .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script')
      .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).decodedBodySize, 0);
    return inline + loaded;
  });

/** The reading list as this browser stores it (src/scripts/reading-list.ts). */
const stored = (page: Page, base: string) =>
  page.evaluate(
    (key) => JSON.parse(localStorage.getItem(key) ?? '[]') as { id: string; bibtex?: string; gone?: boolean }[],
    `paperboy-reading-list:${base}`,
  );

/** The titles /saved/ lists, in its order. */
const savedTitles = (page: Page) => page.locator('.saved-item .saved-title').allInnerTexts();

describe.each(['/', '/daily/'])('the reading list, with the site under %s', (base) => {
  const name = base === '/' ? 'root' : 'base-path';
  let site: SiteUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let bibFile = '';
  const url = (path: string) => `${server.url}${path}`;
  const paperPath = (id: string) => `papers/${id}/`;

  beforeAll(async () => {
    site = await createSite({ '2026-06-16.jsonl': DAY_SOURCE });
    await site.importPapers();
    await site.build({ BASE_PATH: base });
    server = await serveStatic(`${site.dir}/dist`, base);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await recordLayoutShifts(context);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await site?.remove();
  });

  test('without JavaScript no Save button shows, since it could do nothing', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(url(paperPath(FROM_PAGE.id)));
    expect(await plain.locator('.save-button').count()).toBe(1);
    expect(await plain.locator('.save-button').isVisible()).toBe(false);
    await plain.goto(url(DAY));
    expect(await plain.locator('.paper-card .save-button').count()).toBe(await plain.locator('.paper-card').count());
    expect(await plain.locator('.paper-card .save-button').first().isVisible()).toBe(false);
    await plain.goto(url('saved/'));
    expect(await plain.locator('.saved-actions').isVisible()).toBe(false);
    expect(await plain.locator('main').innerText()).toContain('needs JavaScript');
    await noScript.close();
  });

  test('a paper is saved from its page: the toggle is pressed and reads "Saved", and nothing moves', async () => {
    await page.goto(url(paperPath(FROM_PAGE.id)));
    await waitForServiceWorker(page);
    const button = page.getByRole('button', { name: 'Save', exact: true });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    const pressed = page.getByRole('button', { name: 'Saved', exact: true });
    expect(await pressed.getAttribute('aria-pressed')).toBe('true');
    const cite = await page.locator('.bibtex').textContent();
    expect(await stored(page, base)).toEqual([
      expect.objectContaining({ id: FROM_PAGE.id, url: `${base}${paperPath(FROM_PAGE.id)}`, bibtex: cite }),
    ]);
    await page.reload();
    expect(await page.getByRole('button', { name: 'Saved', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await layoutShift(page)).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}save-paper-page-${name}.png` });
  });

  test('a paper is saved from its card on a day page, its page read for its BibTeX and kept offline', async () => {
    await page.goto(url(DAY));
    const card = page.locator('.paper-card', { has: page.locator(`a[href="${base}${paperPath(FROM_CARD.id)}"]`) });
    // The paper saved from its own page shows as saved on its card too.
    const savedCard = page.locator('.paper-card', { has: page.locator(`a[href="${base}${paperPath(FROM_PAGE.id)}"]`) });
    expect(await savedCard.locator('[data-save]').getAttribute('aria-pressed')).toBe('true');
    // From here on nothing may move: the page has loaded, KaTeX's fonts too (a formula in a title
    // needing one of them shifts its line a few pixels as it arrives, pressing a button nothing).
    await page.evaluate(() =>
      document.fonts.ready.then(() => void ((window as unknown as { shifts: number[] }).shifts.length = 0)),
    );
    await card.locator('[data-save]').click();
    expect(await card.locator('[data-save]').getAttribute('aria-pressed')).toBe('true');
    await card.screenshot({ path: `${SCREENSHOTS}save-card-${name}.png` });
    await expect.poll(async () => (await stored(page, base))[0]?.bibtex ?? '').toMatch(/^@misc\{2606\.16956,\n/);
    await expect
      .poll(() => page.evaluate((path) => caches.match(path).then(Boolean), `${base}${paperPath(FROM_CARD.id)}`))
      .toBe(true);
    expect(await layoutShift(page)).toBe(0);
  });

  test('/saved/ lists the saved papers, newest first, with typeset titles, authors and days', async () => {
    await page.goto(url('saved/'));
    await page.locator('.saved-item').nth(1).waitFor();
    expect(await savedTitles(page)).toEqual([FROM_CARD.title, expect.stringContaining('Topological Recursion')]);
    expect(await page.locator('.saved-item').nth(1).locator('.saved-title .katex').count()).toBeGreaterThan(0);
    expect(await page.locator('.saved-item time').allInnerTexts()).toEqual(['Jun 16, 2026', 'Jun 16, 2026']);
    expect(await page.locator('.saved-item .saved-authors').first().innerText()).toBe(FROM_CARD.authors);
    expect(await page.locator('.saved-item a').first().getAttribute('href')).toBe(`${base}${paperPath(FROM_CARD.id)}`);
    expect(await page.locator('.saved-status').innerText()).toBe('2 saved papers, newest saved first.');
    await page.evaluate(() => document.fonts.ready);
    expect(await layoutShift(page)).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}saved-${name}-desktop.png`, fullPage: true });

    // Removed here, the paper stays in place, unpressed, until it is saved again, as it was.
    const toggle = page.locator('.saved-item').first().locator('[data-save]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('.saved-status').innerText()).toBe('1 saved paper, newest saved first.');
    await toggle.click();
    expect(await page.locator('.saved-status').innerText()).toBe('2 saved papers, newest saved first.');
    expect((await stored(page, base)).map(({ id }) => id)).toEqual([FROM_CARD.id, FROM_PAGE.id]);
  });

  test('/saved/ has no accessibility problem in either theme, and fits a phone', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(url('saved/'));
      await page.locator('.saved-item').nth(1).waitFor();
      expect(await axeViolations(page), colorScheme).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}saved-${name}-${colorScheme}.png`, fullPage: true });
      await page.goto(url(paperPath(FROM_PAGE.id)));
      expect(await axeViolations(page), `paper page, ${colorScheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    for (const theme of ['light', 'dark'] as const) {
      await phone.emulateMedia({ colorScheme: theme });
      await phone.goto(url('saved/'));
      await phone.locator('.saved-item').nth(1).waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await phone.screenshot({ path: `${SCREENSHOTS}saved-${name}-phone-${theme}.png`, fullPage: true });
    }
    await phone.close();
  });

  test('offline, the paper saved from its card (never opened) opens, and so does /saved/', async () => {
    await context.setOffline(true);
    await server.stop();
    try {
      await page.goto(url(paperPath(FROM_CARD.id)));
      expect(await page.locator('h1').innerText()).toBe(FROM_CARD.title);
      expect(await page.locator('.bibtex').innerText()).toContain('@misc{2606.16956,');
      await page.goto(url('saved/'));
      expect(await savedTitles(page)).toEqual([FROM_CARD.title, expect.stringContaining('Topological Recursion')]);
      // Offline, nothing is marked gone: no answer is not a "not found".
      expect(await page.locator('.saved-gone:visible').count()).toBe(0);
    } finally {
      await server.start();
      await context.setOffline(false);
    }
  });

  test('"Download BibTeX" gives one entry per saved paper, as their Cite blocks, that Zotero reads', async () => {
    await page.goto(url('saved/'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download]').click()]);
    expect(download.suggestedFilename()).toBe('saved-papers.bib');
    bibFile = await readFile(await download.path(), 'utf8');
    const library = parseBibtex(bibFile, { sentenceCase: false });
    expect(library.errors).toEqual([]);
    expect(library.entries.map(({ key }) => key)).toEqual([FROM_CARD.id, FROM_PAGE.id]);
    for (const { id } of [FROM_CARD, FROM_PAGE]) {
      await page.goto(url(paperPath(id)));
      expect(bibFile).toContain(`\n${await page.locator('.bibtex').textContent()}\n`);
    }
  });

  test('"Copy links" copies the permalinks, one per line, newest first', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await page.goto(url('saved/'));
    await page.locator('[data-copy-links]').click();
    await page.locator('.saved-status', { hasText: 'Copied 2 links.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      [url(paperPath(FROM_CARD.id)), url(paperPath(FROM_PAGE.id))].join('\n'),
    );
  });

  test('another browser imports the file: the same papers in the same order, completed from their pages', async () => {
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(url('saved/'));
    expect(await fresh.locator('.saved-status').innerText()).toBe('Nothing saved yet.');
    expect(await fresh.locator('[data-download]').isDisabled()).toBe(true);
    await fresh
      .locator('.saved-import input')
      .setInputFiles({ name: 'saved-papers.bib', mimeType: 'application/x-bibtex', buffer: Buffer.from(bibFile) });
    await fresh.locator('.saved-status', { hasText: 'Imported 2 papers from saved-papers.bib.' }).waitFor();
    // The title, byline and day the entry gave are replaced by the page's once it is read.
    await fresh.locator('.saved-item').nth(1).locator('.saved-title .katex').first().waitFor();
    await expect
      .poll(() => fresh.locator('.saved-item time').allInnerTexts())
      .toEqual(['Jun 16, 2026', 'Jun 16, 2026']);
    expect(await savedTitles(fresh)).toEqual(await savedTitles(page));
    expect(await fresh.locator('.saved-item .saved-authors').first().innerText()).toBe(FROM_CARD.authors);
    const list = await stored(fresh, base);
    expect(list.map(({ id }) => id)).toEqual([FROM_CARD.id, FROM_PAGE.id]);
    for (const paper of list) expect(bibFile).toContain(paper.bibtex);
    await other.close();
  });

  test('a saved paper that left the site stays on the list, marked as no longer on this site', async () => {
    await rm(join(site.dir, 'dist', paperPath(FROM_PAGE.id)), { recursive: true });
    await page.goto(url('saved/'));
    const gone = page.locator('.saved-item', { hasText: 'Topological Recursion' }).locator('.saved-gone');
    await gone.waitFor();
    expect(await gone.innerText()).toBe('No longer on this site');
    expect(await page.locator('.saved-item .saved-gone:visible').count()).toBe(1);
    expect(await savedTitles(page)).toHaveLength(2);
    await page.reload();
    expect(await gone.isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}saved-${name}-gone.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download]').click()]);
    const entries = parseBibtex(await readFile(await download.path(), 'utf8'), { sentenceCase: false }).entries;
    expect(entries.map(({ key }) => key)).toEqual([FROM_CARD.id, FROM_PAGE.id]);
  });

  test('a search result carries a Save button that saves its paper', async () => {
    await page.goto(url(`search/?q=${encodeURIComponent(FROM_SEARCH.query)}`));
    const result = page.locator('.search-result', {
      has: page.locator(`a[href="${base}${paperPath(FROM_SEARCH.id)}"]`),
    });
    await result.locator('[data-save]').click();
    expect(await result.locator('[data-save]').getAttribute('aria-pressed')).toBe('true');
    await result.screenshot({ path: `${SCREENSHOTS}save-search-result-${name}.png` });
    await expect.poll(async () => (await stored(page, base))[0]?.bibtex ?? '').toContain(`@misc{${FROM_SEARCH.id},`);
    await page.goto(url('saved/'));
    expect(await page.locator('.saved-item').count()).toBe(3);
  });

  test('paper and day pages with Save buttons still run under 5 KB of JavaScript', async () => {
    const fresh = await browser.newContext();
    for (const path of [paperPath(FROM_CARD.id), DAY]) {
      const visit = await fresh.newPage();
      await visit.goto(url(path));
      await visit.waitForLoadState('networkidle');
      expect(await scriptBytes(visit), path).toBeLessThan(5 * 1024);
    }
    await fresh.close();
  });
});
