import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateCorpus } from '../../scripts/bench/corpus.ts';
import { openSiteSearch, type FoundPage, type SiteSearch } from '../helpers/pagefind.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/** The same archive indexed whole and in parts (small parts, so a small archive splits). */
describe('a search index built in parts', () => {
  // About 200 weekdays: most of a year, so the parts follow real months and years.
  const corpus = generateCorpus(900, { perDay: [2, 7] });
  const sample = corpus[20]!.papers[0]!;
  let site: SiteUnderTest;
  let whole: SiteSearch;
  let split: SiteSearch;
  let parts: string[];

  beforeAll(async () => {
    site = await createSite({});
    for (const day of corpus) await site.addSource(`${day.date}.json`, JSON.stringify(day.papers));
    await site.importPapers();
    await site.build({ SEARCH_ONE_PART_UP_TO: '100000' });
    await cp(join(site.dir, 'dist'), join(site.dir, 'whole'), { recursive: true });
    await site.build({ SEARCH_ONE_PART_UP_TO: '0', SEARCH_PART_PAPERS: '250' });
    parts = (await readdir(join(site.dir, 'dist/pagefind'))).sort();
    whole = await openSiteSearch(join(site.dir, 'whole'));
    split = await openSiteSearch(join(site.dir, 'dist'));
  });
  afterAll(async () => {
    await whole?.close();
    await split?.close();
    await rm(join(site.dir, 'whole'), { recursive: true, force: true });
    await site.remove();
  });

  const urls = (pages: FoundPage[]) => pages.map((page) => page.url);

  test('cuts the archive by date, with the newest month a part of its own', () => {
    const newestMonth = corpus.at(-1)!.date.slice(0, 7);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect(parts).toContain(newestMonth);
  });

  test('finds the paper a reader looks for first, and mostly the same top results', async () => {
    const title = String(sample['title']).replace(/\$[^$]*\$/g, '');
    const first = await split.search(`${title} ${(sample['authors'] as string[])[0]}`);
    expect(first[0]!.url).toBe(`/papers/${String(sample['arxivId'])}/`);
    // Each part ranks by its own word statistics (Pagefind's BM25 per index), so with parts this
    // small the order differs a little; the pages found stay the same.
    const queries = ['diffusion transformer', 'watermarking', 'calibration robustness', 'reward agents', 'protein'];
    let shared = 0;
    let total = 0;
    for (const query of queries) {
      const [a, b] = [urls(await whole.search(query, { limit: 10 })), urls(await split.search(query, { limit: 10 }))];
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
        await split.search('models', { sort, limit: 25 }),
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
      await split.search('learning', { filters, sort, limit: 10 }),
    ];
    expect(b.map((page) => page.meta['date'])).toEqual(a.map((page) => page.meta['date']));
    expect(b.every((page) => page.meta['date']!.startsWith(year))).toBe(true);
    expect(await split.filters()).toEqual(await whole.filters());
  });
});
