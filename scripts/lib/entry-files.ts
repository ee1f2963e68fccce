/**
 * The import's file I/O on content/papers/: reading every entry (loudly: a read error stops the
 * import before anything is written) and writing one entry safely: only if the file is still
 * what the plan was made from, through a temporary file with a unique name that is never opened
 * through a symbolic link, and never outside content/papers/.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { PAPERS_DIR } from '../../src/schema.ts';
import { entryFromFile, type ExistingEntry } from '../../src/lib/import/plan.ts';
import { digestOf } from '../../src/lib/render/cache.ts';

/** A problem the maintainer has to fix before the import can go on: printed as one line, no stack. */
export class ImportError extends Error {}

const ACTIONS: Record<string, string> = {
  EACCES: 'permission denied; let your user read and write it (chmod u+rw)',
  EPERM: 'not permitted; let your user read and write it',
  ENOTDIR: 'a file is where a folder should be; move it away',
  EISDIR: 'a folder is where a file should be; move it away',
  ELOOP: 'a loop of symbolic links; remove them',
};

/** One plain line for a file system error on `path`. */
export function describeFileError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return `${path}: ${ACTIONS[code] ?? (error as Error).message} (${code || 'error'})`;
}

/** An entry file as read: its summary, and its text when the caller asked to keep it. */
export interface ReadEntry {
  entry: ExistingEntry;
  text?: string;
}

/**
 * Reads every entry under content/papers/. Summaries of files whose digest the previous import
 * recorded are reused instead of parsed again. `keepText` says which texts the caller needs.
 */
export async function readExistingEntries(
  root: string,
  previous: ReadonlyMap<string, ExistingEntry>,
  keepText: (entry: ExistingEntry) => boolean,
): Promise<ReadEntry[]> {
  // Each import checks its folders anew (a folder may have been swapped for a link since the last one).
  checkedFolders.clear();
  const dir = join(root, PAPERS_DIR);
  const info = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ImportError(describeFileError(PAPERS_DIR, error));
  });
  if (!info) return [];
  if (!info.isDirectory()) {
    throw new ImportError(
      `${PAPERS_DIR} is ${info.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a folder; move it away so the import can make the folder`,
    );
  }
  const listing = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    throw new ImportError(describeFileError(relative(root, (error as { path?: string }).path ?? dir), error));
  });
  const read: ReadEntry[] = [];
  for (const dirent of listing) {
    const file = join(dirent.parentPath, dirent.name);
    const path = relative(root, file).split(sep).join('/');
    if (dirent.name.startsWith('.')) continue;
    // Folders behind links are never entered; an entry that is a link holds its slug but is never followed.
    if (dirent.isSymbolicLink()) {
      if (dirent.name.endsWith('.mdx')) {
        const problem =
          'a symbolic link, which the import never reads or writes through; replace it with the file itself';
        read.push({ entry: unreadable(path, problem) });
      }
      continue;
    }
    if (!dirent.isFile() || !dirent.name.endsWith('.mdx')) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ImportError(describeFileError(path, error));
    }
    const digest = digestOf(text);
    const known = previous.get(digest);
    const entry = known?.path === path ? known : entryFromFile(path, digest, text);
    read.push(keepText(entry) ? { entry, text } : { entry });
  }
  return read;
}

function unreadable(path: string, problem: string): ExistingEntry {
  return { path, slug: basename(path, '.mdx'), digest: '', keys: [], asImported: false, problem };
}

/** The digest of the file at `path` now, undefined when there is none; throws on anything but a plain file. */
function currentDigest(file: string, path: string): string | undefined {
  const info = lstatSync(file, { throwIfNoEntry: false });
  if (!info) return undefined;
  if (!info.isFile())
    throw new ImportError(`${path}: not a plain file; the import never writes through links or into folders`);
  return digestOf(readFileSync(file));
}

/** Whether the file's owner may write it: its mode, not this process's rights (root may write anything). */
function writable(file: string): boolean {
  return (statSync(file).mode & 0o200) !== 0;
}

/** Folders already made and checked by this import (emptied as each import starts reading). */
const checkedFolders = new Set<string>();

/**
 * Makes sure `path` (relative to the root) lies inside content/papers/ with no symbolic link on
 * the way, creating its folders. Returns the absolute path.
 */
function safeTarget(root: string, path: string): string {
  const papers = join(root, PAPERS_DIR);
  const target = join(root, path);
  if (!target.startsWith(papers + sep)) throw new ImportError(`refusing to write outside ${PAPERS_DIR}: ${path}`);
  const folder = dirname(target);
  if (!checkedFolders.has(folder)) {
    mkdirSync(papers, { recursive: true });
    const realPapers = realpathSync(papers);
    const inside = (path: string) => {
      const real = realpathSync(path);
      return real === realPapers || real.startsWith(realPapers + sep);
    };
    // Checked before any folder is made (a folder made through a planted link would already be
    // outside), and again after.
    let existing = folder;
    while (!existsSync(existing)) existing = dirname(existing);
    const leaks = () =>
      new ImportError(`${dirname(path)} leads outside ${PAPERS_DIR} through a symbolic link; remove the link`);
    if (!inside(existing)) throw leaks();
    mkdirSync(folder, { recursive: true });
    if (!inside(folder)) throw leaks();
    checkedFolders.add(folder);
  }
  return target;
}

let temporaries = 0;

/**
 * Writes an entry if the file is still as expected: absent (`expected` undefined) or with the
 * digest the plan read. Returns false, writing nothing, when it changed meanwhile.
 */
export function writeEntry(root: string, path: string, content: string, expected: string | undefined): boolean {
  const target = safeTarget(root, path);
  if (currentDigest(target, path) !== expected) return false;
  // A file made read-only is left alone: that is how a maintainer says "do not touch".
  if (expected !== undefined && !writable(target)) {
    throw new ImportError(
      `${path}: read-only, so left as it is; make it writable (chmod u+w) to let the import update it`,
    );
  }
  // A unique temporary name, created exclusively (`wx`): never an existing file or a planted link.
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}-${++temporaries}.tmp`);
  writeFileSync(temporary, content, { flag: 'wx' });
  try {
    // Checked once more right before the swap: a note saved in the meantime is never overwritten.
    if (currentDigest(target, path) !== expected) return false;
    renameSync(temporary, target);
    return true;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Removes an entry if it still has the digest the plan read; never one made read-only. */
export function removeEntry(root: string, path: string, expected: string): boolean {
  const target = safeTarget(root, path);
  if (currentDigest(target, path) !== expected) return false;
  if (!writable(target))
    throw new ImportError(
      `${path}: read-only, so left as it is; make it writable (chmod u+w) to let the import remove it`,
    );
  rmSync(target);
  return true;
}
