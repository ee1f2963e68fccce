import { parseArxivAtom } from './arxiv-atom.ts';
import { parseArxivListingJson } from './arxiv-listing-json.ts';
import { parseArxivOai } from './arxiv-oai.ts';
import { parseDailyArxiv } from './daily-arxiv.ts';
import { parseHfDaily } from './hf-daily.ts';
import { parseKaggleArxiv } from './kaggle-arxiv.ts';
import { parseListing } from './listing.ts';
import { parsePaperboyJson, parsePaperboyJsonLines } from './paperboy-json.ts';
import { isObject } from './shared.ts';
import type { ImportResult } from './types.ts';

/** An importer: the text of one source file (and its name, for formats that need it) in, records out. */
export type Importer = (text: string, fileName: string) => ImportResult;

const importers = {
  'hf-daily': parseHfDaily,
  'arxiv-atom': parseArxivAtom,
  'arxiv-oai': parseArxivOai,
  'kaggle-arxiv': parseKaggleArxiv,
  'arxiv-listing-json': parseArxivListingJson,
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
 * The format of a source file, from its name and its start; undefined when it fits none.
 * @example detectFormat('2025-03-04.jsonl', '{"id":"2503.01234","AI":{…}}') // 'daily-arxiv'
 */
export function detectFormat(fileName: string, text: string): Format | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const start = text.trimStart();
  // Sniffed from the first keys rather than parsed twice: the importer parses the file anyway, and
  // reports broken JSON or XML itself.
  const head = start.slice(0, 64 * 1024);
  if (extension === 'txt') return 'listing';
  if (extension === 'xml' || extension === 'atom' || start.startsWith('<')) {
    return /<(?:[\w.-]+:)?OAI-PMH[\s>]/.test(head) ? 'arxiv-oai' : 'arxiv-atom';
  }
  const firstLine = head.split(/\r?\n/, 1)[0]!;
  // Kaggle's snapshot is JSON Lines whatever its name says (`arxiv-metadata-oai-snapshot.json`).
  if (firstLine.startsWith('{') && /"(?:authors_parsed|versions)"\s*:\s*\[/.test(firstLine)) return 'kaggle-arxiv';
  if (extension === 'jsonl' || extension === 'ndjson') {
    const first = firstJsonLine(start);
    const looksDailyArxiv = isObject(first) && ('AI' in first || ('abs' in first && 'summary' in first));
    return looksDailyArxiv ? 'daily-arxiv' : 'paperboy-jsonl';
  }
  if (extension === 'json' || start.startsWith('[') || start.startsWith('{')) {
    const hfShaped = /"paper"\s*:\s*\{/.test(head) || (/"summary"\s*:/.test(head) && /"upvotes"\s*:/.test(head));
    if (hfShaped) return 'hf-daily';
    // The listing bot's object starts with its day, source and count, then the papers.
    const listingShaped =
      start.startsWith('{') && /"papers"\s*:\s*\[/.test(head) && /"(?:source|count)"\s*:/.test(head);
    return listingShaped ? 'arxiv-listing-json' : 'paperboy-json';
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
