/**
 * Places where a test can make a command crash or wait, set through the environment (nothing
 * else sets these variables): tests/build/import-safety.test.ts and build-safety.test.ts reach a
 * crash or a race at the place they mean with a handful of papers, instead of racing a big import.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** `PAPERBOY_CRASH_AFTER_WRITES=N`: the import kills itself (SIGKILL, as `kill -9` would) right after its Nth entry write. */
export const CRASH_AFTER_WRITES_VARIABLE = 'PAPERBOY_CRASH_AFTER_WRITES';
/** `PAPERBOY_HOLD_LOCK_UNTIL=FILE`: the command that took the lock holds it, waiting, until FILE exists. */
export const HOLD_LOCK_UNTIL_VARIABLE = 'PAPERBOY_HOLD_LOCK_UNTIL';

/** The test points the environment sets. */
export interface TestPoints {
  crashAfterWrites?: number;
  holdLockUntil?: string;
}

/** The test points `env` sets; none in a maintainer's shell. */
export function testPoints(env: NodeJS.ProcessEnv): TestPoints {
  const crash = Number(env[CRASH_AFTER_WRITES_VARIABLE]);
  const hold = env[HOLD_LOCK_UNTIL_VARIABLE];
  return {
    ...(Number.isInteger(crash) && crash > 0 ? { crashAfterWrites: crash } : {}),
    ...(hold ? { holdLockUntil: hold } : {}),
  };
}

/** Counts entry writes; at the crash point's count, kills this process on the spot. */
export function writeCounter(points: TestPoints): () => void {
  let writes = 0;
  return () => {
    writes += 1;
    if (writes === points.crashAfterWrites) process.kill(process.pid, 'SIGKILL');
  };
}

/** Waits until the hold point's file exists, saying so first; returns at once when no hold point is set. */
export async function holdLock(points: TestPoints, say: (message: string) => void): Promise<void> {
  if (!points.holdLockUntil) return;
  say(`holding the lock until ${points.holdLockUntil} exists`);
  while (!existsSync(points.holdLockUntil)) await sleep(20);
}
