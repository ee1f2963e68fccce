import { arxivLinks, compact, isObject, parseJsonLines, texAbstract, texLine, text } from './shared.ts';
import type { ImportResult } from './types.ts';

/*
 * The data of daily-arXiv-ai-enhanced sites: one JSON Lines file per day, named `YYYY-MM-DD.jsonl`,
 * each line `{id, categories, pdf, abs, authors, title, comment, summary, AI?: {tldr, motivation,
 * method, result, conclusion}}`. Abstracts keep arXiv's hard line breaks and raw TeX.
 */

const DAY_IN_NAME = /(\d{4}-\d{2}-\d{2})[^/]*\.jsonl$/;

/** Parses one day's file; the day comes from its name. */
export function parseDailyArxiv(content: string, fileName: string): ImportResult {
  const date = DAY_IN_NAME.exec(fileName)?.[1];
  if (!date) return { records: [], problems: [], error: 'the file name must carry the day, as in 2025-03-04.jsonl' };
  const { values, problems } = parseJsonLines(content);
  const result: ImportResult = { records: [], problems };
  for (const { at, value } of values) {
    if (!isObject(value)) {
      result.problems.push({ at, message: 'not an object; skipped' });
      continue;
    }
    const ai = isObject(value['AI']) ? value['AI'] : undefined;
    const authors = Array.isArray(value['authors']) ? value['authors'] : [];
    result.records.push({
      at,
      record: compact({
        title: texAbstract(value['title']),
        abstract: texAbstract(value['summary']),
        authors: authors.map(text).filter(Boolean),
        authorCount: authors.length,
        date,
        arxivId: value['id'],
        categories: value['categories'],
        comment: texLine(value['comment']),
        links: compact({
          ...arxivLinks(value['id']),
          ...urlField('arxiv', value['abs']),
          ...urlField('pdf', value['pdf']),
        }),
        // The AI fields are machine-written: their dollars may be money.
        ai:
          ai &&
          compact({
            summary: texAbstract(ai['tldr'], 'prose'),
            motivation: texAbstract(ai['motivation'], 'prose'),
            method: texAbstract(ai['method'], 'prose'),
            result: texAbstract(ai['result'], 'prose'),
            conclusion: texAbstract(ai['conclusion'], 'prose'),
          }),
      }),
    });
  }
  return result;
}

function urlField(name: string, value: unknown): Record<string, unknown> {
  return typeof value === 'string' && /^https?:\/\//.test(value) ? { [name]: value } : {};
}
