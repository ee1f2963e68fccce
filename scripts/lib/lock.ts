/**
 * The lock that lets one import or build at a time work on a site: `content/.import.lock`. A
 * build holds it from start to end, its import and site stage included, and hands it down to the
 * import it runs; a second build or import stops at once and names the holder.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { relative } from 'node:path';

/** Where the lock lives, relative to the project root. */
export const LOCK_FILE = 'content/.import.lock';

/**
 * Names the lock a build holds for the processes it starts: `<pid>:<token>`. Checked against the
 * lock file, so a stale or hand-set value never lets a process in without the lock.
 */
export const LOCK_HOLDER_VARIABLE = 'PAPERBOY_LOCK_HOLDER';

/** What holds the lock. */
export type LockCommand = 'import' | 'build';

/** A held lock: release it when done (it is also released when the process exits). */
export interface Lock {
  release(): void;
  /** The environment a child process needs to work under this lock (see `inheritedLock`). */
  handDown(): Record<string, string>;
  /** Set when a stale lock (its process ended, or its pid is now another program's) was taken over. */
  tookOver?: string;
}

/** Why the lock could not be taken: another import or build is running. */
export class LockedError extends Error {}

interface Owner {
  pid: number;
  host: string;
  /** When the owner took the lock, for people. */
  started: string;
  command: LockCommand;
  /** Unique per lock: what a child is handed to prove its parent holds it. */
  token: string;
  /** The owner process as the kernel knows it (boot and start time), so a reused pid is told apart. */
  identity?: string;
}

/**
 * Takes the lock: a file naming its owner, put in place with `link()` so that it appears whole
 * and only if absent. A lock whose owner no longer runs is stale and is taken over; so is one
 * whose pid now belongs to another program (pids are reused). A live owner's lock is never broken.
 */
export function acquireLock(path: string, command: LockCommand): Lock {
  const identity = processIdentity(process.pid);
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command,
    token: randomUUID(),
    ...(identity ? { identity } : {}),
  };
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, JSON.stringify(owner));
  try {
    let tookOver: string | undefined;
    if (!place(draft, path)) {
      const current = readOwner(path);
      const gone = current ? whyGone(current) : 'unreadable';
      if (current && !gone) {
        throw new LockedError(
          `another ${current.command} is running (pid ${current.pid}, started ${current.started}); wait for it to ` +
            `finish, or delete ${shown(path)} if none is running`,
        );
      }
      // Checked again right before removing, so a lock another process has just taken over is left alone.
      if (JSON.stringify(readOwner(path)) === JSON.stringify(current)) rmSync(path, { force: true });
      if (!place(draft, path))
        throw new LockedError(`another import or build took the lock ${shown(path)} just now; try again`);
      tookOver = current
        ? `took over the lock of ${current.command} pid ${current.pid} (started ${current.started}), ${gone}`
        : `took over an unreadable lock file ${shown(path)}`;
    }
    return heldLock(path, owner, tookOver);
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * The lock the process that started this one holds and hands down (`LOCK_HOLDER_VARIABLE`), or
 * undefined when there is none: the variable is unset, or the lock file does not name that
 * process with that token, or that process is not this one's parent.
 */
export function inheritedLock(path: string): Lock | undefined {
  const handed = /^(\d+):(.+)$/.exec(process.env[LOCK_HOLDER_VARIABLE] ?? '');
  if (!handed) return undefined;
  const owner = readOwner(path);
  const pid = Number(handed[1]);
  if (!owner || owner.pid !== pid || owner.token !== handed[2] || process.ppid !== pid) return undefined;
  if (owner.host !== hostname() || whyGone(owner)) return undefined;
  // The parent releases it: this process only works under it, and passes it on.
  return { release() {}, handDown: () => ({ [LOCK_HOLDER_VARIABLE]: `${owner.pid}:${owner.token}` }) };
}

function heldLock(path: string, owner: Owner, tookOver: string | undefined): Lock {
  let held = true;
  const release = () => {
    // Only our own lock: one taken over meanwhile (we were thought gone) is its new owner's.
    if (held && readOwner(path)?.token === owner.token) rmSync(path, { force: true });
    held = false;
    // A process that imports many times (the tests do, in their own process) keeps no listener per lock.
    process.off('exit', release);
  };
  process.once('exit', release);
  return {
    release,
    handDown: () => ({ [LOCK_HOLDER_VARIABLE]: `${owner.pid}:${owner.token}` }),
    ...(tookOver ? { tookOver } : {}),
  };
}

const shown = (path: string) => relative(process.cwd(), path) || path;

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
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return undefined;
    return {
      pid: owner.pid,
      host: owner.host,
      started: String(owner.started),
      // Locks of earlier versions held by imports only, and had no token.
      command: owner.command === 'build' ? 'build' : 'import',
      token: typeof owner.token === 'string' ? owner.token : '',
      ...(typeof owner.identity === 'string' ? { identity: owner.identity } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Why the lock's owner no longer holds it (`which is no longer running`), or undefined while it does. */
function whyGone(owner: Owner): string | undefined {
  // A lock from another machine (a shared folder) cannot be checked: treat it as held.
  if (owner.host !== hostname()) return undefined;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'which is no longer running';
  }
  const program = commandLine(owner.pid)?.trim();
  const shownProgram = program && program.length > 80 ? `${program.slice(0, 79)}…` : program;
  const reused = `which is no longer running: pid ${owner.pid} is now another program${shownProgram ? ` (${shownProgram})` : ''}`;
  const now = processIdentity(owner.pid);
  if (owner.identity && now) return now === owner.identity ? undefined : reused;
  // No start time to compare (a lock of an earlier version): the command line tells a Paperboy run.
  if (program !== undefined) return /scripts\/(?:import|build)\.ts/.test(program) ? undefined : reused;
  return undefined;
}

/**
 * A process as the kernel tells it apart from any later one with the same pid: on Linux the boot's
 * id and the start time in clock ticks (`/proc/<pid>/stat` field 22); elsewhere the start time
 * `ps` prints; undefined when neither can be read.
 */
function processIdentity(pid: number): string | undefined {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields go on after the last ')', from field 3.
      const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      return startTicks ? `${bootId()}:${startTicks}` : undefined;
    } catch {
      return undefined;
    }
  }
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
    return started.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** This boot of the machine: start ticks count from it. */
function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '';
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}
