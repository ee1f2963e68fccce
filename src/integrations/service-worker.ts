import type { AstroIntegration } from 'astro';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSW, type RuntimeCaching } from 'workbox-build';
import { SEARCH_CACHE, SEARCH_ENTRY_CACHE } from '../lib/offline.ts';
import { SITE } from '../site.ts';

/**
 * Offline reading and search. Writes `sw.js` (Workbox) after the search index is installed.
 *
 * - Installed on a reader's first visit, whatever the archive's size: styles, scripts, fonts,
 *   the home, search and offline pages, and Pagefind's runtime. Not the index.
 * - Pages are network-first: online readers always get the current page, and every page read
 *   is kept for offline use. Offline, an unvisited page shows the offline page.
 * - The index's files are cached as searches use them. Their names carry a hash of their content,
 *   so a cached one is always right. Each part's entry file is asked for with this deploy's
 *   version and comes from the network when there is one.
 * - "Save for offline" on the search page (src/scripts/offline-search.ts) puts the rest of the
 *   index into the same cache.
 */
export default function serviceWorker(): AstroIntegration {
  return {
    name: 'paperboy:service-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        // The part holding Pagefind's runtime (the newest); none on a site without papers.
        const parts = await readdir(join(site, 'pagefind')).catch(() => [] as string[]);
        const runtime: string[] = [];
        for (const part of parts) {
          const files = await readdir(join(site, 'pagefind', part));
          if (files.includes('pagefind.js')) {
            runtime.push(
              `pagefind/${part}/{pagefind.js,pagefind-worker.js,pagefind-component-ui.js,pagefind-component-ui.css,wasm.${SITE.lang}.pagefind}`,
            );
          }
        }
        // Routes match whole URLs of this site: origin, then the base path.
        const base = `^https?://[^/]+${SITE.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
        const { count, size, warnings } = await generateSW({
          swDest: join(site, 'sw.js'),
          globDirectory: site,
          globPatterns: [
            '_astro/**/*.{css,js,woff2}',
            'favicon.svg',
            'index.html',
            'search/index.html',
            'offline/index.html',
            ...runtime,
          ],
          // Precached pages answer only when the network cannot (see the routes below), so a
          // navigation to /search/ must not be matched to search/index.html by the precache route.
          directoryIndex: null,
          cacheId: 'paperboy',
          cleanupOutdatedCaches: true,
          clientsClaim: true,
          skipWaiting: true,
          inlineWorkboxRuntime: true,
          mode: 'production',
          sourcemap: false,
          runtimeCaching: [
            {
              // Content-hashed: a cached copy is the right one, and stays until the reader's browser needs room.
              urlPattern: new RegExp(
                `${base}pagefind/[^/]+/(?:pagefind\\.[^/]+\\.pf_meta|(?:index|fragment|filter)/[^/]+)$`,
              ),
              handler: 'CacheFirst',
              options: { cacheName: SEARCH_CACHE, expiration: { purgeOnQuotaError: true } },
            },
            {
              // Names that stay the same from one deploy to the next: the network decides while there is one.
              urlPattern: new RegExp(
                `${base}pagefind/[^/]+/(?:(?:pagefind-entry|facets|files)\\.json|wasm\\.[^/]+\\.pagefind)(?:\\?.*)?$`,
              ),
              handler: 'NetworkFirst',
              options: { cacheName: SEARCH_ENTRY_CACHE, networkTimeoutSeconds: 4, expiration: { maxEntries: 200 } },
            },
            page(new RegExp(`${base}search/(?:\\?.*)?$`), 'search/index.html'),
            page(new RegExp(`${base}(?:\\?.*)?$`), 'index.html'),
            page(new RegExp(`${base}(?:[^?#]*/|[^?#]*\\.html)(?:\\?.*)?$`), 'offline/index.html'),
          ],
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`Service worker: ${count} files (${Math.round(size / 1024)} KB) installed on a first visit.`);
      },
    },
  };
}

/** A page route: network first, then the pages read before, then a precached page. */
function page(urlPattern: RegExp, fallbackURL: string): RuntimeCaching {
  return {
    urlPattern,
    handler: 'NetworkFirst',
    options: { cacheName: 'paperboy-pages', networkTimeoutSeconds: 4, precacheFallback: { fallbackURL } },
  };
}
