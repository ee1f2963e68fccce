import { describe, expect, test } from 'vitest';
import { countFilterValues, facetsById, facetTable, filterOptions } from '../../../src/lib/search/facets.ts';

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
