import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { injectManifest } from 'workbox-build';
import { pageFile, PATHS } from '../lib/paths.ts';
import { CACHE_DIR } from '../lib/render/cache.ts';
import { SITE } from '../site.ts';

const SOURCE = fileURLToPath(new URL('../scripts/service-worker.ts', import.meta.url));

/**
 * Writes `sw.js` after the search index is installed: src/scripts/service-worker.ts, bundled with
 * esbuild, and the list of files a first visit installs, written in by Workbox. Bundling our own
 * worker takes a tenth of the time Workbox's `generateSW` took, which matters on a daily rebuild.
 */
export default function serviceWorker(): AstroIntegration {
  let root = '';
  return {
    name: 'paperboy:service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const bundle = join(root, CACHE_DIR, 'service-worker.js');
        await mkdir(join(bundle, '..'), { recursive: true });
        await build({
          entryPoints: [SOURCE],
          outfile: bundle,
          bundle: true,
          minify: true,
          format: 'iife',
          target: 'es2020',
          // Workbox's development logging goes.
          define: { 'process.env.NODE_ENV': '"production"' },
          logLevel: 'warning',
        });
        const { count, size, warnings } = await injectManifest({
          swSrc: bundle,
          swDest: join(site, 'sw.js'),
          globDirectory: site,
          globPatterns: [
            '_astro/**/*.{css,js,woff2}',
            `${PATHS.katex}katex.css`,
            `${PATHS.katex}fonts/*.woff2`,
            'favicon.svg',
            pageFile(''),
            pageFile(PATHS.search),
            pageFile(PATHS.offline),
            ...(await searchRuntime(site)),
          ],
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`Service worker: ${count} files (${Math.round(size / 1024)} KB) installed on a first visit.`);
      },
    },
  };
}

/** Pagefind's runtime, in the part that holds it (the newest); none on a site without papers. */
async function searchRuntime(site: string): Promise<string[]> {
  const parts = await readdir(join(site, PATHS.searchIndex)).catch(() => [] as string[]);
  const runtime: string[] = [];
  for (const part of parts) {
    if ((await readdir(join(site, PATHS.searchIndex, part))).includes('pagefind.js')) {
      runtime.push(`${PATHS.searchIndex}${part}/{pagefind.js,pagefind-worker.js,wasm.${SITE.lang}.pagefind}`);
    }
  }
  return runtime;
}
