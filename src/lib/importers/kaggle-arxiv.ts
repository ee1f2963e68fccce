import type { ImportedRecord } from '../../schema.ts';
import { nameFromParts, splitArxivAuthors } from './arxiv-authors.ts';
import {
  arxivIdOf,
  arxivLinks,
  compact,
  firstDoi,
  isObject,
  oneLine,
  parseJsonLines,
  texAbstract,
  texLine,
  text,
  versionDay,
} from './shared.ts';
import type { ImportResult } from './types.ts';

/*
 * Kaggle's arXiv metadata snapshot (`arxiv-metadata-oai-snapshot.json`, JSON Lines despite its
 * name): arXiv's OAI metadata, one paper a line, with `authors` as the TeX line the submitter typed
 * and `authors_parsed` as arXiv's own split of it into [last, first, suffix] in Unicode. The whole
 * snapshot is gigabytes, so a streaming reader calls `kaggleRecord` a line at a time.
 */

/**
 * One line of the snapshot as a record, or why it is skipped.
 * @example kaggleRecord({ id: '0704.0001', title: 'T', versions: [{ version: 'v1', created: 'Mon, 2 Apr 2007 19:18:42 GMT' }] })
 * // { title: 'T', date: '2007-04-02', arxivId: '0704.0001', … }
 */
export function kaggleRecord(value: unknown): ImportedRecord | string {
  if (!isObject(value)) return 'not an object; skipped';
  const authors = kaggleAuthors(value);
  const id = arxivIdOf(value['id']);
  return compact({
    title: texAbstract(value['title']),
    abstract: texAbstract(value['abstract']),
    authors,
    authorCount: authors.length,
    date: firstVersionDay(value),
    arxivId: id,
    categories: kaggleCategories(value),
    comment: texLine(value['comments']),
    journalRef: texLine(value['journal-ref']),
    // Now and then several DOIs, as the authors typed them: the first valid one.
    doi: firstDoi(value['doi']),
    links: arxivLinks(id),
  });
}

/** Parses a (small) snapshot file: one paper a line, each bad line a problem naming it. */
export function parseKaggleArxiv(content: string): ImportResult {
  const { values, problems } = parseJsonLines(content);
  const result: ImportResult = { records: [], problems };
  for (const { at, value } of values) {
    const record = kaggleRecord(value);
    if (typeof record === 'string') result.problems.push({ at, message: record });
    else result.records.push({ at, record });
  }
  return result;
}

/**
 * The UTC day of a snapshot line's first version (not `update_date`, when arXiv last touched the
 * record), without building the record: for filtering the snapshot by day.
 * @example firstVersionDay({ versions: [{ version: 'v1', created: 'Sat, 31 Mar 2007 02:26:18 GMT' }] }) // '2007-03-31'
 */
export function firstVersionDay(value: unknown): string | undefined {
  const versions: unknown[] = isObject(value) && Array.isArray(value['versions']) ? value['versions'] : [];
  const first = versions.find((version) => isObject(version) && version['version'] === 'v1') ?? versions[0];
  const day = versionDay(isObject(first) ? first['created'] : undefined);
  return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

/**
 * A snapshot line's categories, the primary one first, without building the record: for filtering
 * the snapshot by category.
 * @example kaggleCategories({ categories: 'math.CO cs.CG' }) // ['math.CO', 'cs.CG']
 */
export function kaggleCategories(value: unknown): string[] | undefined {
  return oneLine(isObject(value) ? value['categories'] : undefined)?.split(' ');
}

/**
 * The names from the `authors` line, with its TeX; arXiv's own split in `authors_parsed` when the
 * two count differently, as the line then has a form the splitter does not know.
 */
function kaggleAuthors(value: Record<string, unknown>): string[] {
  const line = text(value['authors']);
  const parsed = Array.isArray(value['authors_parsed'])
    ? value['authors_parsed'].map((parts) => (Array.isArray(parts) ? nameFromParts(parts) : '')).filter(Boolean)
    : [];
  const names = line === undefined ? [] : splitArxivAuthors(line);
  // An empty or missing parse never overrules the string.
  return names.length > 0 && (parsed.length === 0 || parsed.length === names.length) ? names : parsed;
}
