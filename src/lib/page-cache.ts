import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, writeFileAtomic } from './render/cache.ts';

/*
 * Astro renders every page on every build. An archive's past pages do not change when a day is
 * added, so each page gets a key: a hash of the site's code and of everything the page shows.
 * A route renders only the pages whose key has no copy in the page cache; after the build,
 * src/integrations/page-cache.ts copies the other pages from the cache into dist/ and keeps the
 * new ones. A page's key must cover all of its inputs: a page showing something not in its key
 * would be served stale.
 */

/** The page cache: `files/<key>.html`, and this build's plan of which page has which key. */
export const PAGE_CACHE_DIR = `${CACHE_DIR}/pages`;

/** One page of a route, with what it shows besides the site's code. */
export interface CachablePage<Path> {
  /** The page's path under the site's base, such as `papers/2301.00001/`. */
  path: string;
  /** Everything the page's HTML depends on besides the code: entry digests, neighbours, dates. */
  inputs: unknown;
  /** What `getStaticPaths` returns for it. */
  route: Path;
}

let cachedKeys: Set<string> | undefined;

/** The pages of `routeName` this build has to render; records the plan for all of them. */
export function pagesToRender<Path>(routeName: string, pages: readonly CachablePage<Path>[]): Path[] {
  // Set by the integration for builds only: `astro dev` renders pages on request, nothing to skip.
  const codeHash = import.meta.env.PAPERBOY_CODE_HASH as string | undefined;
  if (!codeHash) return pages.map((page) => page.route);
  const root = process.cwd();
  cachedKeys ??= new Set(readdirSafe(join(root, PAGE_CACHE_DIR, 'files')).map((name) => name.replace(/\.html$/, '')));
  const plan: [path: string, key: string][] = [];
  const toRender: Path[] = [];
  for (const page of pages) {
    const key = createHash('sha256')
      .update(`${codeHash}\0${page.path}\0${JSON.stringify(page.inputs)}`)
      .digest('hex');
    plan.push([page.path, key.slice(0, 32)]);
    if (!cachedKeys.has(key.slice(0, 32))) toRender.push(page.route);
  }
  const planDir = join(root, PAGE_CACHE_DIR, 'plan');
  mkdirSync(planDir, { recursive: true });
  writeFileAtomic(join(planDir, `${routeName}.json`), JSON.stringify(plan));
  return toRender;
}

function readdirSafe(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
