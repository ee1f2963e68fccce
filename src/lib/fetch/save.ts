import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What saving a fetched file did. */
export type SaveOutcome = 'new' | 'updated' | 'unchanged';

/** A fetched body that is not a valid file of its format: it is never written. */
export class InvalidResponse extends Error {}

/** Temporary files end so: the import skips them, and a fetcher clears those a killed run left. */
export const TEMPORARY_SUFFIX = '.tmp';

/**
 * Saves a fetched body at `path` when `problemOf` finds nothing wrong with it, written whole
 * (a temp file renamed into place) and only when it differs from the file there (`same` says
 * what differing means; byte for byte unless given). A bad response never replaces a good file:
 * it throws InvalidResponse and leaves the file as it was.
 */
export async function saveChecked(
  path: string,
  body: string,
  problemOf: (body: string) => string | undefined,
  same: (saved: string, fetched: string) => boolean = (saved, fetched) => saved === fetched,
): Promise<SaveOutcome> {
  const problem = problemOf(body);
  if (problem) throw new InvalidResponse(problem);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined && same(existing, body)) return 'unchanged';
  await writeWhole(path, body);
  return existing === undefined ? 'new' : 'updated';
}

/** Writes a file whole or not at all: a temp file beside it, renamed into place, never left behind. */
export async function writeWhole(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}${TEMPORARY_SUFFIX}`;
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/**
 * Removes the temporary files a killed run left in `folder` (a kill skips every `finally`), but
 * not those of a run still writing them; returns the names removed.
 */
export async function removeTemporaryFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => []);
  const left = names.filter((name) => name.endsWith(TEMPORARY_SUFFIX) && !writerAlive(name));
  await Promise.all(left.map((name) => rm(join(folder, name), { force: true })));
  return left;
}

/** Whether the process that named a temporary file `<file>.<pid>.tmp` is still running. */
function writerAlive(name: string): boolean {
  const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1]);
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
