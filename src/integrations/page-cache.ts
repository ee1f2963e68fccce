import type { AstroIntegration } from 'astro';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyApart, digestOf, writeFileAtomic } from '../lib/cache-files.ts';
import { codeFingerprint } from '../lib/code-fingerprint.ts';
import {
  CACHED_ROUTES,
  PAGE_CACHE_DIR,
  PAGE_INDEX_FILE,
  readPageIndex,
  readPlans,
  type CachedRoute,
} from '../lib/page-cache.ts';

/**
 * The other half of src/lib/page-cache.ts. Gives each cached route the fingerprint of its code
 * (`import.meta.env.PAPERBOY_PAGE_CODE`: the route file's import graph, the lockfile, the site's
 * config and settings), and after the build copies every page this build skipped from the cache
 * into dist/, and every page it rendered into the cache, with the digest it is checked against.
 * Pages no route lists any more leave the cache. dist/ and the cache never share a file: a copy
 * (a reflink where the file system has them), never a hard link.
 */
export default function pageCache(): AstroIntegration {
  let root = '';
  return {
    name: 'paperboy:page-cache',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        root = fileURLToPath(config.root);
        // Only a build skips pages; `astro dev` renders each page when asked for it.
        if (command !== 'build') return;
        const codes = Object.fromEntries(
          Object.entries(CACHED_ROUTES).map(([route, file]) => [route, codeFingerprint(root, file)]),
        ) as Record<CachedRoute, string>;
        updateConfig({ vite: { define: { 'import.meta.env.PAPERBOY_PAGE_CODE': JSON.stringify(codes) } } });
      },
      'astro:build:start': () => {
        // Plans of an interrupted build must not be taken for this build's.
        rmSync(join(root, PAGE_CACHE_DIR, 'plan'), { recursive: true, force: true });
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const filesDir = join(root, PAGE_CACHE_DIR, 'files');
        mkdirSync(filesDir, { recursive: true });
        const known = readPageIndex(root);
        const index: Record<string, string> = {};
        let rendered = 0;
        let reused = 0;
        for (const [path, key] of readPlans(root)) {
          const page = join(dist, path, 'index.html');
          const cached = join(filesDir, `${key}.html`);
          if (existsSync(page)) {
            // Kept under a temporary name first: a cached page is always a whole page.
            const bytes = readFileSync(page);
            writeFileAtomic(cached, bytes);
            index[key] = digestOf(bytes);
            rendered += 1;
          } else {
            mkdirSync(dirname(page), { recursive: true });
            copyApart(cached, `${page}.tmp`);
            renameSync(`${page}.tmp`, page);
            index[key] = known[key]!;
            reused += 1;
          }
        }
        // Whatever no route listed, leftovers of an interrupted copy included, goes.
        for (const name of readdirSync(filesDir)) {
          if (!Object.hasOwn(index, name.replace(/\.html$/, ''))) rmSync(join(filesDir, name), { force: true });
        }
        writeFileAtomic(join(root, PAGE_CACHE_DIR, PAGE_INDEX_FILE), JSON.stringify(index));
        rmSync(join(root, PAGE_CACHE_DIR, 'plan'), { recursive: true, force: true });
        logger.info(`${rendered} pages rendered, ${reused} unchanged pages reused from ${PAGE_CACHE_DIR}.`);
      },
    },
  };
}
