/**
 * `npm run fetch -- hf [--date D | --since D | --days N]` saves Hugging Face's daily papers, one
 * file per day, into content/sources/hf/. `npm run fetch -- arxiv --query Q [--max N] [--since D] [--page-size N]`
 * saves pages of an arXiv API search into content/sources/arxiv/<query>/. `npm run fetch -- oai
 * --set SET --from D [--until D]` harvests arXiv's OAI-PMH interface into
 * content/sources/oai/<set>/<from>[_<until>]/, continuing a harvest that stopped part way. The
 * import reads them as it reads any saved file. A response is saved only when it parses as its
 * format, whole, and only when it changed; each file is reported `new`, `updated` or `unchanged`.
 * The fetchers themselves are src/lib/fetch/; this command reads the arguments and the environment.
 * `runFetch` is the command as a function, which the tests call in their own process.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchArxiv, fetchHf, type FetchContext } from '../src/lib/fetch/fetchers.ts';
import { harvestOai } from '../src/lib/fetch/oai.ts';
import { arxivSetProblem } from '../src/lib/fetch/sources.ts';
import { today } from '../src/lib/freshness.ts';
import { SITE } from '../src/site.ts';
import { SOURCES_DIR } from './lib/source-files.ts';

/** Says what is asking, and for which site, so an API's operators can tell who to contact. */
const USER_AGENT = `Paperboy/0.1 (Daily Papers static site generator; for ${SITE.url})`;
/** Results per arXiv page by default (`--page-size`); arXiv allows more, but smaller pages fail less. */
const ARXIV_PAGE = 100;
const USAGE =
  'usage: npm run fetch -- hf [--date D | --since D | --days N] | arxiv --query Q [--max N] [--since D] [--page-size N]' +
  ' | oai --set SET --from D [--until D]';

/** Where the command's lines go: the terminal, or a test's buffer. */
export interface FetchConsole {
  log(line: string): void;
  error(line: string): void;
}

export interface FetchOptions {
  /** The site's folder: sources are saved under its content/sources/. */
  root: string;
  /** Where the API addresses and the waits come from (`HF_API_URL`, `FETCH_TIMEOUT_MS`, …); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Where lines go; the console by default. */
  output?: FetchConsole;
}

/**
 * `npm run fetch -- ARGS` in the site at `root`; resolves with the exit code the command ends
 * with: 0, 1 when something failed to fetch or save, 2 when the arguments or settings are wrong.
 * @example await runFetch(['hf', '--date', '2025-03-04'], { root: '/srv/papers' }) // 0
 */
export async function runFetch(
  args: readonly string[],
  { root, env = process.env, output = console }: FetchOptions,
): Promise<number> {
  const say = (message: string) => output.log(`[fetch] ${message}`);
  try {
    const failed = await fetchCommand(args, root, env, say);
    if (failed > 0) say(`${failed} failed`);
    return failed > 0 ? 1 : 0;
  } catch (error) {
    output.error(`[fetch] ${(error as Error).message}`);
    return 2;
  }
}

async function fetchCommand(
  args: readonly string[],
  root: string,
  env: NodeJS.ProcessEnv,
  say: (message: string) => void,
): Promise<number> {
  const HF_API_URL = env['HF_API_URL'] || 'https://huggingface.co/api';
  const ARXIV_API_URL = env['ARXIV_API_URL'] || 'https://export.arxiv.org/api/query';
  const ARXIV_OAI_URL = env['ARXIV_OAI_URL'] || 'https://oaipmh.arxiv.org/oai';
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      date: { type: 'string' },
      since: { type: 'string' },
      days: { type: 'string' },
      query: { type: 'string' },
      max: { type: 'string' },
      'page-size': { type: 'string' },
      set: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
    },
  });
  const [source] = positionals;
  for (const value of [values.date, values.since, values.from, values.until]) {
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
  const context = fetchContext(root, env, say);
  if (source === 'hf') {
    const { date, since, days } = values;
    return fetchHf(context, HF_API_URL, { date, since, days: days ? Number(days) : undefined });
  }
  if (source === 'arxiv') {
    if (!values.query) throw new Error("arxiv needs --query, e.g. --query 'cat:cs.LG'");
    return fetchArxiv(context, ARXIV_API_URL, {
      query: values.query,
      max: Number(values.max ?? 200),
      pageSize: Number(values['page-size'] ?? ARXIV_PAGE),
      since: values.since,
    });
  }
  if (source === 'oai') {
    const { set, from, until } = values;
    if (!set || !from) throw new Error('oai needs --set and --from, e.g. --set physics:hep-th --from 2024-01-01');
    const problem = arxivSetProblem(set);
    if (problem) throw new Error(`--set ${set}: ${problem}`);
    if (until !== undefined && until < from) throw new Error(`--until ${until} is before --from ${from}`);
    return harvestOai(context, ARXIV_OAI_URL, { set, from, until });
  }
  throw new Error(USAGE);
}

/** The fetchers' context: `FETCH_TIMEOUT_MS`, and the waits a local mirror or a test shortens, from the environment. */
function fetchContext(root: string, env: NodeJS.ProcessEnv, say: (message: string) => void): FetchContext {
  const minIntervalMs = milliseconds(env, 'FETCH_MIN_INTERVAL_MS');
  const backoffMs = milliseconds(env, 'FETCH_BACKOFF_MS');
  return {
    root,
    sources: join(root, SOURCES_DIR),
    today: today(),
    log: say,
    client: {
      userAgent: USER_AGENT,
      timeoutMs: milliseconds(env, 'FETCH_TIMEOUT_MS') ?? 30_000,
      ...(minIntervalMs === undefined ? {} : { minIntervalMs }),
      ...(backoffMs === undefined ? {} : { backoffMs }),
    },
  };
}

/** A whole number of milliseconds from the environment, or undefined when it is not set. */
function milliseconds(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (!value) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${name}=${value}: not a whole number of milliseconds`);
  return Number(value);
}

if (import.meta.main) process.exitCode = await runFetch(process.argv.slice(2), { root: process.cwd() });
