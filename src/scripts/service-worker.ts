/**
 * The service worker (`sw.js`): offline reading and search, on Workbox.
 * src/integrations/service-worker.ts bundles it at build time and writes in the list of files a
 * first visit installs (`self.__WB_MANIFEST`): styles, scripts, fonts, the home, search and
 * offline pages, and Pagefind's runtime. Not the index, whatever the archive's size.
 *
 * - Pages are network-first: online readers always get the current page, and every page read is
 *   kept for offline use. Offline, an unvisited page shows the offline page.
 * - The index's files are cached as searches use them. Their names carry a hash of their content,
 *   so a cached one is always right. Each part's entry file and facet table are asked for with
 *   this deploy's version and come from the network when there is one.
 * - "Save for offline" on the search page (offline-search.ts) puts the rest of the index into the
 *   same cache.
 */
import { clientsClaim, setCacheNameDetails } from 'workbox-core';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { ExpirationPlugin } from 'workbox-expiration';
import {
  cleanupOutdatedCaches,
  precacheAndRoute,
  PrecacheFallbackPlugin,
  type PrecacheEntry,
} from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { offlineRoutes, PAGE_CACHE, SEARCH_CACHE, SEARCH_ENTRY_CACHE } from '../lib/offline.ts';
import { pageFile, PATHS } from '../lib/paths.ts';

// The little of the service worker's global scope used here (the DOM's types would clash with it).
declare const self: {
  __WB_MANIFEST: PrecacheEntry[];
  registration: { scope: string };
  skipWaiting(): Promise<void>;
};

// Workbox's plugin classes declare their optional hooks as `| undefined`, which this project's
// strictest TypeScript settings (exactOptionalPropertyTypes) do not accept as a WorkboxPlugin.
const plugin = (instance: ExpirationPlugin | PrecacheFallbackPlugin) => instance as WorkboxPlugin;

setCacheNameDetails({ prefix: 'paperboy' });
// A new deploy's worker takes over at once, and drops the installed files of the one before.
void self.skipWaiting();
clientsClaim();
// No directory index: a page's URL must reach the network-first page routes below, not the
// precached copy of its `index.html`.
precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: '' });
cleanupOutdatedCaches();

const routes = offlineRoutes(self.registration.scope);
registerRoute(
  routes.searchFile,
  new CacheFirst({ cacheName: SEARCH_CACHE, plugins: [plugin(new ExpirationPlugin({ purgeOnQuotaError: true }))] }),
);
registerRoute(
  routes.searchEntry,
  new NetworkFirst({
    cacheName: SEARCH_ENTRY_CACHE,
    networkTimeoutSeconds: 4,
    plugins: [plugin(new ExpirationPlugin({ maxEntries: 200 }))],
  }),
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
      plugins: [plugin(new PrecacheFallbackPlugin({ fallbackURL }))],
    }),
  );
}
