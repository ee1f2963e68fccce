import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/** The URLs a service worker installs, read from the manifest Workbox writes into it. */
const precached = (sw: string) => [...sw.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]!);

describe('the service worker a build writes', () => {
  let site: SiteUnderTest;
  let sw: string;

  beforeAll(async () => {
    site = await createSite({ 'listing.txt': fixturePath('listing/hostile-and-math.txt') });
    await site.importPapers();
    await site.build();
    sw = await site.read('dist/sw.js');
  });
  afterAll(() => site.remove());

  test('installs the app shell, the search page and Pagefind’s runtime, and nothing of the index', () => {
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
    expect(urls.filter((url) => /^papers\/|pf_meta|\/(index|fragment|filter)\//.test(url))).toEqual([]);
  });

  test('keeps a first visit small: sw.js under 100 KB, its install under 2 MB', async () => {
    expect(Buffer.byteLength(sw)).toBeLessThan(100 * 1024);
    const sizes = await Promise.all(
      precached(sw).map((url) => stat(join(site.dir, 'dist', url)).then((info) => info.size)),
    );
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThan(2 * 1024 * 1024);
  });

  test('is bundled for production, with its caches for the index and for pages', () => {
    for (const cache of ['paperboy-search', 'paperboy-search-entries', 'paperboy-pages']) {
      expect(sw).toContain(`"${cache}"`);
    }
    // Workbox's development-only logging is left out.
    expect(sw).not.toContain('logger');
    expect(sw).not.toContain('__WB_MANIFEST');
  });

  test('carries Workbox instead of fetching it from a CDN, and names the deploy’s index', async () => {
    expect(/importScripts|googleapis/.test(sw)).toBe(false);
    const search = await site.html('search/index.html');
    const config = JSON.parse(search.querySelector('#search-config')!.textContent) as { version: string };
    expect(config.version).toMatch(/^[0-9a-f]{12}$/);
  });
});
