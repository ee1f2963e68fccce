import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/** The URLs a service worker precaches, read from the manifest Workbox writes into it. */
const precached = (sw: string) => [...sw.matchAll(/url:"([^"]+)"/g)].map((match) => match[1]!);

describe('the service worker a build writes', () => {
  let site: SiteUnderTest;
  let small: string;
  let large: string;
  let buildOutput: string;

  beforeAll(async () => {
    site = await createSite({ 'listing.txt': fixturePath('listing/hostile-and-math.txt') });
    await site.importPapers();
    buildOutput = await site.build();
    small = await site.read('dist/sw.js');
    await site.build({ OFFLINE_INDEX_LIMIT_MB: '0' });
    large = await site.read('dist/sw.js');
  });
  afterAll(() => site.remove());

  test('precaches the app shell, the search page and Pagefind’s runtime', () => {
    const urls = precached(small);
    for (const url of [
      'index.html',
      'search/index.html',
      'offline/index.html',
      'pagefind/pagefind.js',
      'pagefind/pagefind-worker.js',
      'pagefind/pagefind-entry.json',
      'pagefind/pagefind-component-ui.js',
      'pagefind/wasm.en.pagefind',
    ]) {
      expect(urls).toContain(url);
    }
    expect(urls.some((url) => /^_astro\/.+\.css$/.test(url))).toBe(true);
    expect(urls.some((url) => /^pagefind\/pagefind\.en_\w+\.pf_meta$/.test(url))).toBe(true);
    expect(urls.filter((url) => url.startsWith('papers/'))).toEqual([]);
  });

  test('precaches the whole index when it is under the limit', () => {
    const urls = precached(small);
    expect(urls.some((url) => url.startsWith('pagefind/index/'))).toBe(true);
    expect(urls.some((url) => url.startsWith('pagefind/fragment/'))).toBe(true);
    expect(buildOutput).toContain('with the whole search index');
  });

  test('above the limit, caches index chunks and fragments as searches use them', () => {
    const urls = precached(large);
    expect(urls.some((url) => /^pagefind\/(index|fragment|filter)\//.test(url))).toBe(false);
    expect(urls).toContain('pagefind/pagefind-entry.json');
    expect(large.includes('cacheName:"paperboy-pagefind-chunks"')).toBe(true);
  });

  test('is versioned by the build, and carries Workbox instead of fetching it from a CDN', async () => {
    const search = await site.html('search/index.html');
    expect(search.querySelector('pagefind-config')!.getAttribute('meta-cache-tag')).toMatch(/^[0-9a-f]{12}$/);
    expect(/importScripts|googleapis/.test(large)).toBe(false);
    expect(small).not.toBe(large);
  });
});
