import { describe, expect, test } from 'vitest';
import { offlineRoutes } from '../../src/lib/offline.ts';

describe('the service worker’s routes', () => {
  for (const scope of ['https://papers.example/', 'https://me.github.io/daily/']) {
    const routes = offlineRoutes(scope);
    const url = (path: string) => `${scope}${path}`;
    const routeOf = (address: string) =>
      (Object.keys(routes) as (keyof typeof routes)[]).find((name) => routes[name].test(address));

    test(`send each of the site's URLs to its cache, under ${scope}`, () => {
      expect(routeOf(url('pagefind/2024/pagefind.en_8ceea5678d.pf_meta'))).toBe('searchFile');
      expect(routeOf(url('pagefind/all/index/en_9c57a7d.pf_index'))).toBe('searchFile');
      expect(routeOf(url('pagefind/2024-08/fragment/en_3bc63ff.pf_fragment'))).toBe('searchFile');
      expect(routeOf(url('pagefind/all/pagefind-entry.json?ts=82d999739964'))).toBe('searchEntry');
      expect(routeOf(url('pagefind/2023/facets.json?ts=82d999739964'))).toBe('searchEntry');
      expect(routeOf(url('pagefind/2023/files.json'))).toBe('searchEntry');
      expect(routeOf(url('pagefind/2023/authors/3f.json?ts=82d999739964'))).toBe('searchEntry');
      expect(routeOf(url('search/?author=Ada%20Lovelace'))).toBe('searchPage');
      expect(routeOf(url('pagefind/all/wasm.en.pagefind'))).toBe('searchEntry');
      expect(routeOf(url('search/?q=diffusion&year=2024'))).toBe('searchPage');
      expect(routeOf(url(''))).toBe('homePage');
      expect(routeOf(url('?utm_source=feed'))).toBe('homePage');
      expect(routeOf(url('papers/2301.00001/'))).toBe('page');
      expect(routeOf(url('days/2025-01-16/'))).toBe('page');
      expect(routeOf(url('404.html'))).toBe('page');
    });

    test(`leave other sites and other files alone, under ${scope}`, () => {
      expect(routeOf('https://elsewhere.example/papers/2301.00001/')).toBeUndefined();
      expect(routeOf(url('rss.xml'))).toBeUndefined();
      expect(routeOf(url('_astro/Base.jlh38hAo.css'))).toBeUndefined();
      expect(routeOf(url('pagefind/all/pagefind.js'))).toBeUndefined();
    });
  }

  test('a base path is matched literally, dots included', () => {
    const routes = offlineRoutes('https://x.example/v1.2/');
    expect(routes.homePage.test('https://x.example/v1.2/')).toBe(true);
    expect(routes.homePage.test('https://x.example/v1x2/')).toBe(false);
  });
});
