import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE_DIR, digestOf, readVerified, writeFileAtomic } from '../cache-files.ts';
import { codeFingerprint } from '../code-fingerprint.ts';
import type { EntryView } from './entry-view.ts';

// Kept while the modules that still import these from here move to src/lib/cache-files.ts.
export { CACHE_DIR, digestOf, writeFileAtomic } from '../cache-files.ts';

/** The module that renders an entry: the cache's code fingerprint is its import graph's. */
const RENDERER = 'src/lib/render/entry-view.ts';

/** What is stored for an entry: its view, its body's digest, and a check of both. */
interface Stored {
  view: EntryView;
  bodyDigest?: string;
  check: string;
}

const checkOf = (view: EntryView, bodyDigest: string | undefined) => digestOf(JSON.stringify([view, bodyDigest]));

/**
 * Entry views and body HTML by the digest of the entry file they were rendered from. A folder
 * per renderer fingerprint, so a change to the renderer or KaTeX never serves stale HTML. Each
 * view carries a check of itself and the digest of its body, so a damaged file (truncated,
 * changed by hand) is never used: it is dropped, said once, and the entry typeset again.
 */
export class RenderCache {
  readonly dir: string;
  readonly #made = new Set<string>();
  readonly #bodyDigests = new Map<string, string | undefined>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** The cache for the renderer as the project's files describe it now. */
  static open(root: string): RenderCache {
    return new RenderCache(join(root, CACHE_DIR, 'render', codeFingerprint(root, RENDERER)));
  }

  private path(digest: string, extension: 'json' | 'html'): string {
    return join(this.dir, digest.slice(0, 2), `${digest}.${extension}`);
  }

  /** The entry's view, if it is cached whole. */
  view(digest: string): EntryView | undefined {
    const path = this.path(digest, 'json');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const stored = JSON.parse(text) as Stored;
      if (stored.check === checkOf(stored.view, stored.bodyDigest)) {
        this.#bodyDigests.set(digest, stored.bodyDigest);
        return stored.view;
      }
    } catch {
      // Not JSON any more: damaged like a failed check.
    }
    this.drop(digest, path);
    return undefined;
  }

  /** The entry's body HTML, if it is cached whole (read its view first). */
  bodyHtml(digest: string): string | undefined {
    if (!this.#bodyDigests.has(digest) && !this.view(digest)) return undefined;
    const bodyDigest = this.#bodyDigests.get(digest);
    if (bodyDigest === undefined) return undefined;
    const bytes = readVerified(this.path(digest, 'html'), bodyDigest);
    if (bytes) return bytes.toString('utf8');
    this.drop(digest, this.path(digest, 'html'));
    return undefined;
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
    const bodyDigest = bodyHtml === undefined ? undefined : digestOf(bodyHtml);
    // The body first: a view on disk promises its body is there too.
    if (bodyHtml !== undefined) writeFileAtomic(this.path(digest, 'html'), bodyHtml);
    const stored: Stored = { view, ...(bodyDigest ? { bodyDigest } : {}), check: checkOf(view, bodyDigest) };
    writeFileAtomic(this.path(digest, 'json'), JSON.stringify(stored));
    this.#bodyDigests.set(digest, bodyDigest);
  }

  /** A damaged file goes, with one line saying so; whoever asked typesets the entry again. */
  private drop(digest: string, path: string): void {
    console.warn(`[paperboy] ${path} was damaged (truncated or changed); typesetting its entry again`);
    rmSync(this.path(digest, 'json'), { force: true });
    rmSync(this.path(digest, 'html'), { force: true });
    this.#bodyDigests.delete(digest);
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

/**
 * A fingerprint of the given files and folders under `root`, by path and content.
 * @deprecated Being replaced by codeFingerprint (src/lib/code-fingerprint.ts), which finds the
 * files from the import graph; kept until the last hand-kept list is gone.
 */
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
