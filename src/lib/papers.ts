import type { Paper } from '../schema.ts';
import { SITE } from '../site.ts';
import { plural } from './words.ts';

/** The least the listing pages need of an entry: its id (the permalink slug) and fields. */
export interface Listed {
  id: string;
  data: Paper;
}

/**
 * How a day's page orders its papers: by upvotes when any of them has some; otherwise in the
 * order their source listed them (`arxiv` when that source is arXiv: only arXiv's formats give
 * categories), or by title when no source said where its papers stood.
 */
export type DayOrder = 'upvotes' | 'arxiv' | 'source' | 'title';

/**
 * The order of a day's page, from all of that day's papers (not one page of them).
 * @example dayOrder([{ id: 'a', data: { upvotes: 0, position: 2, … } }, …]) // 'source'
 */
export function dayOrder(papers: readonly Listed[]): DayOrder {
  if (papers.some((paper) => (paper.data.upvotes ?? 0) > 0)) return 'upvotes';
  const placed = papers.filter((paper) => paper.data.position !== undefined);
  if (placed.length === 0) return 'title';
  return placed.every((paper) => paper.data.categories !== undefined) ? 'arxiv' : 'source';
}

/** What a day's lede says of its order: "399 papers, in the order arXiv listed them." */
export const DAY_ORDER_WORDS: Readonly<Record<DayOrder, string>> = {
  upvotes: 'most upvoted first',
  arxiv: 'in the order arXiv listed them',
  source: 'in the source’s order',
  title: 'by title, A to Z',
};

/** Where a paper stood in its source's listing; papers without a place come after those with one. */
const placeOf = (paper: Listed): number => paper.data.position ?? Number.MAX_SAFE_INTEGER;

/**
 * Papers of one day in the order of its page (see `dayOrder`): most upvoted first when any has
 * upvotes, then in their source's order (`position`), then by title and id, so that papers with
 * no place, and ties, still have one order.
 */
