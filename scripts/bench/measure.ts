/**
 * Runs a command and measures it as a whole: wall time, CPU time and the peak resident memory
 * summed over its whole process tree (Astro, Pagefind's binary and any workers), sampled from
 * /proc. Its output is kept for the caller to read stage timings from.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Measured {
  seconds: number;
  /** User plus system CPU seconds of the process tree, from the kernel's accounting. */
  cpuSeconds: number;
  peakRssBytes: number;
  output: string;
}

const PAGE_SIZE = 4096;

/** Every process: pid → parent pid. */
function processParents(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return parents;
}

/** Resident bytes of `root` and all its descendants right now. */
export function treeRss(root: number): number {
  const parents = processParents();
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let bytes = 0;
  for (const pid of tree) {
    try {
      const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
      bytes += pages * PAGE_SIZE;
    } catch {
      // Gone already.
    }
  }
  return bytes;
}

/** Runs `command` in `cwd`, echoing nothing, and measures it. Rejects when it fails. */
export function measure(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; echo?: boolean },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let peak = 0;
    const sample = () => {
      if (child.pid !== undefined) peak = Math.max(peak, treeRss(child.pid));
    };
    const timer = setInterval(sample, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
        return;
      }
      resolve({ seconds, cpuSeconds: childCpuSeconds(), peakRssBytes: peak, output });
    });
  });
}

let lastChildCpu = 0;
/** CPU seconds used by waited-for children since the previous call. */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields from the third on; cutime and cstime are the 16th and 17th, in clock ticks (100 a second).
  const [, , , , , , , , , , , , , cutime, cstime] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const ticks = (cutime ?? 0) + (cstime ?? 0);
  const seconds = ticks / 100 - lastChildCpu;
  lastChildCpu = ticks / 100;
  return seconds;
}
