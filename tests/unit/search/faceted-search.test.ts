import { afterEach, describe, expect, test, vi } from 'vitest';
import { authorBucket, authorBuckets, facetTable, type FacetTable } from '../../../src/lib/search/facets.ts';
import { facetedSearch, isFaceted, type SearchResponse } from '../../../src/scripts/faceted-search.ts';

// Two parts of an index, and Pagefind's answer for some words: results best first.
const parts = {
  '/pagefind/2024/': facetTable([
    { id: 'en_1', date: '2024-03-05', upvotes: 3, organization: 'Lab A' },
    { id: 'en_2', date: '2024-01-09', upvotes: 12 },
  ]),
  '/pagefind/2023/': facetTable([
    { id: 'en_3', date: '2023-06-01', upvotes: 3, organization: 'Lab A' },
    { id: 'en_4', date: '2023-02-02', upvotes: 7 },
  ]),
};
const found = ['en_3', 'en_1', 'en_4', 'en_2', 'en_gone'];
// Who wrote each page; Zoë's name is written decomposed in one paper, composed in another.
const authorsById = new Map([
  ['en_1', ['Ada Lovelace', 'Zoe\u0308 Ma']],
  ['en_2', ['Bo Li']],
  ['en_3', ['Ada Lovelace']],
  ['en_4', ['Zo\u00eb Ma', 'Bo Li']],
]);
const bucketsOf = (table: FacetTable) => authorBuckets(table, authorsById);

function searchFor() {
  const asked: { term: string | null; options: object }[] = [];
  const search = (term: string | null, options: object): Promise<SearchResponse> => {
    asked.push({ term, options });
    return Promise.resolve({
      results: found.map((id) => ({ id })),
      unfilteredResultCount: 5,
      filters: {},
      totalFilters: {},
      timings: {},
    });
  };
  const fetched: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    fetched.push(url);
    const [path, table] = Object.entries(parts).find(([path]) => url.startsWith(path))!;
    const bucket = /authors\/([0-9a-f]{2})\.json\?ts=v1$/.exec(url.slice(path.length));
    return Promise.resolve(new Response(JSON.stringify(bucket ? bucketsOf(table)[parseInt(bucket[1]!, 16)] : table)));
  });
  return { faceted: facetedSearch(search, Object.keys(parts), 'v1'), asked, fetched };
}

afterEach(() => vi.unstubAllGlobals());

const ids = (response: SearchResponse | null) => response!.results.map((result) => result.id);

describe('facetedSearch', () => {
  test('keeps the results a filter allows, in Pagefind’s order, and counts what is left', async () => {
    const { faceted, asked, fetched } = searchFor();
    const response = await faceted('words', { filters: { organization: ['Lab A'] } });
    expect(ids(response)).toEqual(['en_3', 'en_1']);
    expect(response!.filters['year']).toEqual({ '2023': 1, '2024': 1 });
    expect(response!.totalFilters['year']).toEqual({ '2023': 2, '2024': 2 });
    // Pagefind is asked for the words alone; the tables come with this deploy's version.
    expect(asked).toEqual([{ term: 'words', options: {} }]);
    expect(fetched.sort()).toEqual(['/pagefind/2023/facets.json?ts=v1', '/pagefind/2024/facets.json?ts=v1']);
  });

  test('orders by a sort across parts, relevance breaking ties', async () => {
    const { faceted } = searchFor();
    expect(ids(await faceted('words', { sort: { date: 'desc' } }))).toEqual(['en_1', 'en_2', 'en_3', 'en_4']);
    expect(ids(await faceted('words', { sort: { date: 'asc' } }))).toEqual(['en_4', 'en_3', 'en_2', 'en_1']);
    // en_3 and en_1 both have 3 upvotes: en_3 ranked higher for the words.
    expect(ids(await faceted('words', { sort: { upvotes: 'desc' } }))).toEqual(['en_2', 'en_4', 'en_3', 'en_1']);
  });

  test('loads the tables once', async () => {
    const { faceted, fetched } = searchFor();
    await faceted('a', { sort: { date: 'desc' } });
    await faceted('b', { filters: { year: ['2023'] } });
    expect(fetched).toHaveLength(2);
  });

  test('combines filters: every one must allow the page', async () => {
    const { faceted } = searchFor();
    expect(ids(await faceted(null, { filters: { year: ['2023'], organization: ['Lab A'] } }))).toEqual(['en_3']);
    expect(ids(await faceted(null, { filters: { year: ['2022'] } }))).toEqual([]);
  });

  test('keeps one author’s papers across parts, with one small file per part', async () => {
    const { faceted, fetched } = searchFor();
    expect(ids(await faceted(null, { filters: { author: ['Ada Lovelace'] } }))).toEqual(['en_3', 'en_1']);
    const bucket = authorBucket('Ada Lovelace');
    expect(fetched.filter((url) => url.includes('/authors/')).sort()).toEqual([
      `/pagefind/2023/authors/${bucket}.json?ts=v1`,
      `/pagefind/2024/authors/${bucket}.json?ts=v1`,
    ]);
    // With other filters, and however the name's accents are encoded.
    expect(ids(await faceted(null, { filters: { author: ['Zo\u00eb Ma'], year: ['2024'] } }))).toEqual(['en_1']);
    expect(ids(await faceted('words', { filters: { author: ['Zoe\u0308 Ma'] }, sort: { date: 'asc' } }))).toEqual([
      'en_4',
      'en_1',
    ]);
    expect(ids(await faceted(null, { filters: { author: ['Nobody'] } }))).toEqual([]);
  });

  test('an author file that does not load fails the search, rather than finding nothing', async () => {
    const { faceted } = searchFor();
    vi.stubGlobal('fetch', (url: string) =>
      Promise.resolve(
        url.includes('/authors/')
          ? new Response('', { status: 404 })
          : new Response(JSON.stringify(parts['/pagefind/2023/'])),
      ),
    );
    await expect(faceted(null, { filters: { author: ['Bo Li'] } })).rejects.toThrow(/404/);
  });
});

test('isFaceted: a search with a selected filter or a sort', () => {
  expect(isFaceted({})).toBe(false);
  expect(isFaceted({ filters: { year: [] } })).toBe(false);
  expect(isFaceted({ filters: { year: ['2024'] } })).toBe(true);
  expect(isFaceted({ sort: { date: 'desc' } })).toBe(true);
});
