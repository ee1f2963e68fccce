import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, type HTMLElement } from 'node-html-parser';

const run = promisify(execFile);
const projectRoot = new URL('../../', import.meta.url).pathname;

/** A copy of the project in a temporary folder, with its own content/sources. */
export interface SiteUnderTest {
  dir: string;
  /** Runs `npm run import`'s script there; returns what it printed, and throws if it failed. */
  importPapers(...args: string[]): Promise<string>;
  /** The same, returning the exit code instead of throwing. */
  tryImport(...args: string[]): Promise<{ code: number; output: string }>;
  /** Runs `npm run build` with these arguments and environment: its exit code and output. */
  tryImportAndBuild(args: string[], env?: Record<string, string>): Promise<{ code: number; output: string }>;
  /** Runs `npm run fetch` with these arguments and environment: its exit code and output. */
  tryFetch(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }>;
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
  remove(): Promise<void>;
}

/**
 * Copies the project (not its content) into a temp dir and puts the given source files in its
 * content/sources/, so a test can import and build exactly as a maintainer would.
 */
export async function createSite(sources: Record<string, string>): Promise<SiteUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-site-'));
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
    return stdout + stderr;
  };
  return {
    dir,
    importPapers: (...args) => node(['scripts/import.ts', ...args]),
    tryImport: (...args) => exitAndOutput(node(['scripts/import.ts', ...args])),
    tryFetch: (args, env) => exitAndOutput(node(['scripts/fetch.ts', ...args], env)),
    tryImportAndBuild: (args, env) => exitAndOutput(node(['scripts/build.ts', ...args], env)),
    addSource: (name, content) => writeFile(join(dir, 'content/sources', name), content),
    read: (path) => readFile(join(dir, path), 'utf8'),
    build: (env) => node(['node_modules/astro/bin/astro.mjs', 'build'], env),
    importAndBuild: (env) => node(['scripts/build.ts'], env),
    html: async (path) => parse(await readFile(join(dir, 'dist', path), 'utf8')),
    files: async (path) => (await readdir(join(dir, path), { recursive: true })).map(String).sort(),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** What the test runner adds to the environment (Vite's `import.meta.env` among it); a maintainer's shell has none of it. */
const TEST_RUNNER_VARIABLES = new Set(['NODE_ENV', 'TEST', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']);

/** The environment a maintainer's shell has. */
function maintainerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !TEST_RUNNER_VARIABLES.has(name) && !name.startsWith('VITEST')),
  );
}

/** A command's exit code and output, whether it succeeded or not. */
function exitAndOutput(running: Promise<string>): Promise<{ code: number; output: string }> {
  return running.then(
    (output) => ({ code: 0, output }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}
