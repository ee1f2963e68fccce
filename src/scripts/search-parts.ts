/**
 * The search index comes in parts (src/lib/search/parts.ts) that Pagefind merges in the browser.
 * Pagefind ranks a sorted result by its position within its own part, and its merge sorts by that
 * number, so "newest first" or "most upvoted" would interleave the parts wrongly. This turns each
 * result's position back into its sort value (from the part's `sorts.json`) and merges by value.
 * It reaches into Pagefind's internals (`instances`, the per-index search), so it checks they are
 * there and otherwise leaves Pagefind's own merge in place. Noted upstream in the README.
 */

type Sort = Record<string, 'asc' | 'desc'>;
interface Result {
  score: number;
}
interface Response {
  results: Result[];
  unfilteredResultCount: number;
  filters: unknown;
  totalFilters: unknown;
  timings: unknown[];
}
interface IndexInstance {
  search(term: string | null, options: { sort?: Sort; filters?: unknown }): Promise<Response>;
}
/** Pagefind's object behind `pagefind.search` when indexes are merged. */
interface MergingSearch {
  instances?: IndexInstance[];
  search(term: string | null, options?: { sort?: Sort; filters?: unknown }): Promise<Response | null>;
  mergeFilters?(filters: unknown[]): unknown;
  paperboySorted?: true;
}

/** Sort values of one part in Pagefind's ascending order, as runs of `[value, count]`. */
type Runs = [string, number][];

/** The value at a position of a part's sort order. */
function valueAt(runs: Runs, position: number): string {
  let end = 0;
  for (const [value, count] of runs) {
    end += count;
    if (position < end) return value;
  }
  return runs.at(-1)?.[0] ?? '';
}

const compareValues = (a: string, b: string) =>
  /^-?\d+(?:\.\d+)?$/.test(a) && /^-?\d+(?:\.\d+)?$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;

/**
 * Makes sorted searches across the parts come out in true sort order. `partUrls` lists the
 * parts' folders in the order Pagefind holds them: the primary first, then the merged ones.
 */
export function mergeSortedParts(pagefind: MergingSearch, partUrls: readonly string[]): void {
  if (pagefind.paperboySorted || !Array.isArray(pagefind.instances) || typeof pagefind.mergeFilters !== 'function') {
    if (!pagefind.paperboySorted) console.warn('Paperboy: Pagefind changed; sorted results may mix the index parts');
    return;
  }
  pagefind.paperboySorted = true;
  const original = pagefind.search.bind(pagefind);
  const tables = new Map<string, Promise<Record<string, Runs>>>();
  const sortsOf = (url: string) => {
    if (!tables.has(url)) tables.set(url, fetch(`${url}sorts.json`).then((response) => response.json() as Promise<Record<string, Runs>>));
    return tables.get(url)!;
  };
  pagefind.search = async (term, options = {}) => {
    const [key, direction] = Object.entries(options.sort ?? {})[0] ?? [];
    const instances = pagefind.instances!;
    if (!key || instances.length < 2 || instances.length !== partUrls.length) return original(term, options);
    const [responses, sorts] = await Promise.all([
      Promise.all(instances.map((instance) => instance.search(term, options))),
      Promise.all(partUrls.map(sortsOf)),
    ]);
    const ranked = responses.flatMap((response, part) =>
      response.results.map((result, order) => ({
        result,
        value: valueAt(sorts[part]![key] ?? [], Math.abs(Math.round(result.score))),
        part,
        order,
      })),
    );
    const sign = direction === 'asc' ? 1 : -1;
    ranked.sort((a, b) => sign * compareValues(a.value, b.value) || a.part - b.part || a.order - b.order);
    return {
      results: ranked.map((entry) => entry.result),
      unfilteredResultCount: responses.reduce((sum, response) => sum + response.unfilteredResultCount, 0),
      filters: pagefind.mergeFilters!(responses.map((response) => response.filters)),
      totalFilters: pagefind.mergeFilters!(responses.map((response) => response.totalFilters)),
      timings: responses.map((response) => response.timings),
    };
  };
}
