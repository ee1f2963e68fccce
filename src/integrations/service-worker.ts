import type { AstroIntegration } from 'astro';
import { SITE } from '../site.ts';
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { getManifest, injectManifest } from 'workbox-build';
import {
  indexFiles,
  megabytes,
  pagesWithin,
  PART_LISTING_FILE,
  SAVED_PAGES_BUDGET_KB,
  SAVED_PAGES_FILE,
  SERVICE_WORKER_FILE,
  type OfflineIndex,
  type PartListing,
  type SavedPages,
  type SiteIndex,
} from '../lib/offline.ts';
import { pageFile, PATHS } from '../lib/paths.ts';
import { CACHE_DIR } from '../lib/render/cache.ts';
import { FACETS_FILE, type FacetTable } from '../lib/search/facets.ts';

/** What the search page tells its script of the index: version, parts and language. */
type SearchConfig = Omit<SiteIndex, 'base'>;

const SOURCE = fileURLToPath(new URL('../scripts/service-worker.ts', import.meta.url));
/** Files a static host sends gzipped; the others (fonts, Pagefind's files) are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

/**
 * Writes `sw.js` after the search index is installed: src/scripts/service-worker.ts, bundled with
 * esbuild, and the list of files a first visit installs, written in by Workbox. Bundling our own
 * worker takes a tenth of the time Workbox's `generateSW` took, which matters on a daily rebuild.
 *
 * When the app shell and the whole search index together fit the first-visit budget
 * (`offlineBudgetKB` in src/site.ts, `OFFLINE_BUDGET_KB`), the worker also keeps the whole index when it
 * installs, so one visit makes the archive searchable offline; above it, the first visit stays
 * small and "Save for offline" fetches the index. Either way the build lists, beside the offline
 * page, the pages "Save for offline" keeps: the newest papers' pages, up to SAVED_PAGES_BUDGET_KB.
 */
export default function serviceWorker(): AstroIntegration {
  let root = '';
  let base = '/';
  let budget = 0;
  return {
    name: 'paperboy:service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        budget = SITE.offlineBudgetKB * 1024;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const search = await searchConfig(site);
        /** A part's folder in dist/, from its URL path. */
        const folderOf = (part: string) => join(site, part.slice(base.length));
        const listings = await Promise.all(
          (search?.parts ?? []).map(
            async (part) => JSON.parse(await readFile(join(folderOf(part), PART_LISTING_FILE), 'utf8')) as PartListing,
          ),
        );

        const globPatterns = [
          '_astro/**/*.{css,js,woff2}',
          `${PATHS.katex}katex.css`,
          `${PATHS.katex}fonts/*.woff2`,
          'favicon.svg',
          pageFile(''),
          pageFile(PATHS.search),
          pageFile(PATHS.offline),
          // Pagefind's runtime, in the part that holds it (the newest).
          ...(search
            ? [`${search.parts[0]!.slice(base.length)}{pagefind.js,pagefind-worker.js,wasm.${search.lang}.pagefind}`]
            : []),
        ];
        const sizes = await firstVisitSizes(site, globPatterns, search, listings, base);
        const whole = search !== undefined && sizes.shell + sizes.index <= budget;
        const index: OfflineIndex = {
          base,
          version: search?.version ?? '',
          parts: search?.parts ?? [],
          lang: search?.lang ?? 'en',
          whole,
        };

        const bundle = join(root, CACHE_DIR, 'service-worker.js');
        await mkdir(join(bundle, '..'), { recursive: true });
        await build({
          entryPoints: [SOURCE],
          outfile: bundle,
          bundle: true,
          minify: true,
          format: 'iife',
          target: 'es2020',
          // Workbox's development logging goes; the worker learns what to keep of the index.
          define: { 'process.env.NODE_ENV': '"production"', __OFFLINE_INDEX__: JSON.stringify(index) },
          logLevel: 'warning',
        });
        const { count, warnings } = await injectManifest({
          swSrc: bundle,
          swDest: join(site, SERVICE_WORKER_FILE),
          globDirectory: site,
          globPatterns,
        });
        for (const warning of warnings) logger.warn(warning);

        const saved = savedPages(site, search?.parts ?? [], folderOf, base);
        await mkdir(join(site, PATHS.offline), { recursive: true });
        await writeFile(join(site, SAVED_PAGES_FILE), JSON.stringify(saved));

        const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
        const app = `the app (${count} files, ${kb(sizes.shell)} sent)`;
        const searchIndex = `the search index (${kb(sizes.index)} sent)`;
        logger.info(
          whole
            ? `Service worker: a first visit installs ${app} and ${searchIndex}: ${kb(sizes.shell + sizes.index)}, within the ${kb(budget)} first-visit budget.`
            : `Service worker: a first visit installs ${app}; with ${searchIndex} it would pass the ${kb(budget)} first-visit budget, so "Save for offline" keeps the index.`,
        );
        const pages = Object.keys(saved.pages).length;
        const pageBytes = Object.values(saved.pages).reduce((sum, bytes) => sum + bytes, 0);
        logger.info(
          `"Save for offline" keeps the pages of ${pages === saved.papers ? 'all' : 'the newest'} ${pages} of ${saved.papers} papers (${megabytes(pageBytes)} sent).`,
        );
      },
    },
  };
}

