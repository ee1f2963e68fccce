import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/** Real responses, recorded from Hugging Face's and arXiv's APIs: tests/fixtures/recorded/README.md. */
const recorded = (name: string) => readFileSync(fixturePath(`recorded/${name}`), 'utf8');
const hfDay = recorded('hf-daily-papers-2024-10-25.json');
const hfPapers = (JSON.parse(hfDay) as { paper: { id: string } }[]).map((item) => item.paper.id);
/** Ten results of a search, in the API's older format (2019). */
const arxivPage = recorded('arxiv-api-2019-04-06.xml');
/** One result, in the API's current format (2026). */
const arxivLastPage = recorded('arxiv-api-2026-04-12.xml');
/** A page inside a search's results that came back with no entries. */
const arxivEmptyInside = recorded('arxiv-api-empty-page-2022-08-22.xml');
/** arXiv's answer to a malformed query. */
const arxivError = recorded('arxiv-api-error-2007-10-12.xml');
/** The same day as it stood earlier, when each paper had one upvote fewer. */
const hfDayEarlier = hfDay.replace(/"upvotes":(\d+)/g, (_, votes: string) => `"upvotes":${Number(votes) - 1}`);

type Answer = (response: ServerResponse) => void;
const ok =
  (body: string, type = 'application/json'): Answer =>
  (response) =>
    response.writeHead(200, { 'content-type': type }).end(body);

/**
 * A stand-in for Hugging Face's and arXiv's APIs on 127.0.0.1: each URL answers from a queue, the
 * last answer repeating, and every request is recorded.
 */
function fakeApis(answers: Record<string, Answer[]>) {
  const requests: { url: string; at: number; userAgent: string | undefined }[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '';
    requests.push({ url, at: Date.now(), userAgent: request.headers['user-agent'] });
    const queue = answers[url];
    if (!queue) return void response.writeHead(404).end('not found');
    (queue.length > 1 ? queue.shift()! : queue[0]!)(response);
  });
  return { server, requests };
}

