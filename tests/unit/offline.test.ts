import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  coverage,
  deviceStatusLines,
  indexFiles,
  listingUrl,
  offlineRoutes,
  PAGE_CACHE,
  pagesWithin,
  requestedUrl,
  saveAnnouncement,
  savedMarkerUrl,
  savedMessage,
  savedPagesUrl,
  SEARCH_CACHE,
  SEARCH_ENTRY_CACHE,
  searchSummary,
} from '../../src/lib/offline.ts';

/** A slice of a real part's `files.json`, as the build writes it for the bundled sample. */
const LISTING = {
  files: {
    'authors/00.json': 2,
    'authors/3f.json': 2,
    'facets.json': 1229,
    'fragment/en_124387b.pf_fragment': 910,
    'index/en_3b1b3d5.pf_index': 20193,
    'pagefind-entry.json': 172,
    'pagefind-worker.js': 42928,
    'pagefind.en_d685a4cc4c.pf_meta': 431,
    'pagefind.js': 47228,
    'wasm.en.pagefind': 59758,
    'wasm.unknown.pagefind': 55386,
  },
  bytes: 228239,
};

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
      expect(routeOf(url('pagefind/2023/files.json?ts=82d999739964'))).toBe('searchEntry');
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

    test(`never answer for the saved-index marker or the list of pages to save, under ${scope}`, () => {
      // Both are asked for by scripts only: a cached copy must never stand in for the network's.
      const base = new URL(scope).pathname;
      expect(routeOf(new URL(savedMarkerUrl(base), scope).href)).toBeUndefined();
      expect(routeOf(new URL(savedPagesUrl(base), scope).href)).toBeUndefined();
    });
  }

  test('a base path is matched literally, dots included', () => {
    const routes = offlineRoutes('https://x.example/v1.2/');
    expect(routes.homePage.test('https://x.example/v1.2/')).toBe(true);
    expect(routes.homePage.test('https://x.example/v1x2/')).toBe(false);
  });
});

describe('indexFiles', () => {
  const folder = 'https://me.github.io/daily/pagefind/all/';
  const files = indexFiles(LISTING, folder, '82d999739964', 'en');
  const byName = (name: string) => files.find((file) => file.url.startsWith(`${folder}${name}`));

  test('keeps the index, not Pagefind’s scripts nor another language’s WebAssembly', () => {
    expect(files.map((file) => file.url.slice(folder.length).replace(/\?.*/, '')).sort()).toEqual([
      'authors/00.json',
      'authors/3f.json',
      'facets.json',
      'fragment/en_124387b.pf_fragment',
      'index/en_3b1b3d5.pf_index',
      'pagefind-entry.json',
      'pagefind.en_d685a4cc4c.pf_meta',
      'wasm.en.pagefind',
    ]);
  });

  test('asks for the files that keep their names with the deploy’s version, as the search asks', () => {
    expect(byName('pagefind-entry.json')!.url).toBe(`${folder}pagefind-entry.json?ts=82d999739964`);
    expect(byName('facets.json')!.url).toBe(`${folder}facets.json?ts=82d999739964`);
    expect(byName('authors/3f.json')!.url).toBe(`${folder}authors/3f.json?ts=82d999739964`);
    expect(byName('index/')!.url).toBe(`${folder}index/en_3b1b3d5.pf_index`);
  });

  test('puts each file in the cache the service worker serves it from, the route deciding', () => {
    const routes = offlineRoutes('https://me.github.io/daily/');
    for (const file of files) {
      expect(file.cache).toBe(routes.searchFile.test(file.url) ? SEARCH_CACHE : SEARCH_ENTRY_CACHE);
      expect(routes.searchFile.test(file.url) || routes.searchEntry.test(file.url)).toBe(true);
    }
    expect(byName('index/')!.bytes).toBe(20193);
  });

  test('names a part’s list with the version too', () => {
    const url = new URL(listingUrl(folder, '82d999739964'));
    expect(url.href).toBe(`${folder}files.json?ts=82d999739964`);
    expect(offlineRoutes('https://me.github.io/daily/').searchEntry.test(url.href)).toBe(true);
  });
});

describe('coverage', () => {
  const files = indexFiles(LISTING, 'https://x.org/pagefind/all/', 'v1', 'en');

  test('counts what the device holds and lists what it lacks', () => {
    const present = new Set(files.filter((file) => file.cache === SEARCH_ENTRY_CACHE).map((file) => file.url));
    const { total, saved, missing } = coverage(files, present);
    expect(total).toBe(2 + 2 + 1229 + 910 + 20193 + 172 + 431 + 59758);
    expect(missing.map((file) => file.url)).toEqual(
      files.filter((file) => file.cache === SEARCH_CACHE).map((file) => file.url),
    );
    expect(saved).toBe(total - 910 - 20193 - 431);
  });

  test('finds nothing missing once every file is there, and everything when none is', () => {
    expect(coverage(files, new Set(files.map((file) => file.url))).missing).toEqual([]);
    expect(coverage(files, new Set()).saved).toBe(0);
  });
});

describe('requestedUrl', () => {
  test('drops the revision Workbox keys its installed files with, and nothing else', () => {
    expect(requestedUrl('https://x.org/pagefind/all/wasm.en.pagefind?__WB_REVISION__=3f2a')).toBe(
      'https://x.org/pagefind/all/wasm.en.pagefind',
    );
    expect(requestedUrl('https://x.org/pagefind/all/facets.json?ts=v1')).toBe(
      'https://x.org/pagefind/all/facets.json?ts=v1',
    );
  });
});

