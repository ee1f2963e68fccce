import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A held lock: release it when done (it is also released when the process exits). */
export interface Lock {
  release(): void;
  /** Set when a stale lock of a process that died was taken over. */
  tookOver?: string;
}

/** Why the lock could not be taken: another import is running. */
export class LockedError extends Error {}

interface Owner {
  pid: number;
  host: string;
  started: string;
}

/**
 * Takes the import lock: a file holding the owner's pid, put in place with `link()` so that it
 * appears whole and only if absent. A lock whose owner no longer runs on this machine is stale
 * and is taken over; a live owner's lock is never broken.
 */
export function acquireLock(path: string): Lock {
  const owner: Owner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, JSON.stringify(owner));
  try {
    let tookOver: string | undefined;
    if (!place(draft, path)) {
      const current = readOwner(path);
      if (current && isAlive(current)) {
        throw new LockedError(
          `another import is running (pid ${current.pid}, started ${current.started}); wait for it to finish, or delete ${path} if no import is running`,
        );
      }
      // The owner died without releasing it (a crash, kill -9): the lock is stale. Checked again
      // right before removing, so a lock another import has just taken over is left alone.
      if (JSON.stringify(readOwner(path)) === JSON.stringify(current)) rmSync(path, { force: true });
      if (!place(draft, path)) throw new LockedError(`another import took the lock ${path} just now; try again`);
      tookOver = current
        ? `took over the lock of import pid ${current.pid} (started ${current.started}), which is no longer running`
        : `took over an unreadable lock file ${path}`;
    }
    let held = true;
    const release = () => {
      if (held) rmSync(path, { force: true });
      held = false;
    };
    process.once('exit', release);
    return { release, ...(tookOver ? { tookOver } : {}) };
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Links the draft into place; false when a lock is there already. */
function place(draft: string, path: string): boolean {
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host, started: String(owner.started) }
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(owner: Owner): boolean {
  // A lock from another machine (a shared folder) cannot be checked: treat it as held.
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
