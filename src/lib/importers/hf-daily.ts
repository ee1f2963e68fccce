import { restoreMath } from '../math/restore.ts';
import { joinSegments } from '../math/segments.ts';
import { arxivLinks, compact, dayOf, isObject, parseJson, text } from './shared.ts';
import type { ImportResult } from './types.ts';

/*
 * Hugging Face's daily papers API as saved from `/api/daily_papers?date=…` (an array of items,
 * each with a `paper`), or a single paper from `/api/papers/<id>`. Fields were added over the
 * years; only the paper's id, title, summary, publishedAt, upvotes and authors are always there.
 */

/** Parses a Hugging Face daily papers dump into paper records. */
export function parseHfDaily(content: string): ImportResult {
  const parsed = parseJson(content);
  if ('failed' in parsed) return parsed.failed;
  const items: unknown[] = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (!Array.isArray(parsed.value) && !isObject(parsed.value)) {
    return { records: [], problems: [], error: 'expected an array of daily papers or one paper object' };
  }
  const result: ImportResult = { records: [], problems: [] };
  items.forEach((item, index) => {
    const at = `record ${index + 1}`;
    const paper = isObject(item) && isObject(item['paper']) ? item['paper'] : item;
    if (!isObject(item) || !isObject(paper)) {
      result.problems.push({ at, message: 'not an object; skipped' });
      return;
    }
    const authors = Array.isArray(paper['authors']) ? paper['authors'] : [];
    const names = authors.map((author) => (isObject(author) ? text(author['name']) : undefined)).filter(Boolean);
    const organization = [item['organization'], paper['organization']].find(isObject);
    const submitter = [item['submittedBy'], paper['submittedOnDailyBy']].find(isObject);
    const id = paper['id'];
    result.records.push({
      at,
      record: compact({
        title: paper['title'] ?? item['title'],
        // Hugging Face strips the dollars around math but keeps its macros (`{\sigma}`, `1.67times`).
        abstract: restored(paper['summary'] ?? item['summary']),
        authors: names,
        authorCount: authors.length,
        organization: organization ? (text(organization['fullname']) ?? organization['name']) : undefined,
        // The day of the listing: `submittedOnDailyAt` since March 2025, the item's `publishedAt` before.
        date: dayOf(
          paper['submittedOnDailyAt'] ?? item['submittedOnDailyAt'] ?? item['publishedAt'] ?? paper['publishedAt'],
        ),
        upvotes: paper['upvotes'] ?? item['upvotes'],
        arxivId: id,
        links: compact({
          ...arxivLinks(id),
          huggingface:
            typeof id === 'string' && arxivLinks(id).arxiv ? `https://huggingface.co/papers/${id}` : undefined,
          github: paper['githubRepo'],
          project: paper['projectPage'],
        }),
        githubStars: paper['githubStars'],
        comments: item['numComments'] ?? paper['numComments'],
        submittedBy: submitter ? (text(submitter['fullname']) ?? submitter['name']) : undefined,
        ai: paper['ai_summary'] === undefined ? undefined : { summary: restored(paper['ai_summary']) },
        keywords: paper['ai_keywords'],
      }),
    });
  });
  return result;
}

function restored(value: unknown): unknown {
  return typeof value === 'string' ? joinSegments(restoreMath(value)) : value;
}
