import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, digestOf, readVerified, writeFileAtomic } from './cache-files.ts';

/*
 * Astro renders every page on every build. An archive's past pages do not change when a day is
 * added, so each page gets a key: a hash of its route's code and of the props the route hands it.
 * The props are the page's view model, exactly what it shows (a related paper's link, typeset
 * title and day; an entry, by the digest of its file), so the key cannot drift from the page. A
 * route renders only the pages whose key the cache holds no sound copy of; after the build,
 * src/integrations/page-cache.ts copies the others from the cache into dist/ and keeps the new ones.
 */

/** The page cache: `files/<key>.html`, the index of their digests, and this build's plans. */
export const PAGE_CACHE_DIR = `${CACHE_DIR}/pages`;
/** Each cached page's key and the digest of its bytes. */
export const PAGE_INDEX_FILE = 'index.json';

/** The routes whose pages are cached, by the name their plan is kept under, with their files. */
export const CACHED_ROUTES = {
  papers: 'src/pages/papers/[slug].astro',
  days: 'src/pages/days/[day]/[...page].astro',
  months: 'src/pages/months/[month].astro',
} as const;
export type CachedRoute = keyof typeof CACHED_ROUTES;

/** A page of a route, as `getStaticPaths` returns it, with its path under the site's base. */
export interface CachablePage<Path extends { props: object }> {
  /** The page's path under the site's base, such as `papers/2301.00001/`. */
  path: string;
  route: Path;
}

/** The page cache's index, or an empty one (with one line saying so) when it is damaged. */
export function readPageIndex(root: string): Record<string, string> {
  const path = join(root, PAGE_CACHE_DIR, PAGE_INDEX_FILE);
  if (!existsSync(path)) return {};
  try {
    const index = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (index && typeof index === 'object' && !Array.isArray(index)) return index as Record<string, string>;
  } catch {
    // Damaged: as if there were none.
  }
  console.warn(`[paperboy] ${path} was damaged; every cached page is rendered again`);
  rmSync(path, { force: true });
  return {};
}

/** A content entry in a page's props, seen by the key as what it is: its id and its file's digest. */
function asKey(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && 'collection' in value && 'digest' in value && 'id' in value) {
    return { entry: value.id, digest: value.digest };
  }
  return value;
}

let index: Record<string, string> | undefined;

/** The pages of `routeName` this build has to render; records the plan for all of them. */
export function pagesToRender<Path extends { props: object }>(
  routeName: CachedRoute,
  pages: readonly CachablePage<Path>[],
): Path[] {
  // Set by the integration for builds only: `astro dev` renders pages on request, nothing to skip.
  const codes = import.meta.env.PAPERBOY_PAGE_CODE as Record<CachedRoute, string> | undefined;
  if (!codes) return pages.map((page) => page.route);
  const root = process.cwd();
  const filesDir = join(root, PAGE_CACHE_DIR, 'files');
  index ??= readPageIndex(root);
  const plan: [path: string, key: string][] = [];
  const toRender: Path[] = [];
  for (const page of pages) {
    const key = digestOf(`${codes[routeName]}\0${page.path}\0${JSON.stringify(page.route.props, asKey)}`);
    plan.push([page.path, key]);
    const digest = index[key];
    if (digest && readVerified(join(filesDir, `${key}.html`), digest)) continue;
    if (digest) {
      console.warn(`[paperboy] the cached copy of ${page.path} was damaged (truncated or changed); rendering it again`);
      rmSync(join(filesDir, `${key}.html`), { force: true });
      delete index[key];
    }
    toRender.push(page.route);
  }
  const planDir = join(root, PAGE_CACHE_DIR, 'plan');
  mkdirSync(planDir, { recursive: true });
  writeFileAtomic(join(planDir, `${routeName}.json`), JSON.stringify(plan));
  return toRender;
}

/** This build's plans: every cached route's pages, each with its key. */
export function readPlans(root: string): [path: string, key: string][] {
  const planDir = join(root, PAGE_CACHE_DIR, 'plan');
  if (!existsSync(planDir)) return [];
  return readdirSync(planDir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => JSON.parse(readFileSync(join(planDir, name), 'utf8')) as [string, string][]);
}
