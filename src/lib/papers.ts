import type { Paper } from '../content.config.ts';
import { plural } from './words.ts';

/** The least the listing pages need of an entry: its id (the permalink slug) and fields. */
export interface Listed {
  id: string;
  data: Paper;
}

/** Papers of one day, most upvoted first, then by title: the order of a day page. */
export function sortForDay<T extends Listed>(papers: readonly T[]): T[] {
  return [...papers].sort(
    (a, b) =>
      (b.data.upvotes ?? 0) - (a.data.upvotes ?? 0) ||
      a.data.title.localeCompare(b.data.title) ||
      a.id.localeCompare(b.id),
  );
}

/** Papers grouped by the day they are listed under, newest day first, each day sorted. */
export function groupByDay<T extends Listed>(papers: readonly T[]): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const paper of papers) {
    const day = days.get(paper.data.date);
    if (day) day.push(paper);
    else days.set(paper.data.date, [paper]);
  }
  const newestFirst = [...days.keys()].sort().reverse();
  return new Map(newestFirst.map((date) => [date, sortForDay(days.get(date)!)]));
}

/** Days grouped by month (`YYYY-MM`), newest first, with their paper counts. */
export function groupDaysByMonth(
  days: ReadonlyMap<string, readonly unknown[]>,
): Map<string, { date: string; count: number }[]> {
  const months = new Map<string, { date: string; count: number }[]>();
  for (const [date, papers] of days) {
    const month = date.slice(0, 7);
    const list = months.get(month) ?? [];
    list.push({ date, count: papers.length });
    months.set(month, list);
  }
  return months;
}

/** The days before and after `date` in a newest-first list of days. */
export function neighbours(days: readonly string[], date: string): { previous?: string; next?: string } {
  const index = days.indexOf(date);
  const previous = days[index + 1];
  const next = index > 0 ? days[index - 1] : undefined;
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}

/**
 * Who wrote a paper, in one line: the names, or how many authors when only that is known.
 * @example authorLine({ authors: ['Ada', 'Bo'], authorCount: 5 }) // 'Ada, Bo and 3 more'
 */
export function authorLine({ authors, authorCount }: Pick<Paper, 'authors' | 'authorCount'>): string | undefined {
  if (authors.length > 0) {
    const more = authorCount - authors.length;
    return authors.join(', ') + (more > 0 ? ` and ${more} more` : '');
  }
  if (authorCount > 0) return plural(authorCount, 'author');
  return undefined;
}
