/** A worker thread of scripts/lib/worker-pool.ts: runs one import task on the batches it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSources, prepareRecords, renderEntries, type RenderSettings } from './import-tasks.ts';

const settings = workerData as RenderSettings & { task: 'parse' | 'prepare' | 'render' };
const tasks = {
  parse: parseSources,
  prepare: prepareRecords,
  render: (items: Parameters<typeof renderEntries>[0]) => renderEntries(items, settings),
};

parentPort!.on('message', ({ start, items }: { start: number; items: never[] }) => {
  parentPort!.postMessage({ start, results: tasks[settings.task](items) });
});