describe('pagesWithin', () => {
  test('keeps the newest pages that fit, in order, and stops at the first that does not', () => {
    const pages: [string, number][] = [
      ['/papers/c/', 40],
      ['/papers/b/', 50],
      ['/papers/a/', 5],
    ];
    expect(pagesWithin(pages, 95)).toEqual({ '/papers/c/': 40, '/papers/b/': 50, '/papers/a/': 5 });
    // The oldest would fit alone, but the newest come first.
    expect(pagesWithin(pages, 94)).toEqual({ '/papers/c/': 40, '/papers/b/': 50 });
    expect(pagesWithin(pages, 10)).toEqual({});
  });

  test('reads no further than it keeps (the build looks pages up one by one)', () => {
    let read = 0;
    function* pages(): Generator<[string, number]> {
      for (let index = 0; index < 1000; index++) {
        read++;
        yield [`/papers/${index}/`, 10];
      }
    }
    expect(Object.keys(pagesWithin(pages(), 35))).toHaveLength(3);
    expect(read).toBe(4);
  });
});

describe('searchSummary', () => {
  test('counts the results of a search that read all it needed', () => {
    const whole = { unshown: 0, partial: false, online: true };
    expect(searchSummary({ what: ' for Markov', results: 6, ...whole })).toEqual({ summary: '6 results for Markov' });
    expect(searchSummary({ what: ' for quokka', results: 0, ...whole })).toEqual({ summary: 'No results for quokka' });
  });

  test('says what it searched when part of the index was missing, and how to search the rest', () => {
    const offline = searchSummary({ what: ' for convergence', results: 0, unshown: 0, partial: true, online: false });
    expect(offline.summary).toBe('Searched the parts of the index saved on this device: nothing for convergence there');
    expect(offline.remedy).toMatch(/^Go online to search the whole archive, or to keep all of it here/);
    const found = searchSummary({ what: ' for learning', results: 3, unshown: 1, partial: true, online: true });
    expect(found.summary).toBe(
      'Searched the parts of the index saved on this device: 3 results for learning; 1 of them cannot be shown without a connection',
    );
    expect(found.remedy).toMatch(/search again/);
  });

  test('never says "No results" for a search that missed part of the index', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(10_000), fc.nat(20), fc.boolean(), (word, results, unshown, online) => {
        const what = word.trim() ? ` for ${word}` : '';
        const { summary, remedy } = searchSummary({ what, results, unshown, partial: true, online });
        expect(summary.startsWith('Searched the parts of the index saved on this device: ')).toBe(true);
        expect(summary).not.toMatch(/^No results/);
        expect(remedy).toBeTruthy();
      }),
    );
  });
});

describe('deviceStatusLines', () => {
  test('say which pages open and how much of the archive search covers', () => {
    expect(deviceStatusLines({ pages: 12, index: 'whole', outdated: false })).toEqual([
      'Pages: the 12 you have opened or saved here.',
      'Search: the whole archive.',
    ]);
    expect(deviceStatusLines({ pages: 1, index: 'partial', outdated: false })).toEqual([
      'Pages: the one you have opened or saved here.',
      'Search: only the parts of the index your searches have used.',
    ]);
    expect(deviceStatusLines({ pages: 0, index: 'none', outdated: false })[1]).toBe(
      'Search: needs a connection; no part of the index is saved here.',
    );
    expect(deviceStatusLines({ pages: 2_500, index: 'partial', outdated: true })).toEqual([
      'Pages: the 2,500 you have opened or saved here.',
      'Search: the archive as saved here before its last update.',
    ]);
  });

  test('keep each line short enough for a 390 px phone to show in two lines', () => {
    for (const index of ['whole', 'partial', 'none'] as const) {
      for (const line of deviceStatusLines({ pages: 12_345, index, outdated: index === 'partial' })) {
        expect(line.length).toBeLessThanOrEqual(80);
      }
    }
  });
});

describe('what "Save for offline" says', () => {
  const MB = 2 ** 20;

  test('announces the index, the pages and the download before it starts', () => {
    expect(
      saveAnnouncement({
        index: 31 * MB,
        indexSaved: 0.4 * MB,
        pages: 2_000,
        papers: 50_000,
        pageBytes: 32 * MB,
        missing: 62.6 * MB,
      }),
    ).toBe(
      'The search index is 31.0 MB, of which 0.4 MB is saved already, and the pages of the 2,000 newest papers (of 50,000) take 32.0 MB. Saving downloads 62.6 MB.',
    );
    expect(
      saveAnnouncement({
        index: 0.3 * MB,
        indexSaved: 0,
        pages: 34,
        papers: 34,
        pageBytes: 0.5 * MB,
        missing: 0.8 * MB,
      }),
    ).toBe('The search index is 0.3 MB, and the pages of all 34 papers take 0.5 MB. Saving downloads 0.8 MB.');
  });

  test('says what it kept when it is done, and which papers open', () => {
    expect(savedMessage({ index: 0.3 * MB, pages: 34, papers: 34 })).toBe(
      'Saved: the whole archive can be searched offline on this device (0.3 MB), and its 34 papers open offline.',
    );
    expect(savedMessage({ index: 0.3 * MB, pages: 34, papers: 34 }, { already: true })).toMatch(
      /^Already saved: the whole archive can be searched offline/,
    );
    expect(savedMessage({ index: 31 * MB, pages: 2_000, papers: 50_000 })).toBe(
      'Saved: the whole archive can be searched offline on this device (31.0 MB), and its 2,000 newest papers open offline (older ones once you have opened them).',
    );
  });
});

test('the caches keep their names, which other scripts (the reading list) rely on', () => {
  expect([SEARCH_CACHE, SEARCH_ENTRY_CACHE, PAGE_CACHE]).toEqual([
    'paperboy-search',
    'paperboy-search-entries',
    'paperboy-pages',
  ]);
});
