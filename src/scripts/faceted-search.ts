/**
 * Filtered and sorted searches. Every search starts on the lean index (text and metadata, so the
 * first search downloads little). A filter or a sort needs each part's facets index, which a
 * reader's first such search loads:
 * - filtered: the facets indexes merged by Pagefind (multisite search), ranked by relevance;
 * - sorted: Pagefind's merge would be wrong here, since it ranks a sorted result by its position
 *   within its own part and the parts interleave. Each part is searched on its own, each result's
 *   position is turned back into its sort value (the part's `sorts.json`), and the parts' results
 *   are merged by value.
 * The Component UI has no hook for this: its Pagefind handle (`__pagefind__`) is wrapped, and if a
 * new Pagefind version moves it, filters and sorts stop working and the build's tests fail. Noted
 * upstream in the README.
 */

type Sort = Record<string, 'asc' | 'desc'>;
interface SearchOptions {
  sort?: Sort;
  filters?: unknown;
}
type Counts = Record<string, Record<string, number>>;
interface Response {
  results: { score: number }[];
  unfilteredResultCount: number;
  filters: Counts;
  totalFilters: Counts;
  timings: unknown;
}
/** Pagefind's search handle: what `createInstance` returns, and what the Component UI holds. */
export interface Pagefind {
  search(term: string | null, options?: SearchOptions): Promise<Response | null>;
}
export interface PagefindModule {
  createInstance(options: Record<string, unknown>): Pagefind;
}
/** One part of the index as the search page describes it. */
export interface IndexPart {
  bundlePath: string;
  baseUrl: string;
}
/** A part's sort values in Pagefind's ascending order, as runs of `[value, count]`. */
type Runs = [string, number][];

/** The value at a position of a part's sort order. */
export function valueAt(runs: Runs, position: number): string {
  let end = 0;
  for (const [value, count] of runs) {
    end += count;
    if (position < end) return value;
  }
  return runs.at(-1)?.[0] ?? '';
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const compareValues = (a: string, b: string) =>
  NUMBER.test(a) && NUMBER.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;

/** Filter counts of several parts added up. */
function addCounts(all: Counts[]): Counts {
  const sum: Counts = {};
  for (const counts of all) {
    for (const [filter, values] of Object.entries(counts ?? {})) {
      const target = (sum[filter] ??= {});
      for (const [value, count] of Object.entries(values)) target[value] = (target[value] ?? 0) + count;
    }
  }
  return sum;
}

/** Whether a search uses a filter or a sort, so needs the facets indexes. */
export function isFaceted(options: SearchOptions): boolean {
  const filtered = Object.values((options.filters ?? {}) as Record<string, unknown[]>).some(
    (values) => values.length > 0,
  );
  return filtered || Object.keys(options.sort ?? {}).length > 0;
}

/**
 * Filtered and sorted searches across all parts. `parts` are the lean indexes in the search
 * page's order, newest first (each part's facets index is in its `facets/` folder); `version`
 * names this deploy's index (Pagefind's `metaCacheTag`).
 */
export function facetedSearch(module: PagefindModule, parts: readonly IndexPart[], version: string) {
  const facets = parts.map((part) => ({ bundlePath: `${part.bundlePath}facets/`, baseUrl: part.baseUrl }));
  const open = (part: IndexPart) =>
    module.createInstance({ basePath: part.bundlePath, baseUrl: part.baseUrl, metaCacheTag: version, noWorker: true });
  let merged: Pagefind | undefined;
  let perPart: Pagefind[] | undefined;
  const sorts = new Map<string, Promise<Record<string, Runs>>>();
  const sortsOf = (part: IndexPart) => {
    if (!sorts.has(part.bundlePath)) {
      sorts.set(
        part.bundlePath,
        fetch(`${part.bundlePath}sorts.json`).then((response) => response.json() as Promise<Record<string, Runs>>),
      );
    }
    return sorts.get(part.bundlePath)!;
  };

  async function filtered(term: string | null, options: SearchOptions): Promise<Response | null> {
    if (!merged) {
      merged = open(facets[0]!);
      for (const part of facets.slice(1)) {
        await (merged as Pagefind & { mergeIndex(url: string, options: object): Promise<void> }).mergeIndex(
          part.bundlePath,
          {
            baseUrl: part.baseUrl,
            metaCacheTag: version,
          },
        );
      }
    }
    return merged.search(term, options);
  }

  async function sorted(term: string | null, options: SearchOptions & { sort: Sort }): Promise<Response> {
    perPart ??= facets.map(open);
    const [key, direction] = Object.entries(options.sort)[0]!;
    const [responses, tables] = await Promise.all([
      Promise.all(perPart.map((searcher) => searcher.search(term, options))),
      Promise.all(parts.map(sortsOf)),
    ]);
    const ranked = responses.flatMap((response, part) =>
      (response?.results ?? []).map((result, order) => ({
        result,
        // Pagefind scores a sorted result by its position in the part's order (negative when ascending).
        value: valueAt(tables[part]![key] ?? [], Math.abs(Math.round(result.score))),
        part,
        order,
      })),
    );
    const sign = direction === 'asc' ? 1 : -1;
    ranked.sort((a, b) => sign * compareValues(a.value, b.value) || a.part - b.part || a.order - b.order);
    const answered = responses.filter((response): response is Response => response !== null);
    return {
      results: ranked.map((entry) => entry.result),
      unfilteredResultCount: answered.reduce((sum, response) => sum + response.unfilteredResultCount, 0),
      filters: addCounts(answered.map((response) => response.filters)),
      totalFilters: addCounts(answered.map((response) => response.totalFilters)),
      timings: answered.map((response) => response.timings),
    };
  }

  return (term: string | null, options: SearchOptions): Promise<Response | null> => {
    const sort = options.sort;
    return sort && Object.keys(sort).length > 0 ? sorted(term, { ...options, sort }) : filtered(term, options);
  };
}

/**
 * Sends the filtered and sorted searches of the Component UI's Pagefind handle (on the lean
 * indexes) to `faceted`; other searches stay where they are.
 */
export function routeFacetedSearches(
  handle: Pagefind & { paperboyFaceted?: true },
  faceted: ReturnType<typeof facetedSearch>,
): void {
  if (handle.paperboyFaceted) return;
  handle.paperboyFaceted = true;
  const lean = handle.search.bind(handle);
  handle.search = (term, options = {}) => (isFaceted(options) ? faceted(term, options) : lean(term, options));
}
