/**
 * The archive manifest (.cache/paperboy/archive.json): every entry as the last import left it,
 * with its digest, frontmatter and keys. The build's search index reads the papers from it, and
 * the next import reuses the summaries of files that did not change instead of parsing them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExistingEntry } from '../../src/lib/import/plan.ts';
import { CACHE_DIR, fingerprintFiles, writeFileAtomic } from '../../src/lib/render/cache.ts';

export const ARCHIVE_FILE = `${CACHE_DIR}/archive.json`;

/** The code an entry's summary depends on: when it changes, summaries are made afresh. */
export const IMPORT_CODE = ['src/lib/import', 'src/lib/importers', 'src/lib/math', 'src/lib/entries.ts', 'src/content.config.ts', 'package-lock.json'];

interface ArchiveManifest {
  fingerprint: string;
  entries: ExistingEntry[];
}

/** The entries of the last import, or none when there is no manifest or the code changed since. */
export async function readArchive(root: string): Promise<ExistingEntry[]> {
  try {
    const manifest = JSON.parse(await readFile(join(root, ARCHIVE_FILE), 'utf8')) as ArchiveManifest;
    return manifest.fingerprint === fingerprintFiles(root, IMPORT_CODE) ? manifest.entries : [];
  } catch {
    return [];
  }
}

export function writeArchive(root: string, entries: ExistingEntry[]): void {
  const manifest: ArchiveManifest = { fingerprint: fingerprintFiles(root, IMPORT_CODE), entries };
  writeFileAtomic(join(root, ARCHIVE_FILE), JSON.stringify(manifest));
}
