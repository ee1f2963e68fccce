import { XMLParser } from 'fast-xml-parser';
import { arxivLinks, compact, dayOf, firstDoi, isObject, parseXml, texAbstract, texLine, text } from './shared.ts';
import type { ImportResult } from './types.ts';

/*
 * An arXiv API response (`export.arxiv.org/api/query?…`): an Atom `<feed>` of `<entry>` elements.
 * A paper is listed under the day of its first version (`<published>`).
 */

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  // Values stay strings: an id like 2301.00001 must not become a number.
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['entry', 'author', 'category'].includes(name),
});

/** `http://arxiv.org/abs/2301.00001v2` → `2301.00001`; old style `…/abs/hep-th/9901001v1` too. */
const ABS_URL = /arxiv\.org\/abs\/(.+?)(?:v(\d+))?$/;

/** Parses an arXiv Atom feed into paper records. */
export function parseArxivAtom(content: string): ImportResult {
  const parsed = parseXml(parser, content);
  if ('failed' in parsed) return parsed.failed;
  const document = parsed.value;
  const feed = isObject(document) ? document['feed'] : undefined;
  if (!isObject(feed)) return { records: [], problems: [], error: 'not an Atom feed: no <feed> element' };
  const entries = Array.isArray(feed['entry']) ? feed['entry'] : [];
  const result: ImportResult = { records: [], problems: [] };
  entries.forEach((entry, index) => {
    const at = `entry ${index + 1}`;
    if (!isObject(entry)) {
      result.problems.push({ at, message: 'an empty <entry>; skipped' });
      return;
    }
    const match = ABS_URL.exec(text(valueOf(entry['id'])) ?? '');
    const id = match?.[1];
    const authors = (Array.isArray(entry['author']) ? entry['author'] : []).map((author) =>
      isObject(author) ? text(valueOf(author['name'])) : undefined,
    );
    const names = authors.filter((name): name is string => name !== undefined);
    const primary = isObject(entry['primary_category']) ? entry['primary_category']['term'] : undefined;
    const categories = (Array.isArray(entry['category']) ? entry['category'] : [])
      .map((category) => (isObject(category) ? category['term'] : undefined))
      .filter((term): term is string => typeof term === 'string');
    result.records.push({
      at,
      record: compact({
        title: texAbstract(valueOf(entry['title'])),
        abstract: texAbstract(valueOf(entry['summary'])),
        authors: names,
        authorCount: authors.length,
        date: dayOf(valueOf(entry['published'])),
        arxivId: id,
        categories: [...new Set([...(typeof primary === 'string' ? [primary] : []), ...categories])],
        comment: texLine(valueOf(entry['comment'])),
        journalRef: texLine(valueOf(entry['journal_ref'])),
        doi: firstDoi(valueOf(entry['doi'])),
        // Unversioned links, so they always lead to the latest version.
        links: arxivLinks(id),
      }),
    });
  });
  return result;
}

/** The text of an element, whether the parser gave it as a string or as `{ '#text': … }`. */
function valueOf(node: unknown): unknown {
  return isObject(node) ? node['#text'] : node;
}
