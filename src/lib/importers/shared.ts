import { ARXIV_ID } from '../../content.config.ts';
import { cleanTexProse } from '../math/restore.ts';
import { joinSegments, splitMath } from '../math/segments.ts';
import type { ImportResult } from './types.ts';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string field, or undefined when it is missing or not text. */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;

/** The `YYYY-MM-DD` day of an ISO timestamp (`2025-03-04T12:00:00.000Z`), or the value as it is. */
export const dayOf = (value: unknown): unknown => (typeof value === 'string' ? value.slice(0, 10) : value);

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
 * Abstract text in arXiv's style: TeX math in `$…$` kept, TeX prose markup (`\emph{…}`, `\%`) made
 * plain, hard line breaks joined, blank lines kept as paragraph breaks.
 */
export function texAbstract(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const paragraphs = value
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' '));
  return paragraphs
    .map((paragraph) =>
      joinSegments(splitMath(paragraph).map((s) => (s.kind === 'text' ? { ...s, value: cleanTexProse(s.value) } : s))),
    )
    .join('\n\n');
}

/** Parses JSON, or returns the parse error in the shape every importer returns. */
export function parseJson(textContent: string): { value: unknown } | { failed: ImportResult } {
  try {
    return { value: JSON.parse(textContent) };
  } catch (error) {
    return { failed: { records: [], problems: [], error: `not valid JSON (${(error as Error).message})` } };
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
