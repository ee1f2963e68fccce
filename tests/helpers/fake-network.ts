/**
 * A fake network on a fake clock, for the fetchers (src/lib/fetch/): each URL answers from a queue
 * (the last answer repeating), any other with a 404; an answer may never come, as when a fetcher
 * is killed while it waits. Time moves only when the fetcher sleeps. Every request and wait is
 * recorded, so a test asserts arXiv's politeness gaps without sleeping through them.
 */
export function fakeNetwork(answers: Record<string, (() => Response | Promise<Response>)[]>) {
  let time = 0;
  const requests: { url: string; at: number }[] = [];
  const slept: number[] = [];
  const network = {
    now: () => time,
    sleep: (ms: number): Promise<void> => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    random: () => 0.5,
    fetch: ((url: string) => {
      requests.push({ url, at: time });
      const queue = answers[url];
      if (!queue) return Promise.resolve(new Response('not found', { status: 404 }));
      return Promise.resolve((queue.length > 1 ? queue.shift()! : queue[0]!)());
    }) as typeof fetch,
  };
  return { network, requests, slept };
}
