import { parseListing } from './listing.ts';
import type { ImportResult } from './types.ts';

/** Every source format Paperboy reads, by the name `--format` takes. */
export const IMPORTERS = {
  listing: parseListing,
} satisfies Record<string, (text: string, fileName: string) => ImportResult>;

export type Format = keyof typeof IMPORTERS;

export function isFormat(name: string): name is Format {
  return Object.hasOwn(IMPORTERS, name);
}

/** The format of a source file, from its name and first characters; undefined when unknown. */
export function detectFormat(fileName: string, text: string): Format | undefined {
  if (/\.txt$/i.test(fileName) || !/^\s*[[{<]/.test(text)) return 'listing';
  return undefined;
}
