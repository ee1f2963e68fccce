/*
 * What the fetchers ask for and what they accept, pure: the days to fetch, the API URLs, and the
 * checks a response must pass before it is saved as a source file.
 */
import { parseArxivAtom } from '../importers/arxiv-atom.ts';
import { isObject } from '../importers/shared.ts';

const DAY = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Which days to fetch: one (`date`), every day from `since` to today, the last `days`, or today and yesterday. */
export function daysToFetch(
  { date, since, days }: { date?: string | undefined; since?: string | undefined; days?: number | undefined },
  today: string,
): string[] {
  if (date) return [date];
  const end = Date.parse(`${today}T00:00:00Z`);
  const start = since ? Date.parse(`${since}T00:00:00Z`) : end - ((days ?? 2) - 1) * DAY;
  if (Number.isNaN(start) || start > end) return [];
  const list: string[] = [];
  for (let time = start; time <= end; time += DAY) list.push(isoDay(time));
  return list;
}

/** Hugging Face's daily papers of one day, from the API at `base` (`HF_API_URL`). */
export const hfDayUrl = (base: string, date: string): string =>
  `${base.replace(/\/+$/, '')}/daily_papers?date=${encodeURIComponent(date)}`;

/** One page of an arXiv API search, newest submissions first, from the API at `base` (`ARXIV_API_URL`). */
export function arxivPageUrl(base: string, query: string, start: number, pageSize: number): string {
  const params = new URLSearchParams({
    search_query: query,
    start: String(start),
    max_results: String(pageSize),
    sortBy: 'submittedDate',
    sortOrder: 'descending',
  });
  return `${base}?${params}`;
}

/**
 * Why a body is not one day of Hugging Face's daily papers, or undefined when it is: a JSON array
 * of items that each hold a paper with an id. An empty array (a weekend) is a valid day; an error
 * object, an HTML page or a body cut short is not.
 */
export function hfDayProblem(body: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (!Array.isArray(value)) {
    const message = isObject(value) && typeof value['error'] === 'string' ? `: ${value['error']}` : '';
    return `not a list of daily papers${message}`;
  }
  const bad = value.findIndex((item) => !isObject(item) || !isObject(item['paper']) || !item['paper']['id']);
  return bad === -1 ? undefined : `item ${bad + 1} is not a daily paper`;
}

/**
 * Why a body is not a page of arXiv's Atom API, or undefined when it is (a page may have no
 * entries). arXiv reports a bad query as a feed whose one entry is the error; its message is kept.
 */
export function arxivPageProblem(body: string): string | undefined {
  if (!/<feed[\s>]/.test(body)) return 'not an Atom feed';
  return arxivErrorMessage(body) ?? parseArxivAtom(body).error;
}

/** arXiv's own error message when a feed is its error report (`<id>…/api/errors#…</id>`), else undefined. */
export function arxivErrorMessage(body: string): string | undefined {
  if (!/<id[^>]*>[^<]*\/api\/errors#/.test(body)) return undefined;
  const summary = /<summary[^>]*>([^<]*)<\/summary>/.exec(body)?.[1]?.trim();
  return `arXiv says: ${summary || 'error'}`;
}

/**
 * How arXiv asks to slow down besides a 429 or 503, or undefined: its edge answered 406 while it
 * throttled in September 2026, and it sometimes answers a 200 whose body is `Rate exceeded.`.
 */
export function arxivThrottled(status: number, body: string): string | undefined {
  if (status === 406) return 'HTTP 406, which arXiv sends while it throttles';
  if (/^\s*Rate exceeded\.?\s*$/i.test(body)) return 'arXiv says "Rate exceeded."';
  return undefined;
}

/**
 * Why a page with no entries is not the end of the results: arXiv's search now and then answers
 * a page inside the results with none (its `totalResults` still counts them). Asking again
 * usually works; saving it would look like the end.
 */
export function arxivEmptyPageProblem(body: string, start: number): string | undefined {
  const total = Number(/<opensearch:totalResults[^>]*>(\d+)</.exec(body)?.[1] ?? 0);
  if (publishedDays(body).length > 0 || total <= start || arxivErrorMessage(body)) return undefined;
  return `an empty page at result ${start + 1} of ${total}; arXiv does this now and then, so try again later`;
}

/** The arXiv entries' publication days on a page, newest first as the API sorts them. */
export function publishedDays(body: string): string[] {
  return [...body.matchAll(/<published>(\d{4}-\d{2}-\d{2})/g)].map((match) => match[1]!);
}
