/*
 * The files Paperboy keeps between builds, under `.cache/paperboy/`, and the two rules they all
 * follow: a file is written whole or not at all, and a file is checked against its digest before it
 * is used, so a truncated or damaged one is made again, never published.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, constants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

/** Where Paperboy keeps what it can reuse between builds, relative to the project root. */
export const CACHE_DIR = '.cache/paperboy';

/** A fingerprint of text: 32 hex digits of its SHA-256. */
export function digestOf(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

let written = 0;
/** Writes a file whole or not at all: a crash never leaves half of it. */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  // Unique per process and write (a thread id keeps workers apart), created exclusively.
  const temporary = `${path}.${process.pid}-${threadId}-${++written}.tmp`;
  writeFileSync(temporary, content, { flag: 'wx' });
  renameSync(temporary, path);
}

/** A file's bytes if they still have `digest`, else undefined: missing, truncated or changed. */
export function readVerified(path: string, digest: string): Buffer | undefined {
  try {
    const bytes = readFileSync(path);
    return digestOf(bytes) === digest ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Copies a file so that the copy shares nothing a later write could change: a reflink where the
 * file system has them (Btrfs, XFS, APFS: instant, no space), a plain copy elsewhere. Never a
 * hard link: a deploy step that appends to a page in dist/ must not change the cached one.
 */
export function copyApart(from: string, to: string): void {
  copyFileSync(from, to, constants.COPYFILE_FICLONE);
}
