import type { XMLParser } from 'fast-xml-parser';
import { ARXIV_ID, DOI } from '../../schema.ts';
import { joinSegments, splitMath, type DollarRule } from '../math/segments.ts';
import { undelimitedMath } from '../math/restore.ts';
import { cleanProseAround } from '../math/tex-prose.ts';
import type { ImportResult } from './types.ts';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string field, or undefined when it is missing or not text. */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;

/** The `YYYY-MM-DD` day of an ISO timestamp (`2025-03-04T12:00:00.000Z`), or the value as it is. */
export const dayOf = (value: unknown): unknown => (typeof value === 'string' ? value.slice(0, 10) : value);

/**
 * An arXiv id without its version, as entries keep it: `2512.00011v1` → `2512.00011`,
 * `hep-th/9901001v2` → `hep-th/9901001`. Anything else is returned as it is, for the schema to judge.
 */
export function arxivIdOf(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().replace(/v\d+$/, '') : value;
}

/** A text's words on one line, or undefined when it has none: arXiv wraps long fields. */
export function oneLine(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ') : undefined;
}

/** arXiv keeps the DOIs its authors typed, now and then several (`a b`, `a, b`): the first valid one. */
export function firstDoi(value: unknown): string | undefined {
  return oneLine(value)
    ?.split(/[\s,;]+/)
    .find((doi) => DOI.test(doi));
}

/**
 * The day of one of arXiv's version dates, in the form `Date.prototype.toUTCString` writes and
 * `Date.parse` reads back in every engine; anything else is returned for the schema to judge.
 * @example versionDay('Mon, 2 Apr 2007 19:18:42 GMT') // '2007-04-02'
 */
export function versionDay(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString().slice(0, 10);
}

/** Links to an arXiv paper's abstract page and PDF, when the id is a real arXiv id. */
export function arxivLinks(id: unknown): { arxiv?: string; pdf?: string } {
  if (typeof id !== 'string' || !ARXIV_ID.test(id)) return {};
  return { arxiv: `https://arxiv.org/abs/${id}`, pdf: `https://arxiv.org/pdf/${id}` };
}

/** Drops keys whose value is missing (undefined or null), so records only carry what the source had. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null)) as T;
}

/**
 * Text in arXiv's style, a title or an abstract: TeX math kept, TeX prose markup (`\emph{…}`, `\%`)
 * made plain, formulas written without dollars found (`AdS_5 x S^5`), hard line breaks joined,
 * blank lines kept as paragraph breaks. Authors write TeX, so its dollars follow TeX's rule
 * (`$ x $` is math); machine-written text passes `prose`.
 */
export function texAbstract(value: unknown, dollars: DollarRule = 'tex'): unknown {
  if (typeof value !== 'string') return value;
  const paragraphs = value
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' '));
  return paragraphs
    .map((paragraph) => joinSegments(undelimitedMath(cleanProseAround(splitMath(paragraph, dollars)))))
    .join('\n\n');
}

/** A short TeX field on one line, an arXiv comment or journal reference: read as `texAbstract` reads text. */
export function texLine(value: unknown): unknown {
  return texAbstract(oneLine(value));
}

/** Parses JSON, or returns the parse error in the shape every importer returns. */
export function parseJson(textContent: string): { value: unknown } | { failed: ImportResult } {
  try {
    return { value: JSON.parse(textContent) };
  } catch (error) {
    return { failed: { records: [], problems: [], error: `not valid JSON (${(error as Error).message})` } };
  }
}

/** Parses XML with an importer's parser, or returns the parse error in the shape every importer returns. */
export function parseXml(parser: XMLParser, textContent: string): { value: unknown } | { failed: ImportResult } {
  try {
    return { value: parser.parse(textContent, true) as unknown };
  } catch (error) {
    return {
      failed: { records: [], problems: [], error: `not valid XML (${(error as Error).message.split('\n')[0]})` },
    };
  }
}

/** Parses JSON Lines: one value per non-empty line, each failure a problem naming its line. */
export function parseJsonLines(textContent: string): {
  values: { at: string; value: unknown }[];
  problems: ImportResult['problems'];
} {
  const values: { at: string; value: unknown }[] = [];
  const problems: ImportResult['problems'] = [];
  textContent.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const at = `line ${index + 1}`;
    try {
      values.push({ at, value: JSON.parse(line) });
    } catch (error) {
      problems.push({ at, message: `not valid JSON (${(error as Error).message}); skipped` });
    }
  });
  return { values, problems };
}
