import { describe, expect, test } from 'vitest';
import {
  AUTHOR_BUCKETS,
  authorBucket,
  authorBuckets,
  countFilterValues,
  facetsById,
  facetTable,
  filterOptions,
} from '../../../src/lib/search/facets.ts';

const pages = [
  { id: 'en_b2', date: '2024-03-05', upvotes: 3, organization: 'Lab A' },
  { id: 'en_a1', date: '2023-12-01', upvotes: 0 },
  { id: 'en_c3', date: '2024-03-05', upvotes: 12, organization: 'Lab B' },
  { id: 'en_d4', date: '2024-01-09', upvotes: 1, organization: 'Lab A' },
];

describe('facetTable', () => {
  test('holds every page’s facets, read back exactly by facetsById', () => {
    const table = facetTable(pages);
    expect(table.ids).toEqual(['en_a1', 'en_b2', 'en_c3', 'en_d4']);
    expect(table.days).toEqual(['2023-12-01', '2024-01-09', '2024-03-05']);
    expect(table.organizations).toEqual(['Lab A', 'Lab B']);
    const byId = facetsById([table]);
    for (const { id, ...facets } of pages) expect(byId.get(id)).toEqual(facets);
  });

  test('tables of several parts read as one', () => {
    const byId = facetsById([facetTable(pages.slice(0, 2)), facetTable(pages.slice(2))]);
    expect([...byId.keys()].sort()).toEqual(['en_a1', 'en_b2', 'en_c3', 'en_d4']);
  });
});

describe('filter values', () => {
  test('are counted per filter, leaving out pages without a value', () => {
    expect(countFilterValues(pages)).toEqual({
      year: { '2023': 1, '2024': 3 },
      month: { '2023-12': 1, '2024-01': 1, '2024-03': 2 },
      organization: { 'Lab A': 2, 'Lab B': 1 },
    });
  });

  test('are offered newest first for dates and most frequent first for organizations, within a limit', () => {
    const options = filterOptions(pages, 1);
    expect(options.year).toEqual([['2024', 3]]);
    expect(options.month).toEqual([['2024-03', 2]]);
    expect(options.organization).toEqual([['Lab A', 2]]);
    expect(filterOptions(pages).month.map(([month]) => month)).toEqual(['2024-03', '2024-01', '2023-12']);
  });
});

describe('author files', () => {
  test('put each name in one of 64 files, the same for every spelling of the same characters', () => {
    const names = Array.from({ length: 2000 }, (_, index) => `Author ${index}`);
    const used = new Set(names.map(authorBucket));
    expect([...used].every((bucket) => /^[0-9a-f]{2}$/.test(bucket) && parseInt(bucket, 16) < AUTHOR_BUCKETS)).toBe(
      true,
    );
    // Spread over all the files, so that none grows far past the others.
    expect(used.size).toBe(AUTHOR_BUCKETS);
    expect(authorBucket('Zo\u00eb')).toBe(authorBucket('Zoe\u0308'));
  });

  test('list every author’s pages as positions in the facet table, every file written even when empty', () => {
    const table = facetTable([
      { id: 'en_b', date: '2024-01-01', upvotes: 0 },
      { id: 'en_a', date: '2024-01-02', upvotes: 0 },
    ]);
    const buckets = authorBuckets(
      table,
      new Map([
        ['en_a', ['Ada', 'Bo']],
        ['en_b', ['Ada', 'Ada']],
      ]),
    );
    expect(buckets).toHaveLength(AUTHOR_BUCKETS);
    const merged = Object.assign({}, ...buckets) as Record<string, number[]>;
    expect(merged).toEqual({ Ada: [0, 1], Bo: [0] });
    expect(table.ids).toEqual(['en_a', 'en_b']);
    expect(buckets[parseInt(authorBucket('Bo'), 16)]).toHaveProperty('Bo');
  });
});
