import type { AstroIntegration } from 'astro';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';
import { SITE } from '../site.ts';
import { buildHash } from './build-hash.ts';

/**
 * Offline reading and search. Writes `sw.js` (Workbox) after Pagefind has written the index, and
 * gives every page the build's hash (`import.meta.env.PAPERBOY_BUILD_HASH`).
 *
 * - Precached at install: styles, fonts, scripts, the home, search and offline pages, Pagefind's
 *   runtime, and the whole index when it is under `SITE.offlineIndexLimitBytes`.
 * - Pages are network-first: online readers always get the current page, and every page read
 *   is kept for offline use. Offline, an unvisited page shows the offline page.
 * - Pagefind's entry file comes from the network when there is one, asked for with the build hash
 *   (`metaCacheTag`), so a new deploy's index is used at once; offline it is the precached one.
 *   The index chunks are content-hashed, so cache-first is always right for them.
 */
export default function serviceWorker(): AstroIntegration {
  let hash = '';
  return {
    name: 'paperboy:service-worker',
    hooks: {
      'astro:config:setup': async ({ config, updateConfig }) => {
        hash = await buildHash(fileURLToPath(config.root));
        updateConfig({ vite: { define: { 'import.meta.env.PAPERBOY_BUILD_HASH': JSON.stringify(hash) } } });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const indexBytes = await sizeOf(join(site, 'pagefind'));
        const wholeIndex = indexBytes <= SITE.offlineIndexLimitBytes;
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
            'pagefind/{pagefind.js,pagefind-worker.js,pagefind-entry.json,pagefind-component-ui.js,pagefind-component-ui.css}',
            'pagefind/*.{pagefind,pf_meta}',
            ...(wholeIndex ? ['pagefind/{index,fragment,filter}/*'] : []),
          ],
          maximumFileSizeToCacheInBytes: Math.max(SITE.offlineIndexLimitBytes, 5 * 1024 * 1024),
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
            page(new RegExp(`${base}search/(?:\\?.*)?$`), 'search/index.html'),
            page(new RegExp(`${base}(?:\\?.*)?$`), 'index.html'),
            page(new RegExp(`${base}(?:[^?#]*/|[^?#]*\\.html)(?:\\?.*)?$`), 'offline/index.html'),
            {
              // Online, the current deploy's index; offline, the one this service worker
              // precached, so the entry file and the index files it names always match.
              urlPattern: /\/pagefind\/pagefind-entry\.json(?:\?.*)?$/,
              handler: 'NetworkOnly',
              options: { precacheFallback: { fallbackURL: 'pagefind/pagefind-entry.json' } },
            },
            {
              urlPattern: /\/pagefind\/(?:index|fragment|filter)\/[^/]+$/,
              handler: 'CacheFirst',
              options: { cacheName: 'paperboy-pagefind-chunks', expiration: { maxEntries: 5000 } },
            },
          ],
        });
        for (const warning of warnings) logger.warn(warning);
        const indexNote = wholeIndex ? 'with the whole search index' : 'search index chunks cached as used';
        logger.info(
          `Service worker: ${count} files (${Math.round(size / 1024)} KB) precached, ${indexNote}; build ${hash}.`,
        );
      },
    },
  };
}

/** A page route: network first, then the pages read before, then a precached page. */
function page(urlPattern: RegExp, fallbackURL: string) {
  return {
    urlPattern,
    handler: 'NetworkFirst' as const,
    options: { cacheName: 'paperboy-pages', networkTimeoutSeconds: 4, precacheFallback: { fallbackURL } },
  };
}

async function sizeOf(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const sizes = await Promise.all(entries.filter((e) => e.isFile()).map((e) => stat(join(e.parentPath, e.name))));
  return sizes.reduce((sum, file) => sum + file.size, 0);
}
