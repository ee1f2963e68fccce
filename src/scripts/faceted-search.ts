/**
 * Filtered and sorted searches. Pagefind's index holds text and metadata only, so that a first
 * search downloads little; what a reader filters and sorts by is in each index part's facet table
 * (src/lib/search/facets.ts), loaded with the first search that filters or sorts. Such a search
 * asks Pagefind for every page that matches, then keeps the pages the filters allow and orders
 * them by the sort, relevance breaking ties. The `author` filter keeps one author's papers, from
 * the author files beside each table.
 */
import {
  authorsUrl,
  countFilterValues,
  facetsById,
  facetsUrl,
  FILTERS,
  SORTS,
  type AuthorBucket,
  type FacetTable,
  type Facets,
} from '../lib/search/facets.ts';

type Filters = Record<string, string[]>;
type Sort = Record<string, 'asc' | 'desc'>;
export interface SearchOptions {
  filters?: Filters;
  sort?: Sort;
}
type Counts = Record<string, Record<string, number>>;
interface Result {
  id: string;
}
export interface SearchResponse<R extends Result = Result> {
  results: R[];
  unfilteredResultCount: number;
  filters: Counts;
  totalFilters: Counts;
  timings: unknown;
}

/** The filter that keeps one author's papers: not a menu, a link from a paper's page. */
export const AUTHOR_FILTER = 'author';

/** Whether a search uses a filter or a sort. */
export function isFaceted(options: SearchOptions): boolean {
  const filtered = Object.values(options.filters ?? {}).some((values) => values.length > 0);
  return filtered || Object.keys(options.sort ?? {}).length > 0;
}

/**
 * Filtered and sorted searches on top of `search`, Pagefind's own over all parts. `parts` are the
 * parts' folders; their facet tables load with the first search that needs them.
 */
export function facetedSearch<R extends Result>(
  search: (term: string | null, options: SearchOptions) => Promise<SearchResponse<R> | null>,
  parts: readonly string[],
  version: string,
) {
  const fetchJson = async <T>(url: string): Promise<T> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return (await response.json()) as T;
  };
  let tables: Promise<FacetTable[]> | undefined;
  let facets: Promise<Map<string, Facets>> | undefined;
  const tablesOf = () => (tables ??= Promise.all(parts.map((part) => fetchJson<FacetTable>(facetsUrl(part, version)))));
  const facetsOf = () => (facets ??= tablesOf().then(facetsById));
  /** The ids of the pages by any of `names`, in every part. */
  const pagesBy = async (names: readonly string[]): Promise<Set<string>> => {
    const ids = new Set<string>();
    const all = await tablesOf();
    await Promise.all(
      parts.flatMap((part, index) =>
        names.map(async (name) => {
          const bucket = await fetchJson<AuthorBucket>(authorsUrl(part, name, version));
          for (const position of bucket[name.normalize('NFC')] ?? []) ids.add(all[index]!.ids[position]!);
        }),
      ),
    );
    return ids;
  };

  return async (term: string | null, options: SearchOptions): Promise<SearchResponse<R> | null> => {
    const authors = options.filters?.[AUTHOR_FILTER] ?? [];
    const [response, byId, byAuthors] = await Promise.all([
      search(term, {}),
      facetsOf(),
      authors.length > 0 ? pagesBy(authors) : undefined,
    ]);
    if (!response) return null;
    const selected = Object.entries(options.filters ?? {}).filter(
      ([name, values]) => name !== AUTHOR_FILTER && values.length > 0,
    );
    const all = response.results.map((result, order) => ({ result, order, facets: byId.get(result.id) }));
    const known = all.filter(
      (item): item is typeof item & { facets: Facets } =>
        item.facets !== undefined && (!byAuthors || byAuthors.has(item.result.id)),
    );
    const kept = known.filter(({ facets }) =>
      selected.every(([name, values]) => {
        const valueOf = FILTERS[name as keyof typeof FILTERS];
        return valueOf !== undefined && values.includes(valueOf(facets) ?? '');
      }),
    );
    const [key, direction] = Object.entries(options.sort ?? {})[0] ?? [];
    const valueOf = SORTS[key as keyof typeof SORTS];
    if (valueOf) {
      const sign = direction === 'asc' ? 1 : -1;
      kept.sort((a, b) => {
        const [x, y] = [valueOf(a.facets), valueOf(b.facets)];
        return sign * (x < y ? -1 : x > y ? 1 : 0) || a.order - b.order;
      });
    }
    return {
      results: kept.map((item) => item.result),
      unfilteredResultCount: response.results.length,
      filters: countFilterValues(kept.map((item) => item.facets)),
      totalFilters: countFilterValues(known.map((item) => item.facets)),
      timings: response.timings,
    };
  };
}