/**
 * What a first visit would download, as sent: the app shell Workbox installs (`globPatterns`),
 * and the rest of the search index, as the service worker would keep it.
 */
async function firstVisitSizes(
  site: string,
  globPatterns: string[],
  search: SearchConfig | undefined,
  listings: readonly PartListing[],
  base: string,
): Promise<{ shell: number; index: number }> {
  const { manifestEntries } = await getManifest({ globDirectory: site, globPatterns });
  const shell = new Set((manifestEntries ?? []).map((entry) => entry.url));
  // Index files are named by URL; a made-up origin turns them back into paths under the base.
  // Pagefind's own files are compressed already: their listed sizes are what is sent.
  const origin = 'https://site.invalid';
  const index = (search?.parts ?? [])
    .flatMap((part, position) => indexFiles(listings[position]!, `${origin}${part}`, search!.version, search!.lang))
    .map((file) => ({ path: new URL(file.url).pathname.slice(base.length), bytes: file.bytes }))
    .filter(({ path }) => !shell.has(path));
  const sent = (path: string) => sentBytes(join(site, path));
  return {
    shell: [...shell].reduce((sum, path) => sum + sent(path), 0),
    index: index.reduce((sum, { path, bytes }) => sum + (COMPRESSIBLE.has(extname(path)) ? sent(path) : bytes), 0),
  };
}

/** Bytes a static host sends for a file: gzipped where hosts gzip, else as it is. */
function sentBytes(path: string): number {
  const bytes = readFileSync(path);
  return COMPRESSIBLE.has(extname(path)) ? gzipSync(bytes).length : bytes.length;
}

/** What the search page tells its script (#search-config), read from the built page. */
async function searchConfig(site: string): Promise<SearchConfig | undefined> {
  const html = await readFile(join(site, pageFile(PATHS.search)), 'utf8');
  const json = /<script[^>]*\bid="search-config"[^>]*>([^<]*)<\/script>/.exec(html)?.[1];
  if (!json) return undefined;
  const config = JSON.parse(json) as {
    primary: { bundlePath: string };
    merged: { bundlePath: string }[];
    version: string;
    lang: string;
  };
  return {
    version: config.version,
    parts: [config.primary, ...config.merged].map((part) => part.bundlePath),
    lang: config.lang,
  };
}

/**
 * The pages "Save for offline" keeps: the newest papers' pages that fit in SAVED_PAGES_BUDGET_KB
 * as sent. Papers are found in each part's facet table (Pagefind's id and day of each page), and
 * a page's URL in its Pagefind fragment; only the pages kept are looked up.
 */
function savedPages(
  site: string,
  parts: readonly string[],
  folderOf: (part: string) => string,
  base: string,
): SavedPages {
  const papers = parts.flatMap((part) => {
    const table = JSON.parse(readFileSync(join(folderOf(part), FACETS_FILE), 'utf8')) as FacetTable;
    return table.ids.map((id, position) => ({ folder: folderOf(part), id, day: table.days[table.day[position]!]! }));
  });
  papers.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  function* pages(): Generator<[string, number]> {
    for (const { folder, id } of papers) {
      const fragment = gunzipSync(readFileSync(join(folder, 'fragment', `${id}.pf_fragment`))).toString('utf8');
      const { url } = JSON.parse(fragment.slice(fragment.indexOf('{'))) as { url: string };
      const path = url.replace(/^\/+/, '');
      const file = join(site, pageFile(path));
      if (existsSync(file)) yield [`${base}${path}`, sentBytes(file)];
    }
  }
  return { papers: papers.length, pages: pagesWithin(pages(), SAVED_PAGES_BUDGET_KB * 1024) };
}
