import { parseListing } from './listing.ts';
import type { ImportResult } from './types.ts';

/** An importer: the text of one source file (and its name, for formats that need it) in, records out. */
export type Importer = (text: string, fileName: string) => ImportResult;

const importers = {
  listing: parseListing,
} satisfies Record<string, Importer>;

/** The name `--format` takes for each source format Paperboy reads. */
export type Format = keyof typeof importers;

export const IMPORTERS: Record<Format, Importer> = importers;

export function isFormat(name: string): name is Format {
  return Object.hasOwn(IMPORTERS, name);
}

/** The format of a source file, from its name and first characters; undefined when unknown. */
export function detectFormat(fileName: string, text: string): Format | undefined {
  if (/\.txt$/i.test(fileName) || !/^\s*[[{<]/.test(text)) return 'listing';
  return undefined;
}
