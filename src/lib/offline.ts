/*
 * What the site keeps on a reader's device, and the words that say so. Shared by the service
 * worker (src/scripts/service-worker.ts), the build step that writes it
 * (src/integrations/service-worker.ts), "Save for offline" (src/scripts/offline-search.ts), the
 * search page and the offline page. Pure: no caches, no network, no DOM; the service worker
 * bundles this module, so it imports nothing of the site's settings either.
 */
import { FACETS_FILE } from './search/facets.ts';
import { PATHS } from './paths.ts';
import { plural } from './words.ts';

/** The start of every cache's name, Workbox's installed files included. */
export const CACHE_PREFIX = 'paperboy';
/** The cache the service worker keeps search index files in, and "Save for offline" fills. */
export const SEARCH_CACHE = 'paperboy-search';
/** The cache of each index part's small, changing files: its entry file, facet table and file list. */
export const SEARCH_ENTRY_CACHE = 'paperboy-search-entries';
/** The cache of pages read, so that they open again offline. */
export const PAGE_CACHE = 'paperboy-pages';

/**
 * How much of the papers' own pages "Save for offline" keeps, in KB as sent (gzipped): the newest
 * papers' pages up to this much. A page sends about 5.5 KB (19 KB stored), so this is some 1,850
 * papers; all the pages of a 50,000-paper archive would send 275 MB and take 950 MB.
 */
export const SAVED_PAGES_BUDGET_KB = 10 * 1024;
/** The service worker's script, at the root of the site's base. */
export const SERVICE_WORKER_FILE = 'sw.js';
/** The list of pages "Save for offline" keeps, written by the build beside the offline page. */
export const SAVED_PAGES_FILE = `${PATHS.offline}pages.json`;

/** The messages a page sends the service worker (with a port for the answer). */
export const MESSAGES = {
  /** Which index files could not be had since `since` (ms since the epoch): `string[]`. */
  indexMisses: 'paperboy:index-misses',
  /** What works offline on this device now: `DeviceStatus`. */
  status: 'paperboy:offline-status',
} as const;

/** A deploy's search index, as the search page and the service worker know it. */
export interface SiteIndex {
  /** The site's base URL path (`/daily/`). */
  base: string;
  /** This deploy's name for its index (the search page's `version`). */
  version: string;
  /** The folders of the index parts, as URL paths (`/daily/pagefind/all/`), newest first. */
  parts: string[];
  /** The language of the index: only its WebAssembly file is kept. */
  lang: string;
}

/** What the build tells the service worker: the index, and whether a first visit installs all of it. */
export interface OfflineIndex extends SiteIndex {
  /** The site is within the first-visit budget. */
  whole: boolean;
}

/** What is known of the index saved on this device (kept in SEARCH_ENTRY_CACHE under `savedMarkerUrl`). */
export interface SavedMarker {
  /** The version of the index saved whole. */
  version: string;
  /** How many papers' pages "Save for offline" kept with it (0 when the service worker saved the index). */
  pages: number;
  papers: number;
}

/**
 * Where the marker of a whole saved index is kept: a URL of the site no request ever asks for.
 * @example savedMarkerUrl('/daily/') // '/daily/pagefind/saved.json'
 */
export const savedMarkerUrl = (base: string): string => `${base}${PATHS.searchIndex}saved.json`;

/** The list of pages "Save for offline" keeps, under the base. */
export const savedPagesUrl = (base: string): string => `${base}${SAVED_PAGES_FILE}`;

/** A part's `files.json` (src/integrations/search-index.ts): every file of the part with its size in bytes. */
export interface PartListing {
  files: Record<string, number>;
  bytes: number;
}

/** A file kept for offline use: its address, the cache it goes in, its size in bytes (as sent, roughly). */
export interface OfflineFile {
  url: string;
  cache: string;
  bytes: number;
}

/** `offline/pages.json`: the pages "Save for offline" keeps, newest papers first, and how many papers there are. */
export interface SavedPages {
  /** Papers in the archive. */
  papers: number;
  /** Each kept page's URL path (as search results link to it) and size in bytes as sent. */
  pages: Record<string, number>;
}

/** How much of a deploy's search index this device holds. */
export type IndexState = 'whole' | 'partial' | 'none';

/** What works offline on this device now. */
export interface DeviceStatus {
  /** Pages kept (read, or saved), besides the installed home, search and offline pages. */
  pages: number;
  index: IndexState;
  /** Whether the index saved on this device is that of an earlier deploy. */
  outdated: boolean;
}

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

