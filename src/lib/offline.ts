/** The cache the service worker keeps search index files in, and "Save for offline" fills. */
export const SEARCH_CACHE = 'paperboy-search';
/** The cache of each index part's small, changing files: its entry file, sort values and file list. */
export const SEARCH_ENTRY_CACHE = 'paperboy-search-entries';
