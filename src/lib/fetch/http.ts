/*
 * A polite HTTP client for the fetchers: a descriptive User-Agent, a timeout on every request,
 * a pause between requests (arXiv asks for 3 seconds), retries with exponential backoff and
 * jitter on 429, 5xx and whatever else the caller knows to mean "slow down" (honouring Retry-After),
 * and a cap on requests per run.
 */

export interface PoliteClientOptions {
  userAgent: string;
  timeoutMs: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and broken connections. */
  retries: number;
  /** The least time between the start of one request and the next. */
  minIntervalMs: number;
  /** Requests allowed in this run, retries included. */
  maxRequests: number;
  /** The first backoff; each retry waits twice as long, plus jitter. */
  backoffMs?: number;
  /** The longest a Retry-After is honoured; a server asking for more fails the request. */
  maxRetryAfterMs?: number;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  log?: (message: string) => void;
  /** What a refused request's body says was wrong (arXiv explains a bad query in an error feed). */
  explain?: (body: string) => string | undefined;
  /**
   * Why an answer is the server asking to slow down although its status does not say 429, or
   * undefined: arXiv's edge answers 406 while it throttles, and now and then a 200 `Rate exceeded.`.
   * Such answers are retried like a 429.
   */
  throttled?: (status: number, body: string) => string | undefined;
}

/** A response that will not get better by asking again: a 4xx other than 429, or retries used up. */
export class FetchError extends Error {}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long a Retry-After header asks to wait, in ms: seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A client whose `get` returns a URL's body as text, or throws a FetchError saying why not. */
export function politeClient(options: PoliteClientOptions) {
  const {
    userAgent,
    timeoutMs,
    retries,
    minIntervalMs,
    maxRequests,
    backoffMs = 1000,
    maxRetryAfterMs = 120_000,
    fetch = globalThis.fetch,
    sleep = sleepFor,
    now = Date.now,
    random = Math.random,
    log = () => {},
    explain = () => undefined,
    throttled = () => undefined,
  } = options;
  let requests = 0;
  let lastStart = -Infinity;

  async function attempt(url: string): Promise<{ body?: string; retryAfter?: number; reason: string }> {
    if (requests >= maxRequests)
      throw new FetchError(`${url}: not fetched, this run's ${maxRequests} requests are used`);
    const wait = lastStart + minIntervalMs - now();
    if (wait > 0) await sleep(wait);
    requests += 1;
    lastStart = now();
    try {
      const response = await fetch(url, {
        headers: { 'user-agent': userAgent },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'follow',
      });
      const text = await response.text();
      const slowDown = throttled(response.status, text);
      if (response.ok && !slowDown) return { body: text, reason: 'ok' };
      const reason = slowDown ?? `HTTP ${response.status}`;
      if (slowDown || response.status === 429 || response.status >= 500) {
        const retryAfter = retryAfterMs(response.headers.get('retry-after'), now());
        return { ...(retryAfter === undefined ? {} : { retryAfter }), reason };
      }
      const why = explain(text);
      throw new FetchError(`${url}: ${reason}${why ? ` (${why})` : ''}`);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      const { name, message, cause } = error as Error & { cause?: { code?: string } };
      // A timeout, a refused or broken connection, a body cut short: worth another try.
      if (name === 'TimeoutError') return { reason: `no answer within ${timeoutMs / 1000} s` };
      // Node's fetch says only "fetch failed"; the cause says why (ENOTFOUND, ECONNREFUSED…).
      return { reason: cause?.code ? `${message} (${cause.code})` : message };
    }
  }

  return {
    /** Requests made so far in this run. */
    get requests() {
      return requests;
    },
    async get(url: string): Promise<string> {
      for (let retry = 0; ; retry++) {
        const { body, retryAfter, reason } = await attempt(url);
        if (body !== undefined) return body;
        if (retry >= retries) throw new FetchError(`${url}: ${reason}, gave up after ${retry + 1} attempts`);
        if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
          throw new FetchError(
            `${url}: ${reason}, and the server asks to wait ${Math.round(retryAfter / 1000)} s, longer than ` +
              `the ${Math.round(maxRetryAfterMs / 1000)} s this fetcher waits; try again later`,
          );
        }
        const delay = retryAfter ?? backoffMs * 2 ** retry * (1 + random());
        log(`${url}: ${reason}; trying again in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay);
      }
    },
  };
}
