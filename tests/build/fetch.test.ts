import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { arxivPageUrl, oaiListUrl, oaiResumeUrl } from '../../src/lib/fetch/sources.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/*
 * `npm run fetch` against a local stand-in for the APIs. A few cases run the command in a process
 * of its own, end to end (its exit codes, its output); the rest run the same command in this
 * process (scripts/fetch.ts's `runFetch`). Waits are asserted on a fake clock in tests/unit/fetch/.
 */

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
/**
 * The first page of a real OAI-PMH harvest of physics:hep-th, cut to its first 40 records (of
 * 1000) and its resumption token: the import that reads it then typesets 40 papers, not 1000.
 */
const oaiFirstPage = firstRecords(readFileSync(fixturePath('corpus/arxiv/oai-pmh/some-hep-th.xml'), 'utf8'), 40);
const oaiFirstIds = [...oaiFirstPage.matchAll(/<id>([^<]+)<\/id>/g)].map((match) => match[1]!);
/** A last page, made from three real records. */
const oaiLastPage = recorded('arxiv-oai-last-page-made-from-kaggle-records.xml');
const oaiLastIds = ['0704.0015', '0704.0064', '0704.0144'];
/** arXiv's OAI-PMH refusals. */
const oaiBadToken = recorded('arxiv-oai-bad-resumption-token-2015-06-23.xml');
const oaiBadArgument = recorded('arxiv-oai-bad-argument-2015-06-23.xml');
const oaiNoRecords = recorded('arxiv-oai-no-records-match-2015-06-23.xml');
/** The same day as it stood earlier, when each paper had one upvote fewer. */
const hfDayEarlier = hfDay.replace(/"upvotes":(\d+)/g, (_, votes: string) => `"upvotes":${Number(votes) - 1}`);

/** An OAI-PMH page with only its first `count` records, and all that comes before and after them. */
function firstRecords(page: string, count: number): string {
  const ends = [...page.matchAll(/<\/record>/g)];
  const lastEnd = ends.at(-1)!;
  const cut = ends[count - 1]!;
  return page.slice(0, cut.index + cut[0].length) + page.slice(lastEnd.index + lastEnd[0].length);
}

type Answer = (response: ServerResponse) => void;
const ok =
  (body: string, type = 'application/json'): Answer =>
  (response) =>
    response.writeHead(200, { 'content-type': type }).end(body);

/**
 * A stand-in for Hugging Face's and arXiv's APIs on 127.0.0.1: each URL answers from a queue, the
 * last answer repeating, and every request is recorded. A test may give a URL new answers.
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
  return { server, requests, answers };
}

describe('npm run fetch', () => {
  let site: SiteUnderTest;
  let apis: ReturnType<typeof fakeApis>;
  let env: Record<string, string>;
  const searchPage = (query: string, start: number, size: number) => arxivPageUrl('/query', query, start, size);
  const hepTh = { set: 'physics:hep-th', from: '2016-01-01' };
  const oaiFirst = oaiListUrl('/oai', hepTh);
  const oaiNext = oaiResumeUrl('/oai', '1613321|1001');
  const hepThFolder = 'content/sources/oai/physics_hep-th/2016-01-01';

  beforeAll(async () => {
    site = await createSite({});
    apis = fakeApis({
      // A server error, then the day; the same day again later. (An answer that never comes is
      // tests/unit/fetch/http.test.ts's: here a timeout would make the test as slow as the timeout.)
      '/api/daily_papers?date=2024-10-25': [
        (response) => response.writeHead(500).end('Internal Server Error'),
        ok(hfDay),
      ],
      // A Saturday: rate limited once, then no papers, as the API answers weekends.
      '/api/daily_papers?date=2024-10-26': [
        (response) => response.writeHead(429, { 'retry-after': '0' }).end('Too Many Requests'),
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
      // A harvest whose second page first comes cut short, then after a 503 asking to come back.
      [oaiFirst]: [ok(oaiFirstPage, 'text/xml')],
      [oaiNext]: [
        ok(oaiLastPage.slice(0, 3000), 'text/xml'),
        (response) => response.writeHead(503, { 'retry-after': '0' }).end('Retry after 0 seconds'),
        ok(oaiLastPage, 'text/xml'),
      ],
      [oaiListUrl('/oai', { ...hepTh, until: '2016-12-31' })]: [ok(oaiFirstPage, 'text/xml')],
      [oaiListUrl('/oai', { set: 'physics:hep-th', from: '2030-01-01' })]: [ok(oaiNoRecords, 'text/xml')],
      [oaiListUrl('/oai', { set: 'math', from: '2016-01-01' })]: [ok(oaiBadArgument, 'text/xml')],
    });
    await new Promise<void>((resolve) => apis.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(apis.server.address() as AddressInfo).port}`;
    // No waits: the 3 s between arXiv requests, backoffs and Retry-After are asserted on a fake
    // clock in tests/unit/fetch/, where they are never slept.
    env = {
      HF_API_URL: `${base}/api`,
      ARXIV_API_URL: `${base}/query`,
      ARXIV_OAI_URL: `${base}/oai`,
      FETCH_TIMEOUT_MS: '20000',
      FETCH_MIN_INTERVAL_MS: '0',
      FETCH_BACKOFF_MS: '0',
    };
  });
  afterAll(async () => {
    apis.server.closeAllConnections();
    await new Promise((resolve) => apis.server.close(resolve));
    await site.remove();
  });

  test('tries again after a 500, then saves the day as the API sent it', async () => {
    // The command itself, end to end, in a process of its own; the other cases run it in this one.
    const { code, output } = await site.tryFetchProcess(['hf', '--date', '2024-10-25'], env);
    expect(output).toMatch(/daily_papers\?date=2024-10-25: HTTP 500; trying again in \d\.\d s/);
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

  test('asks again after a 429, and saves an empty day as a valid file', async () => {
    const { code, output } = await site.tryFetch(['hf', '--date', '2024-10-26'], env);
    expect(code).toBe(0);
    expect(output).toMatch(/HTTP 429; trying again in 0\.0 s/);
    expect(output).toContain('content/sources/hf/2024-10-26.json: new (no papers that day)');
    expect(apis.requests.filter((request) => request.url.endsWith('2024-10-26'))).toHaveLength(2);
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

  test('pages through an arXiv search, asking again for a page that came back empty too soon', async () => {
    const { code, output } = await site.tryFetch(
      ['arxiv', '--query', 'all:electron', '--max', '30', '--page-size', '10'],
      env,
    );
    expect(code).toBe(0);
    const asked = apis.requests.filter((request) => request.url.includes('all%3Aelectron'));
    expect(asked.map((request) => /start=(\d+)/.exec(request.url)![1])).toEqual(['0', '10', '10']);
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
    const { code, output } = await site.tryFetchProcess(['hf', '--days', '10'], env);
    expect(code).toBe(1);
    // The server knows none of these days: each answer is a 404, which is not asked again.
    expect(output.match(/HTTP 404/g)).toHaveLength(3);
    expect(output).toContain('3 days in a row failed; not asking for the other 7');
    expect(output).toMatch(/3 failed\n$/);
  });

  test('harvests arXiv’s OAI-PMH page by page, going on from the saved token after an interruption', async () => {
    const cut = await site.tryFetch(['oai', '--set', 'physics:hep-th', '--from', '2016-01-01'], env);
    expect(cut.code).toBe(1);
    expect(cut.output).toContain(`${hepThFolder}/0001.xml: new (40 records of 13,871)`);
    expect(cut.output).toMatch(/0002\.xml: not saved, the response is not valid: not valid XML .*; page 1 is kept/);

    const before = apis.requests.length;
    const resumed = await site.tryFetch(['oai', '--set', 'physics:hep-th', '--from', '2016-01-01'], env);
    expect(resumed.code).toBe(0);
    expect(apis.requests.slice(before).map((request) => request.url)).toEqual([oaiNext, oaiNext]);
    expect(resumed.output).toContain(`${hepThFolder}: continuing the unfinished harvest after page 1`);
    expect(resumed.output).toMatch(/resumptionToken=1613321%7C1001: HTTP 503; trying again in 0\.0 s/);
    expect(resumed.output).toContain(`${hepThFolder}/0002.xml: new (3 records of 13,871)`);
    expect(resumed.output).toContain(`${hepThFolder}: harvest complete, 2 pages`);
    expect(await site.read(`${hepThFolder}/0001.xml`)).toBe(oaiFirstPage);
    expect(await site.read(`${hepThFolder}/0002.xml`)).toBe(oaiLastPage);

    const again = await site.tryFetch(['oai', '--set', 'physics:hep-th', '--from', '2016-01-01'], env);
    expect(again.output).toContain(`${hepThFolder}/0001.xml: unchanged (40 records of 13,871)`);
    expect(again.output).toContain(`${hepThFolder}/0002.xml: unchanged (3 records of 13,871)`);
    expect(await site.files(hepThFolder)).toEqual(['.harvest.json', '0001.xml', '0002.xml']);
  });

  test('starts a harvest over when the server no longer knows its token', async () => {
    const args = ['oai', '--set', 'physics:hep-th', '--from', '2016-01-01', '--until', '2016-12-31'];
    apis.answers[oaiNext] = [(response) => response.writeHead(404).end('Not Found')];
    expect((await site.tryFetch(args, env)).code).toBe(1);
    apis.answers[oaiNext] = [ok(oaiBadToken, 'text/xml'), ok(oaiLastPage, 'text/xml')];
    const { code, output } = await site.tryFetch(args, env);
    expect(code).toBe(0);
    expect(output).toContain(
      '0002.xml: the resumption token is no longer valid (arXiv says: badResumptionToken: ' +
        'The resumptionToken supplied is illegal for this repository); starting over from the first page',
    );
    expect(output).toContain('oai/physics_hep-th/2016-01-01_2016-12-31: harvest complete, 2 pages');
  });

  test('says what arXiv’s OAI-PMH refused, and takes no matching records for an empty harvest', async () => {
    const refused = await site.tryFetch(['oai', '--set', 'math', '--from', '2016-01-01'], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      "the response is not valid: arXiv says: badArgument: Verb 'ListRecords', illegal argument 'identifier'.",
    );
    const empty = await site.tryFetch(['oai', '--set', 'physics:hep-th', '--from', '2030-01-01'], env);
    expect(empty.code).toBe(0);
    expect(empty.output).toContain('no records to harvest (arXiv says: noRecordsMatch: ');
    expect(await site.files('content/sources/oai')).not.toContainEqual(expect.stringMatching(/^math|2030/));
  });

  test('says what is wrong with its arguments', async () => {
    expect(await site.tryFetchProcess(['hf', '--days', 'week'], env)).toEqual({
      code: 2,
      output: '[fetch] --days week: not a positive whole number\n',
    });
    expect((await site.tryFetch(['hf', '--date', '4 March'], env)).output).toContain('4 March: not a day (YYYY-MM-DD)');
    expect((await site.tryFetch(['arxiv'], env)).output).toContain('arxiv needs --query');
    expect((await site.tryFetch(['github'], env)).output).toContain('usage: npm run fetch -- hf');
    expect((await site.tryFetch(['oai', '--set', 'cs'], env)).output).toContain('oai needs --set and --from');
    expect((await site.tryFetch(['oai', '--set', 'hep-th', '--from', '2024-01-01'], env)).output).toContain(
      '--set hep-th: not an arXiv OAI set; for hep-th use physics:hep-th',
    );
    expect(await site.tryFetch(['oai', '--set', 'cs', '--from', '2024-02-01', '--until', '2024-01-01'], env)).toEqual({
      code: 2,
      output: '[fetch] --until 2024-01-01 is before --from 2024-02-01\n',
    });
    expect((await site.tryFetch(['hf'], { ...env, FETCH_MIN_INTERVAL_MS: 'none' })).output).toContain(
      'FETCH_MIN_INTERVAL_MS=none: not a whole number of milliseconds',
    );
  });

  test('fetched files import as saved ones do', async () => {
    const output = await site.importPapers();
    // Two days fetched, three kept from before, three arXiv pages, and two harvests of two pages.
    expect(output).toMatch(/papers read from 12 files/);
    expect(output).toContain(' 0 skipped');
    const entries = await site.files('content/papers');
    expect(oaiFirstIds).toHaveLength(40);
    for (const id of [...hfPapers, '1904.02670', '1904.01668', '2307.00099', ...oaiFirstIds, ...oaiLastIds]) {
      expect(
        entries.some((name) => name.endsWith(`/${id}.mdx`)),
        id,
      ).toBe(true);
    }
  });
});
