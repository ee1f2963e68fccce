import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { acquireLock, inheritedLock, LOCK_HOLDER_VARIABLE, LockedError } from '../../../scripts/lib/lock.ts';

let dir: string;
let path: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-lock-'));
  path = join(dir, '.import.lock');
});
afterEach(async () => {
  children.splice(0).forEach((child) => child.kill());
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

/** A live process running `args`; its pid is what a lock may name. */
async function running(...args: string[]): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', ...args]);
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid!;
}

const lockOf = (fields: Record<string, unknown>) =>
  writeFile(path, JSON.stringify({ host: hostname(), started: '2025-01-01T00:00:00.000Z', ...fields }));

describe('acquireLock', () => {
  test('lets one holder in at a time, naming it to the next, and is gone once released', () => {
    const lock = acquireLock(path, 'build');
    expect(() => acquireLock(path, 'import')).toThrow(LockedError);
    expect(() => acquireLock(path, 'import')).toThrow(
      new RegExp(`^another build is running \\(pid ${process.pid}, started .*\\); wait for it to finish, or delete `),
    );
    lock.release();
    expect(existsSync(path)).toBe(false);
    acquireLock(path, 'import').release();
  });

  test('takes over the lock of a process that ended', async () => {
    const ended = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => ended.on('close', resolve));
    await lockOf({ pid: ended.pid, command: 'build' });
    const lock = acquireLock(path, 'import');
    expect(lock.tookOver).toBe(
      `took over the lock of build pid ${ended.pid} (started 2025-01-01T00:00:00.000Z), which is no longer running`,
    );
    lock.release();
  });

  test.skipIf(!existsSync('/proc/self/stat'))(
    'takes over a lock whose pid now belongs to another program, saying which',
    async () => {
      const other = await running();
      // Recorded by an import that started earlier, under the same pid.
      await lockOf({ pid: other, command: 'import', token: 't', identity: 'an-earlier-boot:12345' });
      const lock = acquireLock(path, 'import');
      expect(lock.tookOver).toMatch(
        new RegExp(
          `^took over the lock of import pid ${other} \\(started .*\\), which is no longer running: pid ${other} is now another program \\(.*setTimeout`,
        ),
      );
      lock.release();
    },
  );

  test.skipIf(!existsSync('/proc/self/stat'))(
    'tells by the command line, for a lock without a start time, whether its pid still runs an import',
    async () => {
      await lockOf({ pid: await running() });
      const lock = acquireLock(path, 'import');
      expect(lock.tookOver).toMatch(/is now another program/);
      lock.release();
      await lockOf({ pid: await running('scripts/import.ts') });
      expect(() => acquireLock(path, 'import')).toThrow(/^another import is running/);
    },
  );

  test('never removes a lock another process took over meanwhile', async () => {
    const lock = acquireLock(path, 'build');
    await lockOf({ pid: 1, token: 'someone else' });
    lock.release();
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ token: 'someone else' });
  });
});

describe('inheritedLock', () => {
  test('is only for a child of the holder, with the holder’s token', () => {
    const lock = acquireLock(path, 'build');
    const handed = lock.handDown();
    expect(Object.keys(handed)).toEqual([LOCK_HOLDER_VARIABLE]);
    // This process holds the lock, but did not start itself: the variable alone lets no one in.
    vi.stubEnv(LOCK_HOLDER_VARIABLE, handed[LOCK_HOLDER_VARIABLE]);
    expect(inheritedLock(path)).toBeUndefined();
    vi.stubEnv(LOCK_HOLDER_VARIABLE, `${process.ppid}:${handed[LOCK_HOLDER_VARIABLE]!.split(':')[1]}`);
    expect(inheritedLock(path)).toBeUndefined();
    lock.release();
  });
});
