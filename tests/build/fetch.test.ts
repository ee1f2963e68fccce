import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

const hfDay = readFileSync(fixturePath('hf-daily/2025-03-04.json'), 'utf8');
const hfOtherDay = readFileSync(fixturePath('hf-daily/2024-02-01.json'), 'utf8');
const atom = readFileSync(fixturePath('arxiv/atom-with-math.xml'), 'utf8');
/** What arXiv answers past the last result: a feed with no entries. */
const emptyFeed =
  '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>ArXiv Query</title>' +
  '<opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">2</opensearch:totalResults></feed>\n';

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

  beforeAll(async () => {
    site = await createSite({});
    apis = fakeApis({
      '/api/daily_papers?date=2025-03-04': [ok(hfDay)],
      // Rate limited once, then a day without papers.
      '/api/daily_papers?date=2025-03-08': [
        (response) => response.writeHead(429, { 'retry-after': '1' }).end('Too Many Requests'),
        ok('[]'),
      ],
      // A server error, then an answer that never comes, then the day.
      '/api/daily_papers?date=2024-02-01': [
        (response) => response.writeHead(500).end('Internal Server Error'),
        () => {},
        ok(hfOtherDay),
      ],
      // Bad answers with a 200 status: an HTML error page, a body cut short, an error object.
      '/api/daily_papers?date=2025-03-10': [ok('<!doctype html><h1>Bad gateway</h1>', 'text/html')],
      '/api/daily_papers?date=2025-03-11': [ok(hfDay.slice(0, 200))],
      '/api/daily_papers?date=2025-03-12': [ok('{"error":"Invalid date"}')],
      '/query?search_query=cat%3Acs.LG&start=0&max_results=5&sortBy=submittedDate&sortOrder=descending': [ok(atom)],
      // A search paged two results at a time: a full page, then the end of the results.
      '/query?search_query=all%3Aelectron&start=0&max_results=2&sortBy=submittedDate&sortOrder=descending': [ok(atom)],
      '/query?search_query=all%3Aelectron&start=2&max_results=2&sortBy=submittedDate&sortOrder=descending': [
        ok(emptyFeed, 'application/atom+xml'),
      ],
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

  test('saves a day of Hugging Face papers as the API sent it, and says what it did', async () => {
    const first = await site.tryFetch(['hf', '--date', '2025-03-04'], env);
    expect(first).toEqual({ code: 0, output: '[fetch] content/sources/hf/2025-03-04.json: new (2 papers)\n' });
    expect(await site.read('content/sources/hf/2025-03-04.json')).toBe(hfDay);
    const again = await site.tryFetch(['hf', '--date', '2025-03-04'], env);
    expect(again.output).toContain('2025-03-04.json: unchanged');
    expect(apis.requests.at(-1)!.userAgent).toMatch(/^Paperboy\/[\d.]+ \(/);
  });

  test('waits as asked after a 429, and saves an empty day as a valid file', async () => {
    const { code, output } = await site.tryFetch(['hf', '--date', '2025-03-08'], env);
    expect(code).toBe(0);
    expect(output).toMatch(/HTTP 429; trying again in 1\.0 s/);
    expect(output).toContain('content/sources/hf/2025-03-08.json: new (no papers that day)');
    const asked = apis.requests.filter((request) => request.url.endsWith('2025-03-08'));
    expect(asked).toHaveLength(2);
    expect(asked[1]!.at - asked[0]!.at).toBeGreaterThanOrEqual(950);
  });

  test('tries again after a 500 and after no answer within the timeout', async () => {
    const { code, output } = await site.tryFetch(['hf', '--date', '2024-02-01'], env);
    expect(output).toMatch(/HTTP 500; trying again/);
    expect(output).toMatch(/no answer within 0\.5 s; trying again/);
    expect(code).toBe(0);
    expect(await site.read('content/sources/hf/2024-02-01.json')).toBe(hfOtherDay);
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

  test('saves a page of an arXiv search, newest first, and stops when the results run out', async () => {
    const { code, output } = await site.tryFetch(['arxiv', '--query', 'cat:cs.LG', '--max', '5'], env);
    expect(code).toBe(0);
    const [file] = await site.files('content/sources/arxiv/cat-cs-lg');
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}-00000\.xml$/);
    expect(output).toContain(`content/sources/arxiv/cat-cs-lg/${file}: new (2 papers)`);
    expect(apis.requests.filter((request) => request.url.startsWith('/query'))).toHaveLength(1);
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

  test('pages through an arXiv search, 3 s apart, until the results run out', async () => {
    const { code, output } = await site.tryFetch(
      ['arxiv', '--query', 'all:electron', '--max', '6', '--page-size', '2'],
      env,
    );
    expect(code).toBe(0);
    const asked = apis.requests.filter((request) => request.url.includes('all%3Aelectron'));
    expect(asked.map((request) => /start=(\d+)/.exec(request.url)![1])).toEqual(['0', '2']);
    // Measured where the requests arrive, so give or take the first connection's setup.
    expect(asked[1]!.at - asked[0]!.at).toBeGreaterThanOrEqual(2900);
    expect(output).toMatch(/all-electron\/\d{4}-\d{2}-\d{2}-00000\.xml: new \(2 papers\)/);
    expect(output).toMatch(/all-electron\/\d{4}-\d{2}-\d{2}-00002\.xml: new \(0 papers\)/);
  });

  test('fetched files import as saved ones do', async () => {
    const output = await site.importPapers();
    // Three days fetched, three kept from before, and three arXiv pages.
    expect(output).toMatch(/papers read from 9 files/);
    expect(output).toContain('0 skipped');
    const entries = await site.files('content/papers');
    for (const id of ['2503.01234', '2401.17268', 'hep-th-9901001']) {
      expect(
        entries.some((name) => name.endsWith(`/${id}.mdx`)),
        id,
      ).toBe(true);
    }
  });
});
