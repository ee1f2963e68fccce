import type { AstroIntegration } from 'astro';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PATHS } from '../lib/paths.ts';
import { CACHE_DIR, copyApart } from '../lib/cache-files.ts';

/** A built part, as scripts/search-index.ts describes it in its plan. */
interface BuiltPart {
  id: string;
  from: string;
  to: string;
  key: string;
  papers: number;
  files: Record<string, [size: number, digest: string]>;
}

/** Pagefind's scripts and styles; the search page uses the search library, from the newest part. */
const RUNTIME = /(?:^|\/)pagefind[^/]*\.(?:js|css)$/;
const RUNTIME_USED = new Set(['pagefind.js', 'pagefind-worker.js']);

/** Whether a part's file is installed: all of its index, and Pagefind's scripts only where the search page loads them. */
const installed = (file: string, primary: boolean) => !RUNTIME.test(file) || (primary && RUNTIME_USED.has(file));

/**
 * Search for the built site. When the build starts, scripts/search-index.ts begins indexing in a
 * process of its own, so Pagefind works while Astro renders pages. When the build is done, the
 * index parts are installed as `pagefind/<part>/`: the newest with Pagefind's scripts, which the
 * search page loads, the others merged into it at search time. Each part's folder also holds its
 * facet table (`facets.json`: filters and sorts) and `files.json`, what "Save for offline" downloads.
 * The indexer checked every cached file against its digest before reusing its part.
 */
export default function searchIndex(): AstroIntegration {
  let root = '';
  let indexing: Promise<string> | undefined;
  return {
    name: 'paperboy:search-index',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:start': () => {
        indexing = runIndexer(root);
        // A failure is reported when the build is done; until then nobody awaits it.
        indexing.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        logger.info((await indexing!).trim().replace(/^\[search\] /, ''));
        const dist = fileURLToPath(dir);
        const cache = join(root, CACHE_DIR, 'search');
        const parts = JSON.parse(await readFile(join(cache, 'plan.json'), 'utf8')) as BuiltPart[];
        await rm(join(dist, PATHS.searchIndex), { recursive: true, force: true });
        made.clear();
        let totalBytes = 0;
        for (const [index, part] of parts.entries()) {
          const from = join(cache, part.key);
          const to = join(dist, PATHS.searchIndex, part.id);
          const files = Object.keys(part.files).filter((file) => installed(file, index === 0));
          for (const file of files) install(join(from, file), join(to, file));
          const listed = Object.fromEntries(files.map((file) => [file, part.files[file]![0]]));
          const bytes = Object.values(listed).reduce((sum, size) => sum + size, 0);
          totalBytes += bytes;
          await writeFile(join(to, 'files.json'), JSON.stringify({ files: listed, bytes }));
        }
        const papers = parts.reduce((sum, part) => sum + part.papers, 0);
        logger.info(
          `Search index: ${papers} papers in ${parts.length} parts, ${(totalBytes / 2 ** 20).toFixed(1)} MB.`,
        );
      },
    },
  };
}

/** Runs the indexer; resolves with what it printed, rejects with its output when it fails. */
function runIndexer(root: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['scripts/search-index.ts'], { cwd: root });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`the search index failed:\n${output}`)),
    );
  });
}

const made = new Set<string>();

/**
 * Puts a cached file into dist/, as a copy that shares nothing with the cache (a reflink where the
 * file system has them). Synchronous: tens of thousands of small file operations run several
 * times faster without a round trip through the thread pool each.
 */
function install(from: string, to: string): void {
  const folder = dirname(to);
  if (!made.has(folder)) {
    mkdirSync(folder, { recursive: true });
    made.add(folder);
  }
  copyApart(from, to);
}