export function sortForDay<T extends Listed>(papers: readonly T[]): T[] {
  const byUpvotes = dayOrder(papers) === 'upvotes';
  return [...papers].sort(
    (a, b) =>
      (byUpvotes ? (b.data.upvotes ?? 0) - (a.data.upvotes ?? 0) : 0) ||
      placeOf(a) - placeOf(b) ||
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

/** One page of a day's papers: the day page `page` of `pages` shows `papers`. */
export interface DayPage<T> {
  date: string;
  page: number;
  pages: number;
  papers: T[];
}

/**
 * A day's papers in pages of `size`, in the day's order: a day has at least one page.
 * @example dayPages('2025-10-06', papers120, 50).map((p) => p.papers.length) // [50, 50, 20]
 */
export function dayPages<T>(date: string, papers: readonly T[], size: number = SITE.dayPageSize): DayPage<T>[] {
  const pages = Math.max(1, Math.ceil(papers.length / size));
  return Array.from({ length: pages }, (_, index) => ({
    date,
    page: index + 1,
    pages,
    papers: papers.slice(index * size, (index + 1) * size),
  }));
}

/** The day page on which a paper shows, from its place (0-based) in its day's order. */
export const dayPageOf = (index: number, size: number = SITE.dayPageSize): number => Math.floor(index / size) + 1;

/** `2025-10-06` → `2025-10`. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** One month of the archive: its days with papers, newest first, and how many papers it has. */
export interface MonthSummary {
  month: string;
  days: { date: string; count: number }[];
  papers: number;
}

/** The archive's months, newest first, from its days (newest first) and their papers. */
export function monthSummaries(days: ReadonlyMap<string, readonly unknown[]>): MonthSummary[] {
  const months = new Map<string, MonthSummary>();
  for (const [date, papers] of days) {
    const month = monthOf(date);
    let summary = months.get(month);
    if (!summary) months.set(month, (summary = { month, days: [], papers: 0 }));
    summary.days.push({ date, count: papers.length });
    summary.papers += papers.length;
  }
  return [...months.values()];
}

/** Months grouped by year, newest first: the archive page's sections. */
export function monthsByYear<T extends { month: string }>(months: readonly T[]): [year: string, months: T[]][] {
  const years = new Map<string, T[]>();
  for (const month of months) {
    const year = month.month.slice(0, 4);
    const list = years.get(year);
    if (list) list.push(month);
    else years.set(year, [month]);
  }
  return [...years].sort(([a], [b]) => b.localeCompare(a));
}

/** The `count` newest papers, newest day first and each day in its page's order: the feed's items. */
export function newestPapers<T>(days: ReadonlyMap<string, readonly T[]>, count: number): T[] {
  const newest: T[] = [];
  for (const papers of days.values()) {
    if (newest.length >= count) break;
    newest.push(...papers.slice(0, count - newest.length));
  }
  return newest;
}

/** The `count` most upvoted of `papers`; ties go to the newer paper, then by title. */
export function mostUpvoted<T extends Listed>(papers: readonly T[], count: number): T[] {
  return [...papers]
    .sort(
      (a, b) =>
        (b.data.upvotes ?? 0) - (a.data.upvotes ?? 0) ||
        b.data.date.localeCompare(a.data.date) ||
        a.data.title.localeCompare(b.data.title),
    )
    .slice(0, count);
}

/**
 * A month as a calendar: weeks from Monday to Sunday, each cell a day of the month (`YYYY-MM-DD`)
 * or undefined where the first and last weeks run into other months.
 * @example calendarWeeks('2025-10')[0] // [undefined, undefined, '2025-10-01', …, '2025-10-05']
 */
export function calendarWeeks(month: string): (string | undefined)[][] {
  const first = new Date(`${month}-01T00:00:00Z`);
  const length = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | undefined)[] = [
    ...Array<undefined>(lead).fill(undefined),
    ...Array.from({ length }, (_, index) => `${month}-${String(index + 1).padStart(2, '0')}`),
  ];
  while (cells.length % 7 !== 0) cells.push(undefined);
  return Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
}

/** The items before and after `item` in a newest-first list (of days, of months). */
export function neighbours(days: readonly string[], date: string): { previous?: string; next?: string } {
  const index = days.indexOf(date);
  const previous = days[index + 1];
  const next = index > 0 ? days[index - 1] : undefined;
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}

/** How many names a card or a search result shows before "et al.": more would fill a phone's screen. */
export const CARD_AUTHORS = 4;
/** How many names a card shows before "et al.", when it cannot show them all. */
const CARD_AUTHORS_BEFORE_ET_AL = 3;

/**
 * Who wrote a paper, in one short line for a card or a search result: every name when there are
 * at most four, else the first three and how many there are in all. A paper whose source only
 * counts its authors says how many.
 * @example authorLine({ authors: ['Ada', 'Bo'], authorCount: 2 }) // 'Ada, Bo'
 * @example authorLine({ authors: ['V. Khachatryan', …], authorCount: 2832 }) // 'V. Khachatryan, A. M. Sirunyan, A. Tumasyan et al. (2,832 authors)'
 */
export function authorLine({ authors, authorCount }: Pick<Paper, 'authors' | 'authorCount'>): string | undefined {
  const count = Math.max(authorCount, authors.length);
  if (authors.length > 0 && count <= CARD_AUTHORS) {
    const more = count - authors.length;
    return authors.join(', ') + (more > 0 ? ` and ${more} more` : '');
  }
  if (authors.length > 0) {
    return `${authors.slice(0, CARD_AUTHORS_BEFORE_ET_AL).join(', ')} et al. (${plural(count, 'author')})`;
  }
  if (authorCount > 0) return plural(authorCount, 'author');
  return undefined;
}

/**
 * A paper page's byline: the names shown at once, and those a reader opens in place (`<details>`)
 * when the list is long, as arXiv's "additional authors not shown". A list a little over the limit
 * is shown whole, rather than hide two names behind a click.
 * @example bylineNames(['A', …2832 names], 2832) // { shown: [first 20], more: [2812 names], unnamed: 0 }
 */
export function bylineNames(
  { authors, authorCount }: Pick<Paper, 'authors' | 'authorCount'>,
  shown: number = SITE.pageAuthors,
): { shown: string[]; more: string[]; unnamed: number } {
  const cut = authors.length > shown + 5 ? shown : authors.length;
  return {
    shown: authors.slice(0, cut),
    more: authors.slice(cut),
    unnamed: Math.max(0, authorCount - authors.length),
  };
}
