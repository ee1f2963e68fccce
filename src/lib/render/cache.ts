import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { EntryView } from './entry-view.ts';

/** Where Paperboy keeps what it can reuse between builds, relative to the project root. */
export const CACHE_DIR = '.cache/paperboy';

/**
 * The files whose change alters how an entry renders: the renderer, the math settings, the
 * site settings (excerpt length) and the locked dependencies, KaTeX's version among them.
 */
const RENDERER_INPUTS = [
  'src/lib/render',
  'src/lib/math',
  'src/lib/html.ts',
  'src/lib/head.ts',
  'src/lib/entries.ts',
  'src/site.ts',
  'package-lock.json',
];

/** A fingerprint of text: the name an entry's rendering is cached under. */
export function digestOf(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** A fingerprint of the given files and folders under `root`, by path and content. */
export function fingerprintFiles(projectRoot: string, inputs: readonly string[]): string {
  const root = resolve(projectRoot);
  const hash = createHash('sha256');
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
          .sort()
      : [path];
    for (const file of files) hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

let written = 0;
/** Writes a file whole or not at all: a crash never leaves half of it. */
export function writeFileAtomic(path: string, content: string): void {
  // Unique per process and write (a thread id keeps workers apart), created exclusively.
  const temporary = `${path}.${process.pid}-${threadId}-${++written}.tmp`;
  writeFileSync(temporary, content, { flag: 'wx' });
  renameSync(temporary, path);
}

/**
 * Entry views and body HTML by the digest of the entry file they were rendered from. A folder
 * per renderer fingerprint, so a change to the renderer or KaTeX never serves stale HTML.
 */
export class RenderCache {
  readonly dir: string;
  readonly #made = new Set<string>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** The cache for the renderer as the project's files describe it now. */
  static open(root: string): RenderCache {
    return new RenderCache(join(root, CACHE_DIR, 'render', fingerprintFiles(root, RENDERER_INPUTS)));
  }

  private path(digest: string, extension: 'json' | 'html'): string {
    return join(this.dir, digest.slice(0, 2), `${digest}.${extension}`);
  }

  view(digest: string): EntryView | undefined {
    try {
      return JSON.parse(readFileSync(this.path(digest, 'json'), 'utf8')) as EntryView;
    } catch {
      return undefined;
    }
  }

  bodyHtml(digest: string): string | undefined {
    try {
      return readFileSync(this.path(digest, 'html'), 'utf8');
    } catch {
      return undefined;
    }
  }

  has(digest: string): boolean {
    return existsSync(this.path(digest, 'json'));
  }

  save(digest: string, view: EntryView, bodyHtml: string | undefined): void {
    const folder = join(this.dir, digest.slice(0, 2));
    if (!this.#made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.#made.add(folder);
    }
    // The body first: a view on disk promises its body is there too.
    if (bodyHtml !== undefined) writeFileAtomic(this.path(digest, 'html'), bodyHtml);
    writeFileAtomic(this.path(digest, 'json'), JSON.stringify(view));
  }

  /** Deletes what no current entry uses, and the folders of other renderer versions. */
  prune(keep: ReadonlySet<string>): void {
    const parent = join(this.dir, '..');
    for (const name of existsSync(parent) ? readdirSync(parent) : []) {
      if (join(parent, name) !== this.dir) rmSync(join(parent, name), { recursive: true, force: true });
    }
    if (!existsSync(this.dir)) return;
    for (const entry of readdirSync(this.dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const digest = entry.name.replace(/\..*$/, '');
      if (!keep.has(digest)) rmSync(join(entry.parentPath, entry.name), { force: true });
    }
  }
}
