import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { parse, type HTMLElement } from 'node-html-parser';
import { runFetch } from '../../scripts/fetch.ts';
import { runImport } from '../../scripts/import.ts';

const run = promisify(execFile);
const projectRoot = new URL('../../', import.meta.url).pathname;

/** What a command printed, and the exit code it ended with. */
export interface Outcome {
  code: number;
  output: string;
}

/** A copy of the project in a temporary folder, with its own content/sources. */
export interface SiteUnderTest {
  dir: string;
  /**
   * Runs `npm run import` with these arguments, in this process (scripts/import.ts's `runImport`,
   * which the command runs too); returns what it printed, and throws if it failed.
   */
  importPapers(...args: string[]): Promise<string>;
  /** The same, returning the exit code instead of throwing. */
  tryImport(...args: string[]): Promise<Outcome>;
  /** Runs `npm run import`'s script in a process of its own, with these extra environment variables. */
  tryImportProcess(args: string[], env?: Record<string, string>): Promise<Outcome>;
  /** Runs `npm run build` with these arguments and environment: its exit code and output. */
  tryImportAndBuild(args: string[], env?: Record<string, string>): Promise<Outcome>;
  /** Runs `npm run fetch` with these arguments and environment, in this process (scripts/fetch.ts's `runFetch`). */
  tryFetch(args: string[], env: Record<string, string>): Promise<Outcome>;
  /** Runs `npm run fetch`'s script in a process of its own, with these arguments and environment. */
  tryFetchProcess(args: string[], env: Record<string, string>): Promise<Outcome>;
  /** Adds or replaces a file in content/sources/. */
  addSource(name: string, content: string | Buffer): Promise<void>;
  /** Text of a file in the site. */
  read(path: string): Promise<string>;
  /** Runs `astro build` there (Pagefind included); returns what it printed. */
  build(env?: Record<string, string>): Promise<string>;
  /** Runs `npm run build`'s script there: the import, then the site; returns what it printed. */
  importAndBuild(env?: Record<string, string>): Promise<string>;
  html(path: string): Promise<HTMLElement>;
  files(path: string): Promise<string[]>;
  /** A copy of the site as it is (sources, entries, caches, dist/), in a new temporary folder. */
  copy(): Promise<SiteUnderTest>;
  remove(): Promise<void>;
}

/**
 * Copies the project (not its content) into a temp dir and puts the given source files in its
 * content/sources/, so a test can import and build exactly as a maintainer would.
 */
export async function createSite(sources: Record<string, string>): Promise<SiteUnderTest> {
  return createSiteIn(await mkdtemp(join(tmpdir(), 'paperboy-site-')), sources);
}

