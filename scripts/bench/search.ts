/**
 * Searches a built site in Node with Pagefind's own browser code, as a reader's browser would:
 * the files are served over HTTP on 127.0.0.1 and `pagefind.js` runs without a worker.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URLs of the pages a search for `query` finds, best first. */
export async function searchBuiltSite(dist: string, query: string, limit = 10): Promise<string[]> {
  const server = createServer((request, response) => {
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
  // A module file of its own, so each call gets a fresh Pagefind instance.
  const scratch = await mkdtemp(join(tmpdir(), 'paperboy-pagefind-'));
  try {
    // The index comes in parts: the one holding Pagefind's runtime is searched, the others merged in.
    const parts = (await readdir(join(dist, 'pagefind'), { withFileTypes: true })).filter((entry) => entry.isDirectory());
    const primary = parts.find((part) => existsSync(join(dist, 'pagefind', part.name, 'pagefind.js')))!.name;
    const module = join(scratch, 'pagefind.mjs');
    await copyFile(join(dist, 'pagefind', primary, 'pagefind.js'), module);
    const pagefind = (await import(pathToFileURL(module).href)) as PagefindModule;
    await pagefind.options({ basePath: `${origin}/pagefind/${primary}/`, baseUrl: '/', noWorker: true });
    for (const part of parts) {
      if (part.name !== primary) await pagefind.mergeIndex(`${origin}/pagefind/${part.name}/`, { baseUrl: '/' });
    }
    const { results } = await pagefind.search(query);
    const pages = await Promise.all(results.slice(0, limit).map((result) => result.data()));
    return pages.map((page) => new URL(page.url, origin).pathname);
  } finally {
    server.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

interface PagefindModule {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(url: string, options: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: { data(): Promise<{ url: string }> }[] }>;
}
