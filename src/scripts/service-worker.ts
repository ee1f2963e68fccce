/**
 * The service worker (`sw.js`): offline reading and search, on Workbox.
 * src/integrations/service-worker.ts bundles it at build time and writes in the list of files a
 * first visit installs (`self.__WB_MANIFEST`: styles, scripts, fonts, the home, search and
 * offline pages, and Pagefind's runtime) and what it should know of the search index
 * (`__OFFLINE_INDEX__`).
 *
 * - On a site within the first-visit budget, installing also saves the whole search index, so one
 *   visit makes every search work offline. Above it, the index is kept as searches use it, and
 *   "Save for offline" on the search page (offline-search.ts) fetches the rest.
 * - Pages are network-first: online readers always get the current page, and every page read is
 *   kept for offline use. Offline, an unvisited page shows the offline page.
 * - The index's files are cached as searches use them. Their names carry a hash of their content,
 *   so a cached one is always right. Each part's entry file and facet table are asked for with
 *   this deploy's version and come from the network when there is one; a new deploy's worker
 *   drops the versions before it.
 * - It remembers the index files it could not serve, and tells the search page, which otherwise
 *   could not tell a missing part of the index from a word that is not there.
 */
import { clientsClaim, registerQuotaErrorCallback, setCacheNameDetails } from 'workbox-core';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import {
  CACHE_PREFIX,
  MESSAGES,
  offlineRoutes,
  PAGE_CACHE,
  SEARCH_CACHE,
  SEARCH_ENTRY_CACHE,
  type OfflineIndex,
} from '../lib/offline.ts';
import { pageFile, PATHS } from '../lib/paths.ts';
import { deviceStatus, dropStale, forgetSaved, saveWholeIndex } from './offline-search.ts';

interface ExtendableEvent {
  waitUntil(promise: Promise<unknown>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
// The little of the service worker's global scope used here (the DOM's types would clash with it).
declare const self: {
  __WB_MANIFEST: PrecacheEntry[];
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
};
/** Written in at build time: this deploy's index, and whether installing saves all of it. */
declare const __OFFLINE_INDEX__: OfflineIndex;
const INDEX = __OFFLINE_INDEX__;
/** What Workbox installs (it writes the list in at the one place the placeholder stands). */
const MANIFEST = self.__WB_MANIFEST;

// Workbox's plugin classes declare their optional hooks as `| undefined`, which this project's
// strictest TypeScript settings (exactOptionalPropertyTypes) do not accept as a WorkboxPlugin.
const plugin = (instance: ExpirationPlugin) => instance as WorkboxPlugin;

/**
 * Shows an installed page (the offline page) for a page the reader opens and no cache holds. Only
 * for what the reader opens: a script that fetches a page (to keep it for offline reading) must
 * see the failure, not keep the offline page in its place.
 */
const fallBackTo = (url: string): WorkboxPlugin => ({
  handlerDidError: async ({ request }) => (request.mode === 'navigate' ? matchPrecache(url) : undefined),
});

setCacheNameDetails({ prefix: CACHE_PREFIX });
// A new deploy's worker takes over at once, and drops the installed files of the one before.
void self.skipWaiting();
clientsClaim();
// No directory index: a page's URL must reach the network-first page routes below, not the
// precached copy of its `index.html`.
precacheAndRoute(MANIFEST, { directoryIndex: '' });
cleanupOutdatedCaches();

// Installing waits for the index: once the worker is ready, the archive is searchable offline.
// A failed download (the connection lost) leaves what it saved and the worker installs anyway.
self.addEventListener('install', (event) => {
  const installing = new Set(
    MANIFEST.map((entry) => new URL(typeof entry === 'string' ? entry : entry.url, location.href).href),
  );
  if (INDEX.whole) event.waitUntil(saveWholeIndex(INDEX, installing).catch(() => {}));
});
self.addEventListener('activate', (event) => event.waitUntil(dropStale(INDEX).catch(() => {})));
// The browser dropped cached files for room: the index may no longer be whole.
registerQuotaErrorCallback(() => void forgetSaved(INDEX));

/** Index files that could not be served, newest last, with when (ms since the epoch). */
const misses: { url: string; at: number }[] = [];
const MISSES_KEPT = 500;
/** Remembers the index files neither the network nor a cache could give. */
const rememberMisses: WorkboxPlugin = {
  handlerDidError: ({ request }) => {
    misses.push({ url: request.url, at: Date.now() });
    misses.splice(0, misses.length - MISSES_KEPT);
    return Promise.resolve(undefined);
  },
};
self.addEventListener('message', (event) => {
  const { type, since } = (event.data ?? {}) as { type?: string; since?: number };
  const port = event.ports[0];
  if (!port) return;
  if (type === MESSAGES.indexMisses) {
    port.postMessage(misses.filter((miss) => miss.at >= (since ?? 0)).map((miss) => miss.url));
  } else if (type === MESSAGES.status) {
    event.waitUntil(deviceStatus(INDEX).then((status) => port.postMessage(status)));
  }
});

const routes = offlineRoutes(self.registration.scope);
registerRoute(
  routes.searchFile,
  new CacheFirst({
    cacheName: SEARCH_CACHE,
    plugins: [plugin(new ExpirationPlugin({ purgeOnQuotaError: true })), rememberMisses],
  }),
);
registerRoute(
  routes.searchEntry,
  new NetworkFirst({ cacheName: SEARCH_ENTRY_CACHE, networkTimeoutSeconds: 4, plugins: [rememberMisses] }),
);
// Pages: the network, else the copy read before, else the installed search, home or offline page.
for (const [pattern, fallbackURL] of [
  [routes.searchPage, pageFile(PATHS.search)],
  [routes.homePage, pageFile('')],
  [routes.page, pageFile(PATHS.offline)],
] as const) {
  registerRoute(
    pattern,
    new NetworkFirst({
      cacheName: PAGE_CACHE,
      networkTimeoutSeconds: 4,
      plugins: [fallBackTo(fallbackURL)],
    }),
  );
}
