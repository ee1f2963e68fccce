/**
 * Searches a built site in Node with Pagefind's own browser code, as the search page does: the
 * files are served over HTTP on 127.0.0.1, the newest index part is searched with the others
 * merged in, and filtered or sorted searches go through the search page's facet tables.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countFilterValues, FACETS_FILE, facetsById, type FacetTable } from '../../src/lib/search/facets.ts';
import { facetedSearch, isFaceted, type SearchOptions, type SearchResponse } from '../../src/scripts/faceted-search.ts';

type Sort = Record<string, 'asc' | 'desc'>;

export interface FoundPage {
  url: string;
  meta: Record<string, string>;
}

export interface SiteSearch {
  /** The pages a search finds, best (or first in the sort) first. */
  search(
    term: string | null,
    options?: { sort?: Sort; filters?: Record<string, string[]>; limit?: number },
  ): Promise<FoundPage[]>;
  /** How many pages each filter value has, over the whole index (from the facet tables). */
  filters(): Promise<Record<string, Record<string, number>>>;
  close(): Promise<void>;
}

/** What Pagefind's `createInstance` gives, as far as the tests use it. */
interface Handle {
  mergeIndex(url: string, options: Record<string, unknown>): Promise<void>;
  search(term: string | null, options?: SearchOptions): Promise<SearchResponse<Result>>;
}
type Result = { id: string; data(): Promise<FoundPage> };

/** Opens the search index of `dist` (index parts newest first, as the search page lists them). */
export async function openSiteSearch(dist: string, version = 'test'): Promise<SiteSearch> {
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    readFile(join(dist, path)).then(
      (body) => response.end(body),
      () => {
        response.statusCode = 404;
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const names = (await readdir(join(dist, 'pagefind'), { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const primary = names.find((entry) => existsSync(join(dist, 'pagefind', entry.name, 'pagefind.js')))!.name;
  const tables = await Promise.all(
    names.map(async (entry) => ({
      name: entry.name,
      table: JSON.parse(await readFile(join(dist, 'pagefind', entry.name, FACETS_FILE), 'utf8')) as FacetTable,
    })),
  );
  const ranges = tables.map(({ name, table }) => ({ name, newest: table.days.at(-1) ?? '' }));
  const order = ranges.sort((a, b) =>
    a.name === primary ? -1 : b.name === primary ? 1 : b.newest.localeCompare(a.newest),
  );
  const parts = order.map((part) => ({ bundlePath: `${origin}/pagefind/${part.name}/`, baseUrl: '/' }));

  // A module file of its own, so each site gets a fresh Pagefind.
  const scratch = await mkdtemp(join(tmpdir(), 'paperboy-pagefind-'));
  const file = join(scratch, 'pagefind.mjs');
  await copyFile(join(dist, 'pagefind', primary, 'pagefind.js'), file);
  const module = (await import(pathToFileURL(file).href)) as {
    createInstance(options: Record<string, unknown>): Handle;
  };
  const merged = module.createInstance({
    basePath: parts[0]!.bundlePath,
    baseUrl: '/',
    metaCacheTag: version,
    noWorker: true,
  });
  for (const part of parts.slice(1)) await merged.mergeIndex(part.bundlePath, { baseUrl: '/', metaCacheTag: version });
  const faceted = facetedSearch(
    (term, options) => merged.search(term, options),
    parts.map((part) => part.bundlePath),
    version,
  );

  return {
    async search(term, { sort, filters, limit = 10 } = {}) {
      // As the search page does: the lean index, or the facets indexes for a filter or a sort.
      const options = { ...(filters ? { filters } : {}), ...(sort ? { sort } : {}) };
      const response = isFaceted(options) ? await faceted(term, options) : await merged.search(term, options);
      const pages = await Promise.all((response?.results ?? []).slice(0, limit).map((result) => result.data()));
      return pages.map((page) => ({ url: new URL(page.url, origin).pathname, meta: page.meta }));
    },
    filters: () => Promise.resolve(countFilterValues(facetsById(tables.map(({ table }) => table)).values())),
    async close() {
      server.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** The URLs of the pages a search for `query` finds, best first: one search on a fresh index. */
export async function searchBuiltSite(dist: string, query: string, limit = 10): Promise<string[]> {
  const site = await openSiteSearch(dist);
  try {
    return (await site.search(query, { limit })).map((page) => page.url);
  } finally {
    await site.close();
  }
}
