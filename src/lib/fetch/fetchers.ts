/*
 * The fetchers behind `npm run fetch`: each asks an API for pages, checks each answer, and saves
 * the good ones under content/sources/. The network, the clock and the sleep come in through
 * `FetchContext`, so tests run them in-process on a fake clock and assert the exact waits.
 */
import { join, relative, sep } from 'node:path';
import slugify from '@sindresorhus/slugify';
import { plural } from '../words.ts';
import { FetchError, politeClient, type PoliteClientOptions } from './http.ts';
import { InvalidResponse, removeTemporaryFiles, saveChecked } from './save.ts';
import {
  arxivEmptyPageProblem,
  arxivErrorMessage,
  arxivPageProblem,
  arxivPageUrl,
  arxivThrottled,
  daysToFetch,
  hfDayProblem,
  hfDayUrl,
  publishedDays,
} from './sources.ts';

/** What every fetcher is given: where to save, what to say, and how it reaches the network. */
export interface FetchContext {
  /** The project root: files are reported relative to it. */
  root: string;
  /** The folder sources are saved in (content/sources/ under the root). */
  sources: string;
  /** Today (`YYYY-MM-DD`): what `--days` counts back from, and the day in an arXiv page's name. */
  today: string;
  log: (message: string) => void;
  /**
   * The client settings every API shares (User-Agent, timeout), what the environment overrides
   * (`minIntervalMs`, `backoffMs`: a local mirror or a test needs no 3 s gap), and the network,
   * clock and sleep a test replaces. Each fetcher adds its own politeness to them.
   */
  client: Pick<PoliteClientOptions, 'userAgent' | 'timeoutMs'> &
    Partial<Pick<PoliteClientOptions, 'minIntervalMs' | 'backoffMs' | 'fetch' | 'sleep' | 'now' | 'random'>>;
}

/** A source file's name as messages give it: relative to the project root, with `/`. */
export const nameIn = (context: FetchContext, path: string): string =>
  relative(context.root, path).split(sep).join('/');

/** After how many failed days in a row the Hugging Face fetch stops asking. */
const HF_FAILURES_IN_A_ROW = 3;

/** Hugging Face's daily papers at `api` (`HF_API_URL`), a file per day. Returns how many days failed. */
export async function fetchHf(
  context: FetchContext,
  api: string,
  options: { date?: string | undefined; since?: string | undefined; days?: number | undefined },
): Promise<number> {
  const days = daysToFetch(options, context.today);
  await removeLeftovers(context, join(context.sources, 'hf'));
  const client = politeClient({
    retries: 3,
    minIntervalMs: 500,
    maxRequests: days.length * 4 + 10,
    log: context.log,
    ...context.client,
  });
  let failed = 0;
  let failedInARow = 0;
  for (const [index, day] of days.entries()) {
    // Days failing one after another mean the API or the network is down: asking for every day
    // of a long --since range would only take hours to say so.
    if (failedInARow === HF_FAILURES_IN_A_ROW) {
      context.log(`${failedInARow} days in a row failed; not asking for the other ${days.length - index}`);
      break;
    }
    const dayFailed = await fetchInto(
      context,
      join(context.sources, 'hf', `${day}.json`),
      () => client.get(hfDayUrl(api, day)),
      hfDayProblem,
      (body) => {
        const count = (JSON.parse(body) as unknown[]).length;
        return count === 0 ? 'no papers that day' : plural(count, 'paper');
      },
    );
    failed += dayFailed;
    failedInARow = dayFailed ? failedInARow + 1 : 0;
  }
  return failed;
}

/** How often to ask for a page that came back empty inside the results before giving up. */
const ARXIV_EMPTY_PAGE_TRIES = 3;

/**
 * Pages of an arXiv search at `api` (`ARXIV_API_URL`), newest first, `pageSize` a page, until
 * `max` results, the results' end, or papers older than `since`. Returns how many pages failed.
 */
export async function fetchArxiv(
  context: FetchContext,
  api: string,
  { query, max, pageSize, since }: { query: string; max: number; pageSize: number; since?: string | undefined },
): Promise<number> {
  const client = politeClient({
    retries: 3,
    // arXiv's API terms: no more than one request every three seconds.
    minIntervalMs: 3000,
    maxRequests: Math.ceil(max / pageSize) * 4 + 10,
    log: context.log,
    explain: arxivErrorMessage,
    throttled: arxivThrottled,
    ...context.client,
  });
  const folder = join(context.sources, 'arxiv', slugify(query) || 'query');
  await removeLeftovers(context, folder);
  let failed = 0;
  for (let start = 0; start < max; start += pageSize) {
    const size = Math.min(pageSize, max - start);
    const url = arxivPageUrl(api, query, start, size);
    let body = '';
    failed += await fetchInto(
      context,
      join(folder, `${context.today}-${String(start).padStart(5, '0')}.xml`),
      async () => {
        for (let tries = 1; ; tries++) {
          body = await client.get(url);
          if (tries === ARXIV_EMPTY_PAGE_TRIES || !arxivEmptyPageProblem(body, start)) return body;
          context.log(`${url}: no entries although the results go on; asking again`);
        }
      },
      (text) => arxivPageProblem(text) ?? arxivEmptyPageProblem(text, start),
      (text) => plural(publishedDays(text).length, 'paper'),
    );
    const published = publishedDays(body);
    if (failed > 0 || published.length < size) break;
    if (since && published.at(-1)! < since) break;
  }
  return failed;
}

/** Removes the temporary files a stopped run left in `folder`, and says so. */
export async function removeLeftovers(context: FetchContext, folder: string): Promise<void> {
  const left = await removeTemporaryFiles(folder);
  if (left.length > 0)
    context.log(`${nameIn(context, folder)}: removed ${plural(left.length, 'temporary file')} a stopped run left`);
}

/** Fetches a body, saves it at `path` if valid, and says what happened; 1 when it failed. */
async function fetchInto(
  context: FetchContext,
  path: string,
  get: () => Promise<string>,
  problemOf: (body: string) => string | undefined,
  describe: (body: string) => string,
): Promise<number> {
  const name = nameIn(context, path);
  try {
    const body = await get();
    const outcome = await saveChecked(path, body, problemOf);
    context.log(`${name}: ${outcome} (${describe(body)})`);
    return 0;
  } catch (error) {
    if (!(error instanceof FetchError || error instanceof InvalidResponse)) throw error;
    const what = error instanceof InvalidResponse ? `the response is not valid: ${error.message}` : error.message;
    context.log(`${name}: not saved, ${what}; any file already there is kept`);
    return 1;
  }
}
