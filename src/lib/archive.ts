/**
 * The archive manifest (.cache/paperboy/archive.json): every entry as the last import left it,
 * with its digest, frontmatter and keys. The build's search index reads the papers from it, and
 * the next import reuses the summaries of files that did not change instead of parsing them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExistingEntry } from './import/plan.ts';
import { CACHE_DIR, writeFileAtomic } from './cache-files.ts';
import { codeFingerprint } from './code-fingerprint.ts';

export const ARCHIVE_FILE = `${CACHE_DIR}/archive.json`;

/** The module that summarises an entry file: when its code changes, summaries are made afresh. */
const SUMMARISER = 'src/lib/import/plan.ts';

/**
 * Names one run of `npm run build`: the import records it in the manifest, and the later steps of
 * the same build (Astro's loader, the search indexer) trust the manifest instead of reading every
 * entry again. Outside such a run (`astro dev`, a bare `astro build`) they read the files.
 */
export const BUILD_ID_VARIABLE = 'PAPERBOY_BUILD_ID';

interface ArchiveManifest {
  fingerprint: string;
  build?: string;
  entries: ExistingEntry[];
}

async function readManifest(root: string): Promise<ArchiveManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(root, ARCHIVE_FILE), 'utf8')) as ArchiveManifest;
    return manifest.fingerprint === codeFingerprint(root, SUMMARISER) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** The entries of the last import, or none when there is no manifest or the code changed since. */
export async function readArchive(root: string): Promise<ExistingEntry[]> {
  return (await readManifest(root))?.entries ?? [];
}

/** The entries the import of this very build left, or undefined when this is not such a build. */
export async function readFreshArchive(root: string): Promise<ExistingEntry[] | undefined> {
  const build = process.env[BUILD_ID_VARIABLE];
  if (!build) return undefined;
  const manifest = await readManifest(root);
  return manifest?.build === build ? manifest.entries : undefined;
}

export function writeArchive(root: string, entries: ExistingEntry[]): void {
  const build = process.env[BUILD_ID_VARIABLE];
  const manifest: ArchiveManifest = {
    fingerprint: codeFingerprint(root, SUMMARISER),
    ...(build ? { build } : {}),
    entries,
  };
  writeFileAtomic(join(root, ARCHIVE_FILE), JSON.stringify(manifest));
}
