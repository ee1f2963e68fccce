import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fetchArxiv, fetchHf, type FetchContext } from '../../../src/lib/fetch/fetchers.ts';
import { arxivPageUrl, hfDayUrl } from '../../../src/lib/fetch/sources.ts';
import { fakeNetwork } from '../../helpers/fake-network.ts';
import { fixture } from '../../helpers/fixtures.ts';

/** Real responses recorded from the APIs: tests/fixtures/recorded/README.md. */
const hfDay = fixture('recorded/hf-daily-papers-2024-10-25.json');
const arxivPage = fixture('recorded/arxiv-api-2019-04-06.xml');
const arxivLastPage = fixture('recorded/arxiv-api-2026-04-12.xml');
const arxivEmptyInside = fixture('recorded/arxiv-api-empty-page-2022-08-22.xml');

const HF_API = 'https://huggingface.co/api';
const ARXIV_API = 'https://export.arxiv.org/api/query';

describe('the fetchers, on a fake clock', () => {
  let root: string;
  let log: string[];
  const contextFor = (network: ReturnType<typeof fakeNetwork>['network'], today = '2026-04-12'): FetchContext => ({
    root,
    sources: join(root, 'content/sources'),
    today,
    log: (message) => log.push(message),
    client: { userAgent: 'Test/1', timeoutMs: 1000, ...network },
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'paperboy-fetchers-'));
    log = [];
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  test('ask arXiv for a page every 3,000 ms, asking again for a page that came back empty too soon', async () => {
    const page = (start: number) => arxivPageUrl(ARXIV_API, 'all:electron', start, 10);
    const { network, requests, slept } = fakeNetwork({
      [page(0)]: [() => new Response(arxivPage)],
      [page(10)]: [() => new Response(arxivEmptyInside), () => new Response(arxivLastPage)],
    });
    const failed = await fetchArxiv(contextFor(network), ARXIV_API, { query: 'all:electron', max: 30, pageSize: 10 });
    expect(failed).toBe(0);
    expect(requests).toEqual([
      { url: page(0), at: 0 },
      { url: page(10), at: 3000 },
      { url: page(10), at: 6000 },
    ]);
    expect(slept).toEqual([3000, 3000]);
    expect(log).toContain('content/sources/arxiv/all-electron/2026-04-12-00000.xml: new (10 papers)');
    expect(log).toContain('content/sources/arxiv/all-electron/2026-04-12-00010.xml: new (1 paper)');
  });

  test('wait out arXiv’s throttling with a backoff, then only what is left of the 3 s gap', async () => {
    const url = arxivPageUrl(ARXIV_API, 'cat:cs.LG', 0, 5);
    const { network, requests, slept } = fakeNetwork({
      [url]: [
        () => new Response('', { status: 406 }),
        () => new Response('Rate exceeded.'),
        () => new Response(arxivLastPage),
      ],
    });
    expect(await fetchArxiv(contextFor(network), ARXIV_API, { query: 'cat:cs.LG', max: 5, pageSize: 5 })).toBe(0);
    // Backoff 1 s × 1.5 (jitter), then 1.5 s more to make 3 s; then 2 s × 1.5, which covers the gap.
    expect(slept).toEqual([1500, 1500, 3000]);
    expect(requests.map((request) => request.at)).toEqual([0, 3000, 6000]);
    expect(await readFile(join(root, 'content/sources/arxiv/cat-cs-lg/2026-04-12-00000.xml'), 'utf8')).toBe(
      arxivLastPage,
    );
  });

  test('wait as long as a 429’s Retry-After asks, back off after a 500, and keep 500 ms between days', async () => {
    const { network, requests, slept } = fakeNetwork({
      [hfDayUrl(HF_API, '2024-10-25')]: [() => new Response('', { status: 500 }), () => new Response(hfDay)],
      [hfDayUrl(HF_API, '2024-10-26')]: [
        () => new Response('Too Many Requests', { status: 429, headers: { 'retry-after': '1' } }),
        () => new Response('[]'),
      ],
    });
    expect(await fetchHf(contextFor(network, '2024-10-26'), HF_API, { days: 2 })).toBe(0);
    expect(requests.map((request) => [request.url.slice(-10), request.at])).toEqual([
      ['2024-10-25', 0],
      ['2024-10-25', 1500],
      ['2024-10-26', 2000],
      ['2024-10-26', 3000],
    ]);
    // Backoff 1 s × 1.5 (jitter); what is left of the 500 ms gap; the 1 s the server asked for.
    expect(slept).toEqual([1500, 500, 1000]);
    expect(log).toContain(`${hfDayUrl(HF_API, '2024-10-26')}: HTTP 429; trying again in 1.0 s`);
  });
});
