import type { AstroIntegration } from 'astro';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_CACHE_DIR } from '../lib/page-cache.ts';
import { fingerprintFiles } from '../lib/render/cache.ts';
import { SITE } from '../site.ts';

/** What every page's HTML depends on besides its own data: the site's code, settings and dependencies. */
const CODE_INPUTS = ['src', 'public', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

/**
 * The other half of src/lib/page-cache.ts. Gives pages the code's fingerprint
 * (`import.meta.env.PAPERBOY_CODE_HASH`), and after the build links every page this build
 * skipped from the cache into dist/, and every page it rendered into the cache. Pages no route
 * lists any more leave the cache.
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
        const code = `${fingerprintFiles(root, CODE_INPUTS)}:${JSON.stringify(SITE)}`;
        updateConfig({ vite: { define: { 'import.meta.env.PAPERBOY_CODE_HASH': JSON.stringify(code) } } });
      },
      'astro:build:start': () => {
        // Plans of an interrupted build must not be taken for this build's.
        rmSync(join(root, PAGE_CACHE_DIR, 'plan'), { recursive: true, force: true });
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const planDir = join(root, PAGE_CACHE_DIR, 'plan');
        const filesDir = join(root, PAGE_CACHE_DIR, 'files');
        mkdirSync(filesDir, { recursive: true });
        const keep = new Set<string>();
        let rendered = 0;
        let reused = 0;
        for (const name of existsSync(planDir) ? readdirSync(planDir) : []) {
          const plan = JSON.parse(readFileSync(join(planDir, name), 'utf8')) as [string, string][];
          for (const [path, key] of plan) {
            keep.add(`${key}.html`);
            const page = join(dist, path, 'index.html');
            const cached = join(filesDir, `${key}.html`);
            if (existsSync(page)) {
              // Stored under a temporary name first: a cached page is always a whole page.
              if (!existsSync(cached)) {
                linkOrCopy(page, `${cached}.${process.pid}.tmp`);
                renameSync(`${cached}.${process.pid}.tmp`, cached);
              }
              rendered += 1;
            } else {
              mkdirSync(dirname(page), { recursive: true });
              linkOrCopy(cached, page);
              reused += 1;
            }
          }
        }
        // Whatever no route listed, leftovers of an interrupted copy included, goes.
        for (const name of readdirSync(filesDir)) if (!keep.has(name)) rmSync(join(filesDir, name), { force: true });
        rmSync(planDir, { recursive: true, force: true });
        logger.info(`${rendered} pages rendered, ${reused} unchanged pages reused from ${PAGE_CACHE_DIR}.`);
      },
    },
  };
}

/**
 * A hard link costs nothing and is safe both ways: a page is never written again once built, and
 * each build starts from an empty dist/, so a page and its cached copy can share their bytes.
 * A copy where links cannot be made (dist/ and .cache/ on different file systems).
 */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
