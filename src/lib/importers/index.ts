import { parseArxivAtom } from './arxiv-atom.ts';
import { parseDailyArxiv } from './daily-arxiv.ts';
import { parseHfDaily } from './hf-daily.ts';
import { parseListing } from './listing.ts';
import { parsePaperboyJson, parsePaperboyJsonLines } from './paperboy-json.ts';
import { isObject } from './shared.ts';
import type { ImportResult } from './types.ts';

/** An importer: the text of one source file (and its name, for formats that need it) in, records out. */
export type Importer = (text: string, fileName: string) => ImportResult;

const importers = {
  'hf-daily': parseHfDaily,
  'arxiv-atom': parseArxivAtom,
  'paperboy-json': parsePaperboyJson,
  'paperboy-jsonl': parsePaperboyJsonLines,
  'daily-arxiv': parseDailyArxiv,
  listing: parseListing,
} satisfies Record<string, Importer>;

/** The name `--format` takes for each source format Paperboy reads. */
export type Format = keyof typeof importers;

export const IMPORTERS: Record<Format, Importer> = importers;

/** Formats whose text is a scraped page that lost its markup, so structured sources win merges. */
export const SCRAPED_FORMATS: ReadonlySet<Format> = new Set(['listing']);

export function isFormat(name: string): name is Format {
  return Object.hasOwn(IMPORTERS, name);
}

/**
 * The format of a source file, from its name and its first record; undefined when it fits none.
 * @example detectFormat('2025-03-04.jsonl', '{"id":"2503.01234","AI":{…}}') // 'daily-arxiv'
 */
export function detectFormat(fileName: string, text: string): Format | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const start = text.trimStart();
  if (extension === 'txt') return 'listing';
  if (extension === 'xml' || extension === 'atom' || start.startsWith('<')) return 'arxiv-atom';
  if (extension === 'jsonl' || extension === 'ndjson') {
    const first = firstJsonLine(start);
    const looksDailyArxiv = isObject(first) && ('AI' in first || ('abs' in first && 'summary' in first));
    return looksDailyArxiv ? 'daily-arxiv' : 'paperboy-jsonl';
  }
  if (extension === 'json' || start.startsWith('[') || start.startsWith('{')) {
    // Sniffed from the first keys rather than parsed twice: the importer parses it anyway, and
    // reports broken JSON itself.
    const head = start.slice(0, 64 * 1024);
    const hfShaped = /"paper"\s*:\s*\{/.test(head) || (/"summary"\s*:/.test(head) && /"upvotes"\s*:/.test(head));
    return hfShaped ? 'hf-daily' : 'paperboy-json';
  }
  return extension === undefined ? 'listing' : undefined;
}

function firstJsonLine(text: string): unknown {
  try {
    return JSON.parse(text.split(/\r?\n/, 1)[0]!);
  } catch {
    return undefined;
  }
}