/** Each index part's list of its files (written by src/integrations/search-index.ts). */
export const PART_LISTING_FILE = 'files.json';

/** Pagefind's scripts, installed with the service worker rather than kept with the index. */
const RUNTIME = /(?:^|\/)pagefind[^/]*\.(?:js|css)$/;
const WASM = /^wasm\.([^./]+)\.pagefind$/;

/**
 * A part's file list, asked for with this deploy's version: a cached copy then always lists the
 * files of the index it is kept with.
 * @example listingUrl('/pagefind/all/', '82d999739964') // '/pagefind/all/files.json?ts=82d999739964'
 */
export const listingUrl = (folder: string, version: string): string => `${folder}${PART_LISTING_FILE}?ts=${version}`;

/**
 * The files of one index part to keep for offline search, from its listing: each with the URL
 * the search asks for it by (entry file, facet table and author files with this deploy's
 * version, as the search asks for them) and the cache the service worker serves it from.
 * Pagefind's scripts and other languages' WebAssembly are left out. `folder` is absolute.
 * @example indexFiles({ files: { 'facets.json': 9 }, bytes: 9 }, 'https://x.org/pagefind/all/', 'v1', 'en')
 * // [{ url: 'https://x.org/pagefind/all/facets.json?ts=v1', cache: 'paperboy-search-entries', bytes: 9 }]
 */
export function indexFiles(listing: PartListing, folder: string, version: string, lang: string): OfflineFile[] {
  const files: OfflineFile[] = [];
  for (const [file, bytes] of Object.entries(listing.files)) {
    if (RUNTIME.test(file) || file === PART_LISTING_FILE) continue;
    const wasm = WASM.exec(file);
    if (wasm && wasm[1] !== lang) continue;
    const name = file.slice(file.lastIndexOf('/') + 1);
    const versioned = name === 'pagefind-entry.json' || name === FACETS_FILE || file.startsWith('authors/');
    files.push({
      url: new URL(versioned ? `${file}?ts=${version}` : file, folder).href,
      cache: versioned || wasm ? SEARCH_ENTRY_CACHE : SEARCH_CACHE,
      bytes,
    });
  }
  return files;
}

/**
 * How much of `files` this device holds, given the URLs its caches hold (`present`).
 * @example coverage([{ url: 'a', cache: 'c', bytes: 3 }, { url: 'b', cache: 'c', bytes: 1 }], new Set(['a']))
 * // { total: 4, saved: 3, missing: [{ url: 'b', cache: 'c', bytes: 1 }] }
 */
export function coverage(files: readonly OfflineFile[], present: ReadonlySet<string>) {
  const missing = files.filter((file) => !present.has(file.url));
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  return { total, saved: total - missing.reduce((sum, file) => sum + file.bytes, 0), missing };
}

/**
 * A cache key as the page asks for it: Workbox keys its installed files with a revision
 * parameter, which the page never sends.
 * @example requestedUrl('https://x.org/pagefind/all/wasm.en.pagefind?__WB_REVISION__=3f') // 'https://x.org/pagefind/all/wasm.en.pagefind'
 */
export function requestedUrl(key: string): string {
  const url = new URL(key);
  url.searchParams.delete('__WB_REVISION__');
  return url.href;
}

/**
 * Which pages "Save for offline" keeps: the first of `pages` (newest first) that fit in `budget`
 * bytes together.
 * @example pagesWithin([['/p/a/', 5], ['/p/b/', 5], ['/p/c/', 5]], 12) // { '/p/a/': 5, '/p/b/': 5 }
 */
export function pagesWithin(pages: Iterable<readonly [string, number]>, budget: number): Record<string, number> {
  const kept: Record<string, number> = {};
  let total = 0;
  for (const [url, bytes] of pages) {
    if (total + bytes > budget) break;
    kept[url] = bytes;
    total += bytes;
  }
  return kept;
}

/**
 * A size as the save panel says it.
 * @example megabytes(1.5 * 2 ** 20) // '1.5 MB'
 */
export const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * What works offline on this device, as two short lines (they fit a 390 px phone).
 * @example deviceStatusLines({ pages: 3, index: 'whole', outdated: false })
 * // ['Pages: the 3 you have opened or saved here.', 'Search: the whole archive.']
 */
