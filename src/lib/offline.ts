/** The cache the service worker keeps search index files in, and "Save for offline" fills. */
export const SEARCH_CACHE = 'paperboy-search';
/** The cache of each index part's small, changing files: its entry file, facet table and file list. */
export const SEARCH_ENTRY_CACHE = 'paperboy-search-entries';
/** The cache of pages read, so that they open again offline. */
export const PAGE_CACHE = 'paperboy-pages';

import { PATHS } from './paths.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The URLs the service worker routes, for a site at `scope` (its base URL, as
 * `https://me.github.io/daily/`). Each pattern matches whole URLs of this site only.
 */
export function offlineRoutes(scope: string) {
  const base = `^${escapeRegExp(scope)}`;
  const index = `${base}${escapeRegExp(PATHS.searchIndex)}`;
  return {
    /** Index files named by a hash of their content: a cached copy is always the right one. */
    searchFile: new RegExp(`${index}[^/]+/(?:pagefind\\.[^/]+\\.pf_meta|(?:index|fragment|filter)/[^/]+)$`),
    /** Index files whose names stay the same from one deploy to the next. */
    searchEntry: new RegExp(
      `${index}[^/]+/(?:(?:pagefind-entry|facets|files|authors/[0-9a-f]{2})\\.json|wasm\\.[^/]+\\.pagefind)(?:\\?.*)?$`,
    ),
    searchPage: new RegExp(`${base}${escapeRegExp(PATHS.search)}(?:\\?.*)?$`),
    homePage: new RegExp(`${base}(?:\\?.*)?$`),
    /** Any other page: a folder's index or an `.html` file. */
    page: new RegExp(`${base}(?:[^?#]*/|[^?#]*\\.html)(?:\\?.*)?$`),
  };
}