/** The same as `createSite`, in the empty or missing folder `dir`. */
export async function createSiteIn(dir: string, sources: Record<string, string>): Promise<SiteUnderTest> {
  for (const name of ['package.json', 'astro.config.mjs', 'tsconfig.json', 'src', 'public', 'scripts']) {
    await cp(join(projectRoot, name), join(dir, name), { recursive: true });
  }
  await symlink(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await mkdir(join(dir, 'content/sources'), { recursive: true });
  for (const [name, path] of Object.entries(sources)) await cp(path, join(dir, 'content/sources', name));
  return siteAt(dir);
}

/** The site in `dir` (a copy of the project made by createSite, or a copy of such a copy), to run and read. */
export function siteAt(dir: string): SiteUnderTest {
  const node = async (args: string[], env: Record<string, string> = {}) => {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: dir,
      env: { ...maintainerEnv(), BASE_PATH: '', SITE_URL: '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return plain(stdout + stderr);
  };
  const tryImport = async (args: string[]): Promise<Outcome> => {
    const lines = printed();
    const { code } = await runImport(args, { root: dir, output: lines.console });
    return { code, output: lines.output() };
  };
  const site: SiteUnderTest = {
    dir,
    async importPapers(...args) {
      const { code, output } = await tryImport(args);
      if (code !== 0) throw new Error(`the import ended with ${code}:\n${output}`);
      return output;
    },
    tryImport: (...args) => tryImport(args),
    tryImportProcess: (args, env) => exitAndOutput(node(['scripts/import.ts', ...args], env)),
    tryImportAndBuild: (args, env) => exitAndOutput(node(['scripts/build.ts', ...args], env)),
    async tryFetch(args, env) {
      const lines = printed();
      const code = await runFetch(args, { root: dir, env, output: lines.console });
      return { code, output: lines.output() };
    },
    tryFetchProcess: (args, env) => exitAndOutput(node(['scripts/fetch.ts', ...args], env)),
    addSource: (name, content) => writeFile(join(dir, 'content/sources', name), content),
    read: (path) => readFile(join(dir, path), 'utf8'),
    build: (env) => node(['node_modules/astro/bin/astro.mjs', 'build'], env),
    importAndBuild: (env) => node(['scripts/build.ts'], env),
    html: async (path) => parse(await readFile(join(dir, 'dist', path), 'utf8')),
    files: async (path) => (await readdir(join(dir, path), { recursive: true })).map(String).sort(),
    async copy() {
      const copy = await mkdtemp(join(tmpdir(), 'paperboy-site-'));
      // Times kept, so the copy's code fingerprints (src/lib/code-fingerprint.ts) need no new walk.
      await cp(dir, copy, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      return siteAt(copy);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  return site;
}

/**
 * A console for a command run in this process, and what it printed as a process would: its
 * standard output, then its standard error, each line ending in a newline.
 */
function printed() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    console: {
      log: (line: string) => void out.push(`${line}\n`),
      warn: (line: string) => void err.push(`${line}\n`),
      error: (line: string) => void err.push(`${line}\n`),
    },
    output: () => out.join('') + err.join(''),
  };
}

/** What the test runner adds to the environment (Vite's `import.meta.env` among it); a maintainer's shell has none of it. */
const TEST_RUNNER_VARIABLES = new Set(['NODE_ENV', 'TEST', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']);

/**
 * Where the commands the tests run keep Node's compiled code (`NODE_COMPILE_CACHE`), so each
 * process after the first starts faster: the tests run dozens. It only caches what Node compiles.
 */
const COMPILE_CACHE = join(tmpdir(), 'paperboy-tests-node-compile-cache');

/** The environment a maintainer's shell has, and the compile cache. */
export function maintainerEnv(): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !TEST_RUNNER_VARIABLES.has(name) && !name.startsWith('VITEST')),
    ),
    NODE_COMPILE_CACHE: COMPILE_CACHE,
  };
}

/**
 * What a command printed, without terminal colours: where the environment forces colour (as CI
 * may), tests still read and match the words.
 */
function plain(text: string): string {
  return stripVTControlCharacters(text);
}

/** A command's exit code and output, whether it succeeded or not. */
function exitAndOutput(running: Promise<string>): Promise<Outcome> {
  return running.then(
    (output) => ({ code: 0, output }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: plain(error.stdout + error.stderr),
    }),
  );
}

/** A command running in a process of its own, as a test started it. */
export interface RunningCommand {
  /** Resolves once the command has printed something matching `pattern`; rejects if it ends first. */
  printed(pattern: RegExp): Promise<void>;
  /** Resolves when it exits, with its code or the signal that stopped it, and all it printed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

/**
 * Starts `node SCRIPT ARGS` in the site at `dir`, in a maintainer's environment with these extra
 * variables, and lets the test wait for what it prints: for races and crashes, where the
 * process is the point.
 */
export function startCommand(
  dir: string,
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): RunningCommand {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: dir,
    env: { ...maintainerEnv(), BASE_PATH: '', SITE_URL: '', ...env },
  });
  let printed = '';
  const output = () => plain(printed);
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  const collect = (chunk: Buffer) => {
    printed += chunk.toString();
    for (const wait of waiting.filter(({ pattern }) => pattern.test(output()))) wait.resolve();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, output: output() })),
  );
  return {
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(output())) resolve();
        waiting.push({ pattern, resolve });
        void done.then(({ output }) => reject(new Error(`${script} ended before ${pattern}:\n${output}`)));
      }),
    done,
  };
}
