/**
 * The search index comes in parts (src/lib/search/parts.ts). For relevance, Pagefind merges the
 * parts itself (multisite search). For a sort ("newest first", "most upvoted") its merge is wrong:
 * it ranks a sorted result by its position within its own part, so the parts interleave. Here a
 * sorted search runs on each part separately, and each result's position is turned back into its
 * sort value (the part's `sorts.json`), by which the parts' results are merged.
 *
 * The Component UI gives no hook for this, so its Pagefind handle (`__pagefind__`) is wrapped;
 * if a new Pagefind version moves it, sorted search falls back to Pagefind's own merge (and says
 * so in the console), and the build's split-index test fails. Noted upstream in the README.
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

/**
 * Searches with a sort across all parts, in true sort order. `parts` come in the search page's
 * order, newest first; `version` names this deploy's index (Pagefind's `metaCacheTag`).
 */
export function sortedSearchAcrossParts(module: PagefindModule, parts: readonly IndexPart[], version: string) {
  let searchers: Pagefind[] | undefined;
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
  return async (term: string | null, options: SearchOptions & { sort: Sort }): Promise<Response> => {
    // One Pagefind per part, made on the first sorted search; each part folder has the WebAssembly for it.
    searchers ??= parts.map((part) =>
      module.createInstance({
        basePath: part.bundlePath,
        baseUrl: part.baseUrl,
        metaCacheTag: version,
        noWorker: true,
      }),
    );
    const [key, direction] = Object.entries(options.sort)[0]!;
    const [responses, tables] = await Promise.all([
      Promise.all(searchers.map((searcher) => searcher.search(term, options))),
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
  };
}

/**
 * Routes the sorted searches of a merged Pagefind handle (the Component UI's) through
 * `sortedSearchAcrossParts`; relevance searches stay with Pagefind's own merge.
 */
export function mergeSortedParts(
  handle: Pagefind & { paperboySorted?: true },
  sorted: ReturnType<typeof sortedSearchAcrossParts>,
): void {
  if (handle.paperboySorted) return;
  handle.paperboySorted = true;
  const merged = handle.search.bind(handle);
  handle.search = (term, options = {}) => {
    const sort = options.sort;
    return sort && Object.keys(sort).length > 0 ? sorted(term, { ...options, sort }) : merged(term, options);
  };
}
