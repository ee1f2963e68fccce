import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What saving a fetched file did. */
export type SaveOutcome = 'new' | 'updated' | 'unchanged';

/** A fetched body that is not a valid file of its format: it is never written. */
export class InvalidResponse extends Error {}

/**
 * Saves a fetched body at `path` when `problemOf` finds nothing wrong with it, written whole
 * (a temp file renamed into place) and only when it differs from the file there. A bad response
 * never replaces a good file: it throws InvalidResponse and leaves the file as it was.
 */
export async function saveChecked(
  path: string,
  body: string,
  problemOf: (body: string) => string | undefined,
): Promise<SaveOutcome> {
  const problem = problemOf(body);
  if (problem) throw new InvalidResponse(problem);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing === body) return 'unchanged';
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, body, { flag: 'wx' });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  return existing === undefined ? 'new' : 'updated';
}
