import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { indexFiles, type PartListing, type SavedPages } from '../../src/lib/offline.ts';
import { sharedSite } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/** The URLs a service worker installs, read from the manifest Workbox writes into it. */
const precached = (sw: string) => [...sw.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]!);

/** Bytes a static host sends for a file of dist/: gzipped where hosts gzip, else as it is. */
async function sent(site: SiteUnderTest, path: string): Promise<number> {
  const bytes = await readFile(join(site.dir, 'dist', path));
  return /^\.(html|js|css|json|svg|txt)$/.test(extname(path)) ? gzipSync(bytes).length : bytes.length;
}

/** The service workers of the shared listings sites (tests/helpers/shared-sites.ts). */
describe('the service worker a build writes', () => {
  let site: SiteUnderTest;
  let sw: string;
  let output: string;

  beforeAll(async () => {
    ({ site, output } = await sharedSite('listings'));
    sw = await site.read('dist/sw.js');
  });

  test('installs the app shell, the search page and Pagefind’s runtime; the index comes apart from the manifest', () => {
    const urls = precached(sw);
    for (const url of [
      'index.html',
      'search/index.html',
      'offline/index.html',
      'pagefind/all/pagefind.js',
      'pagefind/all/pagefind-worker.js',
      'pagefind/all/wasm.en.pagefind',
    ]) {
      expect(urls).toContain(url);
    }
    expect(urls.some((url) => /^_astro\/.+\.css$/.test(url))).toBe(true);
    // Workbox would serve installed index files cache-first whatever the deploy: the worker keeps
    // them in the index caches instead, where each part's entry file stays network-first.
    expect(urls.filter((url) => /^papers\/|pf_meta|\/(index|fragment|filter)\//.test(url))).toEqual([]);
  });

  test('on a small archive, keeps the whole index on a first visit, within the 2 MB budget', async () => {
    expect(output).toMatch(/a first visit installs the app \(\d+ files, \d+ KB sent\) and the search index/);
    const search = await site.html('search/index.html');
    const config = JSON.parse(search.querySelector('#search-config')!.textContent) as { version: string };
    const listing = JSON.parse(await site.read('dist/pagefind/all/files.json')) as PartListing;
    const index = indexFiles(listing, 'https://x.invalid/pagefind/all/', config.version, 'en').map((file) =>
      new URL(file.url).pathname.slice(1),
    );
    const urls = new Set([...precached(sw), ...index]);
    let total = 0;
    for (const url of urls) total += await sent(site, url);
    expect(total).toBeLessThan(2 * 1024 * 1024);
    expect(Buffer.byteLength(sw)).toBeLessThan(100 * 1024);
    // The worker learns the deploy's index version and that it keeps the whole index.
    expect(sw).toContain(config.version);
  });

  test('lists the pages "Save for offline" keeps: every paper’s, newest first, with its size as sent', async () => {
    const saved = JSON.parse(await site.read('dist/offline/pages.json')) as SavedPages;
    const papers = (await site.files('dist/papers')).filter((file) => file.endsWith('index.html'));
    expect(saved.papers).toBe(papers.length);
    expect(Object.keys(saved.pages)).toHaveLength(papers.length);
    for (const [url, bytes] of Object.entries(saved.pages)) {
      expect(url).toMatch(/^\/papers\/[^/]+\/$/);
      expect(await sent(site, `${url.slice(1)}index.html`)).toBe(bytes);
    }
    const days = await Promise.all(
      Object.keys(saved.pages).map(
        async (url) =>
          (await site.html(`${url.slice(1)}index.html`)).querySelector('time')?.getAttribute('datetime') ?? '',
      ),
    );
    expect(days).toEqual([...days].sort().reverse());
  });

  test('is bundled for production, with its caches for the index and for pages', () => {
    for (const cache of ['paperboy-search', 'paperboy-search-entries', 'paperboy-pages']) {
      expect(sw).toContain(`"${cache}"`);
    }
    // Workbox's development-only logging is left out.
    expect(sw).not.toContain('logger');
    expect(sw).not.toContain('__WB_MANIFEST');
    expect(sw).not.toContain('__OFFLINE_INDEX__');
  });

  test('carries Workbox instead of fetching it from a CDN, and names the deploy’s index', async () => {
    expect(/importScripts|googleapis/.test(sw)).toBe(false);
    const search = await site.html('search/index.html');
    const config = JSON.parse(search.querySelector('#search-config')!.textContent) as { version: string };
    expect(config.version).toMatch(/^[0-9a-f]{12}$/);
  });

  test('above the budget (OFFLINE_BUDGET_KB), a first visit installs the app alone', async () => {
    // The rendering site, built under /daily/ with a budget of 64 KB: the same app, a bigger index.
    const above = await sharedSite('rendering');
    expect(above.output).toMatch(
      /a first visit installs the app \(\d+ files, \d+ KB sent\); with the search index \(\d+ KB sent\) it would pass the 64 KB first-visit budget/,
    );
    // The same files; the bundles' content hashes differ, as their code holds the base path.
    const unhashed = (urls: string[]) => urls.map((url) => url.replace(/\.[\w-]{8}\.(js|css)$/, '.$1')).sort();
    expect(unhashed(precached(await above.site.read('dist/sw.js')))).toEqual(unhashed(precached(sw)));
  });
});
