/**
 * `npm run fetch -- hf [--date D | --since D | --days N]` saves Hugging Face's daily papers, one
 * file per day, into content/sources/hf/. `npm run fetch -- arxiv --query Q [--max N] [--since D] [--page-size N]`
 * saves pages of an arXiv API search into content/sources/arxiv/<query>/. The import reads them
 * as it reads any saved file. A response is saved only when it parses as its format, whole, and
 * only when it changed; each file is reported `new`, `updated` or `unchanged`.
 */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import slugify from '@sindresorhus/slugify';
import { FetchError, politeClient } from '../src/lib/fetch/http.ts';
import { InvalidResponse, saveChecked } from '../src/lib/fetch/save.ts';
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
} from '../src/lib/fetch/sources.ts';
import { today } from '../src/lib/freshness.ts';
import { plural } from '../src/lib/words.ts';
import { SITE } from '../src/site.ts';

const HF_API_URL = process.env['HF_API_URL'] || 'https://huggingface.co/api';
const ARXIV_API_URL = process.env['ARXIV_API_URL'] || 'https://export.arxiv.org/api/query';
const TIMEOUT_MS = Number(process.env['FETCH_TIMEOUT_MS'] || 30_000);
/** Says what is asking, and for which site, so an API's operators can tell who to contact. */
const USER_AGENT = `Paperboy/0.1 (Daily Papers static site generator; for ${SITE.url})`;
/** Results per arXiv page by default (`--page-size`); arXiv allows more, but smaller pages fail less. */
const ARXIV_PAGE = 100;
/** How often to ask for a page that came back empty inside the results before giving up. */
const ARXIV_EMPTY_PAGE_TRIES = 3;
/** After how many failed days in a row the Hugging Face fetch stops asking. */
const HF_FAILURES_IN_A_ROW = 3;
const SOURCES = 'content/sources';

const say = (message: string) => console.log(`[fetch] ${message}`);

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      date: { type: 'string' },
      since: { type: 'string' },
      days: { type: 'string' },
      query: { type: 'string' },
      max: { type: 'string' },
      'page-size': { type: 'string' },
    },
  });
  const [source] = positionals;
  const root = process.cwd();
  for (const value of [values.date, values.since]) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`${value}: not a day (YYYY-MM-DD)`);
  }
  for (const [name, value] of [
    ['--days', values.days],
    ['--max', values.max],
    ['--page-size', values['page-size']],
  ] as const) {
    if (value !== undefined && !/^[1-9]\d*$/.test(value))
      throw new Error(`${name} ${value}: not a positive whole number`);
  }
  if (source === 'hf') return fetchHf(root, values);
  if (source === 'arxiv') {
    if (!values.query) throw new Error("arxiv needs --query, e.g. --query 'cat:cs.LG'");
    const pageSize = Number(values['page-size'] ?? ARXIV_PAGE);
    return fetchArxiv(root, values.query, Number(values.max ?? 200), pageSize, values.since);
  }
  throw new Error(
    'usage: npm run fetch -- hf [--date D | --since D | --days N] | arxiv --query Q [--max N] [--since D] [--page-size N]',
  );
}

/** Hugging Face's daily papers, a file per day. Returns how many days failed. */
async function fetchHf(root: string, options: { date?: string; since?: string; days?: string }): Promise<number> {
  const days = daysToFetch({ ...options, days: options.days ? Number(options.days) : undefined }, today());
  const client = politeClient({
    userAgent: USER_AGENT,
    timeoutMs: TIMEOUT_MS,
    retries: 3,
    minIntervalMs: 500,
    maxRequests: days.length * 4 + 10,
    log: say,
  });
  let failed = 0;
  let failedInARow = 0;
  for (const [index, day] of days.entries()) {
    // Days failing one after another mean the API or the network is down: asking for every day
    // of a long --since range would only take hours to say so.
    if (failedInARow === HF_FAILURES_IN_A_ROW) {
      say(`${failedInARow} days in a row failed; not asking for the other ${days.length - index}`);
      break;
    }
    const path = join(root, SOURCES, 'hf', `${day}.json`);
    const dayFailed = await fetchInto(
      path,
      () => client.get(hfDayUrl(HF_API_URL, day)),
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

/** Pages of an arXiv search, newest first, until `max` results or papers older than `since`. */
async function fetchArxiv(root: string, query: string, max: number, page: number, since?: string): Promise<number> {
  const client = politeClient({
    userAgent: USER_AGENT,
    timeoutMs: TIMEOUT_MS,
    retries: 3,
    // arXiv's API terms: no more than one request every three seconds.
    minIntervalMs: 3000,
    maxRequests: Math.ceil(max / page) * 4 + 10,
    log: say,
    explain: arxivErrorMessage,
    throttled: arxivThrottled,
  });
  const folder = join(root, SOURCES, 'arxiv', slugify(query) || 'query');
  const fetchDay = today();
  let failed = 0;
  for (let start = 0; start < max; start += page) {
    const pageSize = Math.min(page, max - start);
    const url = arxivPageUrl(ARXIV_API_URL, query, start, pageSize);
    let body = '';
    failed += await fetchInto(
      join(folder, `${fetchDay}-${String(start).padStart(5, '0')}.xml`),
      async () => {
        for (let tries = 1; ; tries++) {
          body = await client.get(url);
          if (tries === ARXIV_EMPTY_PAGE_TRIES || !arxivEmptyPageProblem(body, start)) return body;
          say(`${url}: no entries although the results go on; asking again`);
        }
      },
      (text) => arxivPageProblem(text) ?? arxivEmptyPageProblem(text, start),
      (text) => plural(publishedDays(text).length, 'paper'),
    );
    const published = publishedDays(body);
    if (failed > 0 || published.length < pageSize) break;
    if (since && published.at(-1)! < since) break;
  }
  return failed;
}

/** Fetches a body, saves it at `path` if valid, and says what happened; 1 when it failed. */
async function fetchInto(
  path: string,
  get: () => Promise<string>,
  problemOf: (body: string) => string | undefined,
  describe: (body: string) => string,
): Promise<number> {
  const name = relative(process.cwd(), path);
  try {
    const body = await get();
    const outcome = await saveChecked(path, body, problemOf);
    say(`${name}: ${outcome} (${describe(body)})`);
    return 0;
  } catch (error) {
    if (!(error instanceof FetchError || error instanceof InvalidResponse)) throw error;
    const what = error instanceof InvalidResponse ? `the response is not valid: ${error.message}` : error.message;
    say(`${name}: not saved, ${what}; any file already there is kept`);
    return 1;
  }
}

try {
  const failed = await main();
  if (failed > 0) say(`${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
} catch (error) {
  console.error(`[fetch] ${(error as Error).message}`);
  process.exitCode = 2;
}
