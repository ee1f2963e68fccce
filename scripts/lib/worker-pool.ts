import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Runs `task` of scripts/lib/worker.ts over `items` on every core, in batches, and returns the
 * results in the items' order. Small jobs stay on this thread: starting workers costs more than
 * they would save.
 */
export async function mapOnAllCores<In, Out>(
  task: string,
  items: readonly In[],
  options: {
    workerData: unknown;
    inline: (items: In[]) => Promise<Out[]> | Out[];
    onProgress?: (done: number) => void;
    /** The fewest items worth a thread of their own (starting one takes about a third of a second). */
    perThread: number;
  },
): Promise<Out[]> {
  const threads = Math.min(availableParallelism(), Math.floor(items.length / options.perThread));
  if (threads <= 1) {
    const results = await options.inline([...items]);
    options.onProgress?.(items.length);
    return results;
  }
  const batch = Math.max(1, Math.min(500, Math.ceil(items.length / (threads * 8))));
  const results = new Array<Out>(items.length);
  let next = 0;
  let done = 0;
  const run = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= items.length) {
          resolve();
          return;
        }
        const start = next;
        next += batch;
        worker.postMessage({ start, items: items.slice(start, start + batch) });
      };
      worker.on('message', (message: { start: number; results: Out[] }) => {
        message.results.forEach((result, index) => (results[message.start + index] = result));
        done += message.results.length;
        options.onProgress?.(done);
        send();
      });
      worker.on('error', reject);
      send();
    });
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(new URL('./worker.ts', import.meta.url), { workerData: { task, ...(options.workerData as object) } }),
  );
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
