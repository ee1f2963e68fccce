/**
 * The site's fixed paths under its base. Pages link through the helpers in urls.ts, which are
 * built on these; the service worker (which learns the base from its scope) and the build steps
 * that write dist/ use them directly, so that no path is spelled twice.
 */
export const PATHS = {
  archive: 'archive/',
  search: 'search/',
  offline: 'offline/',
  /** The reading list (src/pages/saved.astro). */
  saved: 'saved/',
  feed: 'rss.xml',
  /** Pagefind's index, one folder per part (src/lib/search/parts.ts). */
  searchIndex: 'pagefind/',
  /** KaTeX's stylesheet and fonts (src/lib/math/assets.ts). */
  katex: 'katex/',
} as const;

/**
 * A paper's page under the base path; `slug` is the entry id fixed at import and never recomputed.
 * Here rather than in urls.ts so that browser scripts can build it (the reading list's import).
 */
export const paperPath = (slug: string): string => `papers/${slug}/`;

/** The file in dist/ that serves a folder's page: `search/` → `search/index.html`, the home page → `index.html`. */
export const pageFile = (path: string): string => `${path}index.html`;
