import { splitArxivAuthors } from './arxiv-authors.ts';
import { arxivIdOf, arxivLinks, compact, isObject, parseJson, texAbstract, text } from './shared.ts';
import type { ImportResult } from './types.ts';

/*
 * The JSON a hep-th listing bot writes each day: `{date, source, count, papers: [{id, title,
 * authors, categories, abstract}]}`, with the authors as one string (`Carlos Nunez , Juan F.
 * Pedraza`), the categories as one string (`hep-th, math-ph`) and title and abstract in TeX.
 * Every paper is listed under the file's day.
 */

const DAY_IN_NAME = /(\d{4}-\d{2}-\d{2})[^/]*\.json$/;

/** Parses one day's listing; the day is the file's `date`, else the day in its name. */
export function parseArxivListingJson(content: string, fileName = ''): ImportResult {
  const parsed = parseJson(content);
  if ('failed' in parsed) return parsed.failed;
  const listing = parsed.value;
  if (!isObject(listing) || !Array.isArray(listing['papers'])) {
    return { records: [], problems: [], error: 'not a listing: expected an object with a "papers" list' };
  }
  const date = text(listing['date']) ?? DAY_IN_NAME.exec(fileName)?.[1];
  const result: ImportResult = { records: [], problems: [] };
  listing['papers'].forEach((paper, index) => {
    const at = `paper ${index + 1}`;
    if (!isObject(paper)) {
      result.problems.push({ at, message: 'not an object; skipped' });
      return;
    }
    const authors = listOf(paper['authors'], splitArxivAuthors);
    const id = arxivIdOf(paper['id']);
    result.records.push({
      at,
      record: compact({
        title: texAbstract(paper['title']),
        abstract: texAbstract(paper['abstract']),
        authors,
        authorCount: authors?.length,
        date,
        arxivId: id,
        categories: listOf(paper['categories'], (line) => line.split(',').map((category) => category.trim())),
        links: arxivLinks(id),
      }),
    });
  });
  return result;
}

/** A field the bot writes as one string, split; a list as it is; anything else left out. */
function listOf(value: unknown, split: (line: string) => string[]): string[] | undefined {
  if (Array.isArray(value)) return value.map(text).filter((item): item is string => item !== undefined);
  const line = text(value);
  return line === undefined ? undefined : split(line).filter(Boolean);
}
