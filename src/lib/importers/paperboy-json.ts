import { isObject, parseJson, parseJsonLines } from './shared.ts';
import type { ImportResult } from './types.ts';

/*
 * Paperboy's own records, for hand-made lists: a JSON array, or JSON Lines with one record per
 * line. A record has the schema's fields (title, authors, authorCount, organization, date,
 * upvotes, arxivId, links, …) plus `abstract`; `$…$` in text is TeX.
 */

/** Parses a JSON array of Paperboy records. */
export function parsePaperboyJson(content: string): ImportResult {
  const parsed = parseJson(content);
  if ('failed' in parsed) return parsed.failed;
  if (!Array.isArray(parsed.value))
    return { records: [], problems: [], error: 'expected a JSON array of paper records' };
  return collect(
    (parsed.value as unknown[]).map((value, index) => ({ at: `record ${index + 1}`, value })),
    [],
  );
}

/** Parses JSON Lines of Paperboy records. */
export function parsePaperboyJsonLines(content: string): ImportResult {
  const { values, problems } = parseJsonLines(content);
  return collect(values, problems);
}

function collect(values: { at: string; value: unknown }[], problems: ImportResult['problems']): ImportResult {
  const result: ImportResult = { records: [], problems };
  for (const { at, value } of values) {
    if (isObject(value)) result.records.push({ at, record: value });
    else result.problems.push({ at, message: 'not an object; skipped' });
  }
  return result;
}
