import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { FetchError, politeClient, retryAfterMs, type PoliteClientOptions } from '../../../src/lib/fetch/http.ts';
import { arxivErrorMessage, arxivThrottled } from '../../../src/lib/fetch/sources.ts';

/** A fake network: answers in turn, and a clock that moves only when the client sleeps. */
function network(answers: (() => Response | Promise<Response>)[], more: Partial<PoliteClientOptions> = {}) {
  let time = 0;
  const requests: { url: string; at: number; userAgent: string | null }[] = [];
  const slept: number[] = [];
  const client = politeClient({
    userAgent: 'Test/1',
    timeoutMs: 1000,
    retries: 3,
    minIntervalMs: 3000,
    maxRequests: 6,
    random: () => 0.5,
    ...more,
    now: () => time,
    sleep: (ms) => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    fetch: (async (url: string, init: RequestInit) => {
      requests.push({ url, at: time, userAgent: new Headers(init.headers).get('user-agent') });
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers');
      return answer();
    }) as typeof fetch,
  });
  return { client, requests, slept };
}

describe('politeClient', () => {
  test('identifies itself and keeps its distance between requests', async () => {
    const { client, requests } = network([() => new Response('a'), () => new Response('b')]);
    expect(await client.get('http://x/1')).toBe('a');
    expect(await client.get('http://x/2')).toBe('b');
    expect(requests.map((request) => [request.at, request.userAgent])).toEqual([
      [0, 'Test/1'],
      [3000, 'Test/1'],
    ]);
  });

  test('retries 429 after the Retry-After the server asks for, and 5xx with growing backoff', async () => {
    const { client, slept } = network([
      () => new Response('slow down', { status: 429, headers: { 'retry-after': '7' } }),
      () => new Response('oops', { status: 503 }),
      () => new Response('oops', { status: 500 }),
      () => new Response('[]'),
    ]);
    expect(await client.get('http://x/day')).toBe('[]');
    // 7 s as asked; then backoff with jitter: 1 s × 2 × 1.5, then 1 s × 4 × 1.5 (the 3 s interval already passed).
    expect(slept).toEqual([7000, 3000, 6000]);
  });

  test('gives up after its retries, on a 4xx at once, and past its request cap', async () => {
    const failing = network(Array.from({ length: 4 }, () => () => new Response('', { status: 500 })));
    await expect(failing.client.get('http://x/a')).rejects.toThrow(/HTTP 500, gave up after 4 attempts/);
    const missing = network([() => new Response('', { status: 404 })]);
    await expect(missing.client.get('http://x/b')).rejects.toThrow(FetchError);
    expect(missing.requests).toHaveLength(1);
    const capped = network(Array.from({ length: 7 }, () => () => new Response('ok')));
    for (let index = 0; index < 6; index++) await capped.client.get(`http://x/${index}`);
    await expect(capped.client.get('http://x/7')).rejects.toThrow(/6 requests are used/);
  });

  test('treats a timeout or a broken connection as worth another try', async () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const { client } = network([
      () => Promise.reject(timeout),
      () => Promise.reject(new TypeError('fetch failed')),
      () => new Response('fine'),
    ]);
    expect(await client.get('http://x/')).toBe('fine');
  });

  test('stops waiting for an answer that never comes, and asks again', async () => {
    // A real server and a real timeout: the first request hangs, the others are answered.
    let served = 0;
    const server = createServer((_, response) => {
      if (served++ > 0) response.end('answered');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const log: string[] = [];
    const client = politeClient({
      userAgent: 'Test/1',
      timeoutMs: 200,
      retries: 3,
      minIntervalMs: 0,
      maxRequests: 4,
      backoffMs: 0,
      log: (line) => log.push(line),
    });
    try {
      expect(await client.get(url)).toBe('answered');
      expect(log[0]).toBe(`${url}: no answer within 0.2 s; trying again in 0.0 s`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('retries what the caller knows to mean "slow down", and says why a refusal was refused', async () => {
    const log: string[] = [];
    const arxiv = { throttled: arxivThrottled, explain: arxivErrorMessage, log: (line: string) => log.push(line) };
    const { client } = network(
      [
        () => new Response('', { status: 406 }),
        () => new Response('Rate exceeded.\n'),
        () => new Response('<feed></feed>'),
        () =>
          new Response(
            '<feed><entry><id>http://arxiv.org/api/errors#x</id><summary>bad query</summary></entry></feed>',
            { status: 400 },
          ),
      ],
      arxiv,
    );
    expect(await client.get('http://x/page')).toBe('<feed></feed>');
    expect(log).toEqual([
      'http://x/page: HTTP 406, which arXiv sends while it throttles; trying again in 1.5 s',
      'http://x/page: arXiv says "Rate exceeded."; trying again in 3.0 s',
    ]);
    await expect(client.get('http://x/bad')).rejects.toThrow('http://x/bad: HTTP 400 (arXiv says: bad query)');
    // Without the caller's knowledge a 406 is a refusal like any 4xx.
    await expect(network([() => new Response('', { status: 406 })]).client.get('http://x/')).rejects.toThrow(
      /HTTP 406$/,
    );
  });

  test('refuses to wait longer than it should when the server asks for it', async () => {
    const { client } = network([() => new Response('', { status: 429, headers: { 'retry-after': '3600' } })]);
    await expect(client.get('http://x/')).rejects.toThrow(
      /asks to wait 3600 s, longer than the 120 s this fetcher waits; try again later$/,
    );
  });
});

test('retryAfterMs reads seconds and HTTP dates', () => {
  expect(retryAfterMs('5', 0)).toBe(5000);
  expect(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
  expect(retryAfterMs('soon', 0)).toBeUndefined();
  expect(retryAfterMs(null, 0)).toBeUndefined();
});