describe('npm run fetch', () => {
  let site: SiteUnderTest;
  let apis: ReturnType<typeof fakeApis>;
  let env: Record<string, string>;
  const searchPage = (query: string, start: number, size: number) =>
    `/query?${new URLSearchParams({ search_query: query, start: String(start), max_results: String(size), sortBy: 'submittedDate', sortOrder: 'descending' })}`;

  beforeAll(async () => {
    site = await createSite({});
    apis = fakeApis({
      // A server error, then an answer that never comes, then the day; the same day again later.
      '/api/daily_papers?date=2024-10-25': [
        (response) => response.writeHead(500).end('Internal Server Error'),
        () => {},
        ok(hfDay),
      ],
      // A Saturday: rate limited once, then no papers, as the API answers weekends.
      '/api/daily_papers?date=2024-10-26': [
        (response) => response.writeHead(429, { 'retry-after': '1' }).end('Too Many Requests'),
        ok('[]'),
      ],
      // Bad answers with a 200 status: an HTML error page, a body cut short, an error object.
      '/api/daily_papers?date=2025-03-10': [ok('<!doctype html><h1>Bad gateway</h1>', 'text/html')],
      '/api/daily_papers?date=2025-03-11': [ok(hfDay.slice(0, hfDay.length / 2))],
      '/api/daily_papers?date=2025-03-12': [ok('{"error":"Invalid date"}')],
      // arXiv slowing a client down: a 406 from its edge, then a 200 that says so, then the page.
      [searchPage('cat:cs.LG', 0, 5)]: [
        (response) => response.writeHead(406).end(),
        ok('Rate exceeded.', 'text/plain'),
        ok(arxivLastPage, 'application/atom+xml'),
      ],
      // A search paged ten at a time: a full page, then an empty page inside the results, then the last.
      [searchPage('all:electron', 0, 10)]: [ok(arxivPage, 'application/atom+xml')],
      [searchPage('all:electron', 10, 10)]: [
        ok(arxivEmptyInside, 'application/atom+xml'),
        ok(arxivLastPage, 'application/atom+xml'),
      ],
      // A malformed query: arXiv explains it in an error feed, whether it comes with a 400 or a 200.
      [searchPage('id:1234.12345', 0, 10)]: [
        (response) => response.writeHead(400, { 'content-type': 'application/atom+xml' }).end(arxivError),
      ],
      [searchPage('id:1234.1234', 0, 10)]: [ok(arxivError, 'application/atom+xml')],
    });
    await new Promise<void>((resolve) => apis.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(apis.server.address() as AddressInfo).port}`;
    env = { HF_API_URL: `${base}/api`, ARXIV_API_URL: `${base}/query`, FETCH_TIMEOUT_MS: '500' };
  });
  afterAll(async () => {
    apis.server.closeAllConnections();
    await new Promise((resolve) => apis.server.close(resolve));
    await site.remove();
  });

  test('tries again after a 500 and after no answer, then saves the day as the API sent it', async () => {
    const { code, output } = await site.tryFetch(['hf', '--date', '2024-10-25'], env);
    expect(output).toMatch(/daily_papers\?date=2024-10-25: HTTP 500; trying again in \d\.\d s/);
    expect(output).toMatch(/no answer within 0\.5 s; trying again/);
    expect(output).toContain(`content/sources/hf/2024-10-25.json: new (${hfPapers.length} papers)`);
    expect(code).toBe(0);
    expect(await site.read('content/sources/hf/2024-10-25.json')).toBe(hfDay);
    expect(apis.requests.at(-1)!.userAgent).toMatch(/^Paperboy\/[\d.]+ \(/);
  });

  test('leaves a day that did not change alone, and replaces one whose upvotes grew', async () => {
    const again = await site.tryFetch(['hf', '--date', '2024-10-25'], env);
    expect(again).toEqual({
      code: 0,
      output: `[fetch] content/sources/hf/2024-10-25.json: unchanged (${hfPapers.length} papers)\n`,
    });
    await site.addSource('hf/2024-10-25.json', hfDayEarlier);
    const later = await site.tryFetch(['hf', '--date', '2024-10-25'], env);
    expect(later.output).toContain(`2024-10-25.json: updated (${hfPapers.length} papers)`);
    expect(await site.read('content/sources/hf/2024-10-25.json')).toBe(hfDay);
  });

  test('waits as asked after a 429, and saves an empty day as a valid file', async () => {
    const { code, output } = await site.tryFetch(['hf', '--date', '2024-10-26'], env);
    expect(code).toBe(0);
    expect(output).toMatch(/HTTP 429; trying again in 1\.0 s/);
    expect(output).toContain('content/sources/hf/2024-10-26.json: new (no papers that day)');
    const asked = apis.requests.filter((request) => request.url.endsWith('2024-10-26'));
    expect(asked).toHaveLength(2);
    expect(asked[1]!.at - asked[0]!.at).toBeGreaterThanOrEqual(950);
  });

  test('never writes a bad response, and never over a good file', async () => {
    for (const day of ['2025-03-10', '2025-03-11', '2025-03-12']) {
      await site.addSource(`hf/${day}.json`, hfDay);
      const { code, output } = await site.tryFetch(['hf', '--date', day], env);
      expect(code, day).toBe(1);
      expect(output, day).toMatch(
        new RegExp(`hf/${day}\\.json: not saved, the response is not valid: .+; any file already there is kept`),
      );
      expect(await site.read(`content/sources/hf/${day}.json`), day).toBe(hfDay);
    }
    expect((await site.files('content/sources/hf')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('waits out arXiv’s throttling, saves the page, and stops when the results run out', async () => {
    const { code, output } = await site.tryFetch(['arxiv', '--query', 'cat:cs.LG', '--max', '5'], env);
    expect(code).toBe(0);
    expect(output).toMatch(/HTTP 406, which arXiv sends while it throttles; trying again/);
    expect(output).toMatch(/arXiv says "Rate exceeded."; trying again/);
    const [file] = await site.files('content/sources/arxiv/cat-cs-lg');
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}-00000\.xml$/);
    expect(output).toContain(`content/sources/arxiv/cat-cs-lg/${file}: new (1 paper)`);
    expect(await site.read(`content/sources/arxiv/cat-cs-lg/${file}`)).toBe(arxivLastPage);
    expect(apis.requests.filter((request) => request.url.includes('cat%3Acs.LG'))).toHaveLength(3);
  });

  test('pages through an arXiv search 3 s apart, asking again for a page that came back empty too soon', async () => {
    const { code, output } = await site.tryFetch(
      ['arxiv', '--query', 'all:electron', '--max', '30', '--page-size', '10'],
      env,
    );
    expect(code).toBe(0);
    const asked = apis.requests.filter((request) => request.url.includes('all%3Aelectron'));
    expect(asked.map((request) => /start=(\d+)/.exec(request.url)![1])).toEqual(['0', '10', '10']);
    // Measured where the requests arrive, so give or take the first connection's setup.
    for (const [earlier, later] of [asked.slice(0, 2), asked.slice(1, 3)])
      expect(later!.at - earlier!.at).toBeGreaterThanOrEqual(2900);
    expect(output).toMatch(/all-electron\/\d{4}-\d{2}-\d{2}-00000\.xml: new \(10 papers\)/);
    expect(output).toContain('no entries although the results go on; asking again');
    expect(output).toMatch(/all-electron\/\d{4}-\d{2}-\d{2}-00010\.xml: new \(1 paper\)/);
  });

  test('says what arXiv found wrong with a query, and saves nothing', async () => {
    const refused = await site.tryFetch(['arxiv', '--query', 'id:1234.12345', '--max', '10'], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('HTTP 400 (arXiv says: incorrect id format for 1234.12345)');
    const answered = await site.tryFetch(['arxiv', '--query', 'id:1234.1234', '--max', '10'], env);
    expect(answered.code).toBe(1);
    expect(answered.output).toContain('the response is not valid: arXiv says: incorrect id format for 1234.12345');
    expect(apis.requests.filter((request) => request.url.includes('id%3A1234.'))).toHaveLength(2);
    expect((await site.files('content/sources/arxiv')).filter((name) => name.startsWith('id-'))).toEqual([]);
  });

  test('stops asking after three days in a row failed', async () => {
    const { code, output } = await site.tryFetch(['hf', '--days', '10'], env);
    expect(code).toBe(1);
    // The server knows none of these days: each answer is a 404, which is not asked again.
    expect(output.match(/HTTP 404/g)).toHaveLength(3);
    expect(output).toContain('3 days in a row failed; not asking for the other 7');
    expect(output).toMatch(/3 failed\n$/);
  });

  test('says what is wrong with its arguments', async () => {
    expect(await site.tryFetch(['hf', '--days', 'week'], env)).toEqual({
      code: 2,
      output: '[fetch] --days week: not a positive whole number\n',
    });
    expect((await site.tryFetch(['hf', '--date', '4 March'], env)).output).toContain('4 March: not a day (YYYY-MM-DD)');
    expect((await site.tryFetch(['arxiv'], env)).output).toContain('arxiv needs --query');
    expect((await site.tryFetch(['github'], env)).output).toContain('usage: npm run fetch -- hf');
  });

  test('fetched files import as saved ones do', async () => {
    const output = await site.importPapers();
    // Two days fetched, three kept from before, and three arXiv pages.
    expect(output).toMatch(/papers read from 8 files/);
    expect(output).toContain('0 skipped');
    const entries = await site.files('content/papers');
    for (const id of [...hfPapers, '1904.02670', '1904.01668', '2307.00099']) {
      expect(
        entries.some((name) => name.endsWith(`/${id}.mdx`)),
        id,
      ).toBe(true);
    }
  });
});
