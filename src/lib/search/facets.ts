/*
 * Filters and sorts for the search page, without putting them in Pagefind's index: there they
 * would cost a few bytes per page in data every search loads first. Instead each part of the
 * index has a small table of what a reader can filter and sort by, loaded with the first search
 * that filters or sorts. Pages are known by Pagefind's id for them (its fragment's name).
 */

/** The table's file in each part's folder of the index. */
export const FACETS_FILE = 'facets.json';

/**
 * The table's address in the part at `part`, asked for with this deploy's version (as Pagefind
 * asks for its entry file) so that no cache serves an earlier deploy's table.
 */
export const facetsUrl = (part: string, version: string) => `${part}${FACETS_FILE}?ts=${version}`;

/** What a page can be filtered and sorted by. */
export interface Facets {
  date: string;
  upvotes: number;
  organization?: string | undefined;
}

/** One part's facets, as parallel lists (they compress well), one position per page. */
export interface FacetTable {
  /** Pagefind's id of each page. */
  ids: string[];
  /** Distinct days, and each page's day as a position in that list. */
  days: string[];
  day: number[];
  upvotes: number[];
  /** Distinct organizations, and each page's as a position in that list (-1: none). */
  organizations: string[];
  organization: number[];
}

/** The filters the search page offers, and the sorts; a filter's values are derived from the facets. */
export const FILTERS = {
  year: (facets: Facets) => facets.date.slice(0, 4),
  month: (facets: Facets) => facets.date.slice(0, 7),
  organization: (facets: Facets) => facets.organization,
} as const;
export type FilterName = keyof typeof FILTERS;
export const SORTS = { date: (facets: Facets) => facets.date, upvotes: (facets: Facets) => facets.upvotes } as const;

/** The table for some pages: Pagefind's id of each and its facets. */
export function facetTable(pages: readonly (Facets & { id: string })[]): FacetTable {
  const days = [...new Set(pages.map((page) => page.date))].sort();
  const organizations = [...new Set(pages.flatMap((page) => (page.organization ? [page.organization] : [])))].sort();
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const organizationIndex = new Map(organizations.map((name, index) => [name, index]));
  const sorted = [...pages].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    ids: sorted.map((page) => page.id),
    days,
    day: sorted.map((page) => dayIndex.get(page.date)!),
    upvotes: sorted.map((page) => page.upvotes),
    organizations,
    organization: sorted.map((page) => (page.organization ? organizationIndex.get(page.organization)! : -1)),
  };
}

/** Facets by page id, from the tables of all parts. */
export function facetsById(tables: readonly FacetTable[]): Map<string, Facets> {
  const facets = new Map<string, Facets>();
  for (const table of tables) {
    table.ids.forEach((id, index) => {
      const organization = table.organization[index]!;
      facets.set(id, {
        date: table.days[table.day[index]!]!,
        upvotes: table.upvotes[index]!,
        ...(organization === -1 ? {} : { organization: table.organizations[organization] }),
      });
    });
  }
  return facets;
}

/*
 * Papers by one author. Tens of thousands of names make no menu, and a table of them all would
 * cost megabytes, so each part keeps its authors in AUTHOR_BUCKETS small files, a name's file fixed
 * by the name alone: filtering by an author loads one small file per part.
 */

/** Files per part that hold its authors. */
export const AUTHOR_BUCKETS = 64;

/** The file (`00`…`3f`) that holds `name` in every part: FNV-1a over its UTF-16 code units. */
export function authorBucket(name: string): string {
  let hash = 0x811c9dc5;
  for (const char of name.normalize('NFC')) {
    for (let index = 0; index < char.length; index++) hash = Math.imul(hash ^ char.charCodeAt(index), 0x01000193);
  }
  return ((hash >>> 0) % AUTHOR_BUCKETS).toString(16).padStart(2, '0');
}

/** Where a part keeps the bucket holding `name`, asked for with this deploy's version. */
export const authorsUrl = (part: string, name: string, version: string) =>
  `${part}authors/${authorBucket(name)}.json?ts=${version}`;

/** One bucket: each author's pages, as positions in the part's facet table (`ids`). */
export type AuthorBucket = Record<string, number[]>;

/**
 * Every bucket of a part, empty ones too (so that a missing file is an error, never "no papers"),
 * from its facet table and each page's authors.
 */
export function authorBuckets(table: FacetTable, authorsById: ReadonlyMap<string, readonly string[]>): AuthorBucket[] {
  const buckets: AuthorBucket[] = Array.from({ length: AUTHOR_BUCKETS }, () => ({}));
  table.ids.forEach((id, position) => {
    for (const name of new Set(authorsById.get(id) ?? [])) {
      const bucket = buckets[parseInt(authorBucket(name), 16)]!;
      (bucket[name.normalize('NFC')] ??= []).push(position);
    }
  });
  return buckets;
}

/** Labels of the filter menus. */
export const FILTER_LABELS: Record<FilterName, string> = { year: 'Year', month: 'Month', organization: 'Organization' };

/** How many of `pages` have each value of each filter. */
export function countFilterValues(pages: Iterable<Facets>): Record<FilterName, Record<string, number>> {
  const counts = { year: {}, month: {}, organization: {} } as Record<FilterName, Record<string, number>>;
  for (const page of pages) {
    for (const name of Object.keys(FILTERS) as FilterName[]) {
      const value = FILTERS[name](page);
      if (value !== undefined) counts[name][value] = (counts[name][value] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * The values each filter menu offers, with how many papers have each: years and months newest
 * first, organizations most frequent first (the `maxValues` most frequent, so the menu stays usable).
 */
export function filterOptions(papers: readonly Facets[], maxValues = 200): Record<FilterName, [string, number][]> {
  const counts = countFilterValues(papers);
  const options = {} as Record<FilterName, [string, number][]>;
  for (const name of Object.keys(FILTERS) as FilterName[]) {
    const entries = Object.entries(counts[name]);
    entries.sort(
      name === 'organization' ? (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]) : (a, b) => b[0].localeCompare(a[0]),
    );
    options[name] = entries.slice(0, maxValues);
  }
  return options;
}
