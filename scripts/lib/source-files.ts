/**
 * Finding and reading source files for the import. Every problem is one line naming the file
 * and what to do; a file with a problem is skipped and the others are read.
 */
import { lstat, open, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { TEMPORARY_SUFFIX } from '../../src/lib/fetch/save.ts';
import { detectFormat } from '../../src/lib/importers/index.ts';
import { describeFileError, ImportError } from './entry-files.ts';

/** Where sources live, relative to the project root. */
export const SOURCES_DIR = 'content/sources';
/** The largest source file read, in bytes: a bigger one is almost surely not a paper list. */
export const MAX_SOURCE_BYTES = 100 * 1024 * 1024;

export interface SourceFile {
  /** Path relative to the project root, with `/`: how messages and entries name it. */
  name: string;
  path: string;
}

/**
 * The source files to import: the named ones (each must exist: a typo stops the import; a
 * relative name is from `root`), or every file in content/sources/. Symbolic links are refused: a link could pull any file on the
 * machine into the site.
 */
export async function findSources(
  root: string,
  named: readonly string[],
): Promise<{ files: SourceFile[]; problems: string[] }> {
  const problems: string[] = [];
  const files: SourceFile[] = [];
  const nameOf = (path: string) => relative(root, path).split(sep).join('/');
  const consider = async (path: string, explicit: boolean) => {
    const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
      if (explicit && error.code === 'ENOENT') throw new ImportError(`${path}: no such file; check the path`);
      throw new ImportError(describeFileError(nameOf(path), error));
    });
    if (info.isSymbolicLink()) {
      const target = await readlink(path).catch(() => '?');
      problems.push(
        `${nameOf(path)}: a symbolic link (to ${target}); copy the file itself into ${SOURCES_DIR}/; file skipped`,
      );
    } else if (info.isDirectory()) {
      if (explicit)
        throw new ImportError(
          `${nameOf(path)}: a folder; name source files, or run without names to import all of ${SOURCES_DIR}/`,
        );
    } else if (info.isFile()) {
      files.push({ name: nameOf(path), path });
    } else {
      problems.push(`${nameOf(path)}: not a plain file; file skipped`);
    }
  };
  if (named.length > 0) {
    for (const name of named) await consider(resolve(root, name), true);
    return { files, problems };
  }
  const dir = join(root, SOURCES_DIR);
  const listing = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new ImportError(describeFileError(SOURCES_DIR, error));
  });
  // Dot files are notes such as a harvest's state; `.tmp` files are writes in progress (or cut short).
  const paths = listing
    .filter((dirent) => !dirent.name.startsWith('.') && !dirent.name.endsWith(TEMPORARY_SUFFIX))
    .map((dirent) => join(dirent.parentPath, dirent.name));
  for (const path of paths.sort()) await consider(path, false);
  return { files, problems };
}

/** A source file's text; throws a one-line reason when it cannot be used. */
export async function readSource(file: SourceFile): Promise<string> {
  const fail = (error: unknown): never => {
    throw new ImportError(describeFileError(file.name, error));
  };
  const { size } = await stat(file.path).catch(fail);
  if (size > MAX_SOURCE_BYTES) {
    const over = `${file.name}: ${(size / 2 ** 20).toFixed(0)} MB, over the ${MAX_SOURCE_BYTES / 2 ** 20} MB limit for one source`;
    if (!(await isKaggleSnapshot(file.path))) throw new ImportError(`${over}; split it into smaller files`);
    const outside = file.name.startsWith(`${SOURCES_DIR}/`)
      ? `, and keep the snapshot itself out of ${SOURCES_DIR}/`
      : '';
    throw new ImportError(
      `${over}; to import part of the Kaggle snapshot use npm run import -- --categories hep-th,math.RT ` +
        `--from 2024-01-01 ${file.name}${outside}`,
    );
  }
  const bytes = await readFile(file.path).catch(fail);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(`${file.name}: not UTF-8 text (save it as UTF-8)`);
  }
}

/** Whether a file starts as Kaggle's arXiv snapshot does: its first 64 KB are enough to tell. */
async function isKaggleSnapshot(path: string): Promise<boolean> {
  const file = await open(path).catch(() => undefined);
  if (!file) return false;
  try {
    const { buffer, bytesRead } = await file.read({ buffer: Buffer.alloc(64 * 1024) });
    return detectFormat(path, new TextDecoder().decode(buffer.subarray(0, bytesRead))) === 'kaggle-arxiv';
  } finally {
    await file.close();
  }
}
