import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import searchIndex from '../../src/integrations/search-index.ts';
import { openSiteSearch, type FoundPage, type SiteSearch } from '../helpers/pagefind.ts';
import { ARCHIVE, sharedSite, SITE_URL } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/**
 * Runs the build's search step (src/integrations/search-index.ts: the indexer, then the parts
 * installed into dist/) again in the built site in `dir`, with these settings. The site's pages
 * stay as they are: the index is made from the entries, not from the pages.
 */
async function indexAgain(dir: string, settings: Record<string, string>): Promise<void> {
  // The indexer runs in a process of its own, which takes the settings from the environment.
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
  try {
    const { hooks } = searchIndex();
    const logger = { info() {} };
    await hooks['astro:config:setup']!({ config: { root: pathToFileURL(`${dir}/`) } } as never);
    await hooks['astro:build:start']!({ logger } as never);
    await hooks['astro:build:done']!({ dir: pathToFileURL(`${dir}/dist/`), logger } as never);
  } finally {
    vi.unstubAllEnvs();
  }
}

/**
 * The same archive indexed whole and in parts (small parts, so a small archive splits): the shared
 * archive (tests/helpers/shared-sites.ts), whose build made one index of it, and a copy indexed again in parts.
 */
describe('a search index built in parts', () => {
  // About 200 weekdays: most of a year, so the parts follow real months and years.
  const { corpus } = ARCHIVE;
  const sample = corpus[20]!.papers[0]!;
  let split: SiteUnderTest;
  let whole: SiteSearch;
  let parts: SiteSearch;
  let partNames: string[];

  beforeAll(async () => {
    const { site } = await sharedSite('archive');
    split = await site.copy();
    await indexAgain(split.dir, { SITE_URL, SEARCH_ONE_PART_UP_TO: '0', SEARCH_PART_PAPERS: '100' });
    partNames = (await readdir(join(split.dir, 'dist/pagefind'))).sort();
    whole = await openSiteSearch(join(site.dir, 'dist'));
    parts = await openSiteSearch(join(split.dir, 'dist'));
  });
  afterAll(async () => {
    await whole?.close();
    await parts?.close();
    await split?.remove();
  });

  const urls = (pages: FoundPage[]) => pages.map((page) => page.url);

  test('cuts the archive by date, with the newest month a part of its own', () => {
    const newestMonth = corpus.at(-1)!.date.slice(0, 7);
    expect(partNames.length).toBeGreaterThanOrEqual(4);
    expect(partNames).toContain(newestMonth);
  });

  test('finds the paper a reader looks for first, and mostly the same top results', async () => {
    const title = String(sample['title']).replace(/\$[^$]*\$/g, '');
    const first = await parts.search(`${title} ${(sample['authors'] as string[])[0]}`);
    expect(first[0]!.url).toBe(`/papers/${String(sample['arxivId'])}/`);
    // Each part ranks by its own word statistics (Pagefind's BM25 per index), so with parts this
    // small the order differs a little; the pages found stay the same.
    const queries = ['diffusion transformer', 'watermarking', 'calibration robustness', 'reward agents', 'protein'];
    let shared = 0;
    let total = 0;
    for (const query of queries) {
      const [a, b] = [urls(await whole.search(query, { limit: 10 })), urls(await parts.search(query, { limit: 10 }))];
      expect(b.length, query).toBe(a.length);
      expect(
        a.slice(0, 3).some((url) => b.slice(0, 3).includes(url)),
        query,
      ).toBe(true);
      shared += a.filter((url) => b.includes(url)).length;
      total += a.length;
    }
    expect(shared / total).toBeGreaterThanOrEqual(0.7);
  });

  test('sorts across the parts exactly as one index does', async () => {
    for (const [key, direction] of [
      ['date', 'desc'],
      ['date', 'asc'],
      ['upvotes', 'desc'],
    ] as const) {
      const sort = { [key]: direction };
      const [a, b] = [
        await whole.search('models', { sort, limit: 25 }),
        await parts.search('models', { sort, limit: 25 }),
      ];
      expect(
        b.map((page) => page.meta[key]),
        `${key} ${direction}`,
      ).toEqual(a.map((page) => page.meta[key]));
    }
  });

  test('filters across the parts as one index does', async () => {
    const year = corpus[0]!.date.slice(0, 4);
    const filters = { year: [year] };
    const sort = { date: 'desc' } as const;
    const [a, b] = [
      await whole.search('learning', { filters, sort, limit: 10 }),
      await parts.search('learning', { filters, sort, limit: 10 }),
    ];
    expect(b.map((page) => page.meta['date'])).toEqual(a.map((page) => page.meta['date']));
    expect(b.every((page) => page.meta['date']!.startsWith(year))).toBe(true);
    expect(await parts.filters()).toEqual(await whole.filters());
  });
});
