import { restoreMath } from '../math/restore.ts';
import { joinSegments } from '../math/segments.ts';
import type { PaperRecord } from '../../schema.ts';
import type { ImportResult } from './types.ts';

/*
 * The text of a Daily Papers listing page as copied or scraped from the browser. Each paper is:
 *
 *   Title line
 *   Abstract paragraph(s)
 *   • 5 authors            (or the organization, printed twice: `Lossfunk Lossfunk`)
 *   ·
 *   Oct 6, 2025 12         (the day it is listed under, then its upvotes when it has any)
 *
 * Page chrome before the first paper (`Subscribe`, `Daily Papers`, `Jan 5`, …) is skipped. The
 * scrape lost TeX backslashes and dollars, so abstracts and titles get their formulas restored.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_LINE = new RegExp(`^(${MONTHS.join('|')})[a-z]* (\\d{1,2}), (\\d{4})(?:\\s+(\\d+))?$`);
const AUTHOR_COUNT = /^•\s*(\d+)\s+authors?$/;
const SEPARATOR = '·';
const CHROME =
  /^(?:new|subscribe|daily papers|get trending papers.*|by\s*ak\b.*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2})$/i;

/** Parses listing text into paper records; malformed papers become problems naming their lines. */
export function parseListing(text: string): ImportResult<PaperRecord> {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const result: ImportResult<PaperRecord> = { records: [], problems: [] };
  let blockStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const date = DATE_LINE.exec(lines[i]!);
    if (!date) continue;
    const at = `line ${i + 1}`;
    const block = nonEmptyLines(lines, blockStart, i);
    blockStart = i + 1;
    if (lines[previousNonEmpty(lines, i)] !== SEPARATOR) {
      result.problems.push({
        at,
        message: `expected a "${SEPARATOR}" line before the date "${lines[i]}"; paper skipped`,
      });
      continue;
    }
    block.pop();
    const byline = block.pop();
    while (block.length > 0 && CHROME.test(block[0]!.text)) block.shift();
    const title = block.shift();
    if (!title || byline === undefined) {
      result.problems.push({ at, message: 'a date without a title and byline before it; paper skipped' });
      continue;
    }
    const [, month, day, year, upvotes] = date;
    const count = AUTHOR_COUNT.exec(byline.text);
    result.records.push({
      at: `line ${title.line}`,
      record: {
        title: joinSegments(restoreMath(title.text)),
        abstract: joinSegments(restoreMath(paragraphs(block.map((entry) => entry.text)))),
        authors: [],
        authorCount: count ? Number(count[1]) : 0,
        ...(count ? {} : { organization: undoubled(byline.text) }),
        date: `${year}-${String(MONTHS.indexOf(month!.slice(0, 3)) + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`,
        ...(upvotes === undefined ? {} : { upvotes: Number(upvotes) }),
      },
    });
  }
  return result;
}

function nonEmptyLines(lines: string[], from: number, to: number) {
  const block: { line: number; text: string }[] = [];
  for (let i = from; i < to; i++) if (lines[i]) block.push({ line: i + 1, text: lines[i]! });
  return block;
}

function previousNonEmpty(lines: string[], index: number): number {
  let i = index - 1;
  while (i >= 0 && !lines[i]) i -= 1;
  return i;
}

/** Each line of the abstract was a paragraph on the page. */
function paragraphs(lines: string[]): string {
  return lines.join('\n\n');
}

/** The page prints an organization's handle and name side by side: `Lossfunk Lossfunk` → `Lossfunk`. */
function undoubled(text: string): string {
  const words = text.split(/\s+/);
  const half = words.length / 2;
  if (Number.isInteger(half) && words.slice(0, half).join(' ') === words.slice(half).join(' ')) {
    return words.slice(0, half).join(' ');
  }
  return text;
}