export function deviceStatusLines({ pages, index, outdated }: DeviceStatus): [string, string] {
  const pagesLine =
    pages === 0
      ? 'Pages: none saved here yet, besides the home and search pages.'
      : pages === 1
        ? 'Pages: the one you have opened or saved here.'
        : `Pages: the ${pages.toLocaleString('en')} you have opened or saved here.`;
  const searchLine = {
    whole: 'Search: the whole archive.',
    partial: outdated
      ? 'Search: the archive as saved here before its last update.'
      : 'Search: only the parts of the index your searches have used.',
    none: 'Search: needs a connection; no part of the index is saved here.',
  }[index];
  return [pagesLine, searchLine];
}

/** How a search went: how many results, and whether Pagefind lacked some of the index it asked for. */
export interface SearchOutcome {
  /** The words and filters, as the summary names them (`' for diffusion'`, or `''`). */
  what: string;
  results: number;
  /** Results found whose text could not be had, so not shown. */
  unshown: number;
  /** Whether some index file the search needed could not be had. */
  partial: boolean;
  /** Whether the site answers (offline, or with the site down, it does not). */
  online: boolean;
}

/**
 * The search page's summary of a search, and what to do when it could not read all of the index.
 * A search that missed part of the index never says "No results": it says what it searched.
 * @example searchSummary({ what: ' for convergence', results: 0, unshown: 0, partial: true, online: false })
 * // { summary: 'Searched the parts of the index saved on this device: nothing for convergence there',
 * //   remedy: 'Go online to search the whole archive, or to keep all of it here with “Save for offline”.' }
 */
export function searchSummary({ what, results, unshown, partial, online }: SearchOutcome): {
  summary: string;
  remedy?: string;
} {
  const found = results === 0 ? `No results${what}` : `${plural(results, 'result')}${what}`;
  const unshownNote =
    unshown > 0 ? `; ${unshown.toLocaleString('en')} of them cannot be shown without a connection` : '';
  if (!partial) return { summary: `${found}${unshownNote}` };
  const inSaved = results === 0 ? `nothing${what || ' for this search'} there` : `${plural(results, 'result')}${what}`;
  return {
    summary: `Searched the parts of the index saved on this device: ${inSaved}${unshownNote}`,
    remedy: online
      ? 'Part of the index could not be loaded: search again to try once more.'
      : 'Go online to search the whole archive, or to keep all of it here with “Save for offline”.',
  };
}

/**
 * What "Save for offline" will download, said before it starts.
 * @example saveAnnouncement({ index: 3.2 * 2 ** 20, indexSaved: 0.2 * 2 ** 20, pages: 5, papers: 5, pageBytes: 2 ** 19, missing: 3.5 * 2 ** 20 })
 * // 'The search index is 3.2 MB, of which 0.2 MB is saved already, and the pages of all 5 papers take 0.5 MB. Saving downloads 3.5 MB.'
 */
export function saveAnnouncement(plan: {
  index: number;
  indexSaved: number;
  pages: number;
  papers: number;
  pageBytes: number;
  missing: number;
}): string {
  const index =
    `The search index is ${megabytes(plan.index)}` +
    (plan.indexSaved > 0 ? `, of which ${megabytes(plan.indexSaved)} is saved already` : '');
  const which =
    plan.pages >= plan.papers
      ? `all ${plural(plan.papers, 'paper')}`
      : `the ${plural(plan.pages, 'newest paper')} (of ${plan.papers.toLocaleString('en')})`;
  const pages = plan.pages > 0 ? `, and the pages of ${which} take ${megabytes(plan.pageBytes)}` : '';
  return `${index}${pages}. Saving downloads ${megabytes(plan.missing)}.`;
}

/**
 * What "Save for offline" kept, said when it is done (or, `already`, when it had nothing left to do).
 * @example savedMessage({ index: 2 ** 20, pages: 34, papers: 34 })
 * // 'Saved: the whole archive can be searched offline on this device (1.0 MB), and its 34 papers open offline.'
 */
export function savedMessage(
  { index, pages, papers }: { index: number; pages: number; papers: number },
  { already = false } = {},
): string {
  const opened =
    pages === 0
      ? ''
      : pages >= papers
        ? `, and its ${plural(papers, 'paper')} open offline`
        : `, and its ${plural(pages, 'newest paper')} open offline (older ones once you have opened them)`;
  return `${already ? 'Already saved' : 'Saved'}: the whole archive can be searched offline on this device (${megabytes(index)})${opened}.`;
}
