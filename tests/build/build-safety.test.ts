import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/*
 * `npm run build` stops, with one line and no stack trace, rather than publish a wrong site or
 * let two runs write the same files. Each case runs the real build as a maintainer would.
 */

const HF_DAY = fixturePath('hf-daily/2025-03-04.json');
const ENTRY = 'content/papers/2025/03/04/2503.01234.mdx';
const STACK_TRACE = /\n\s+at /;

let site: SiteUnderTest;
afterEach(() => site?.remove());

/** The environment of a maintainer's shell, as tests/helpers/site.ts runs commands: no test runner's variables. */
const maintainerEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(?:NODE_ENV|TEST|MODE|DEV|PROD|SSR|BASE_URL)$/.test(name) && !name.startsWith('VITEST'),
    ),
  ),
  BASE_PATH: '',
  SITE_URL: '',
  ...extra,
});

/** Starts `npm run build` in a process of its own; `reached` resolves once its output matches. */
function startBuild(): {
  reached(pattern: RegExp): Promise<void>;
  done: Promise<{ code: number | null; output: string }>;
} {
  const child = spawn(process.execPath, ['scripts/build.ts'], { cwd: site.dir, env: maintainerEnv() });
  let output = '';
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wait of waiting.filter(({ pattern }) => pattern.test(output))) wait.resolve();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
  return {
    reached: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(output)) resolve();
        waiting.push({ pattern, resolve });
        void done.then(({ output }) => reject(new Error(`the build ended before ${pattern}:\n${output}`)));
      }),
    done,
  };
}

/** Runs the import with extra environment variables: its exit code and output. */
async function importWith(env: Record<string, string>): Promise<{ code: number; output: string }> {
  return promisify(execFile)(process.execPath, ['scripts/import.ts'], { cwd: site.dir, env: maintainerEnv(env) })
    .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }));
}

describe('two builds at once', () => {
  test('the second stops at once while the first builds the site, naming it; so does an import', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    const first = startBuild();
    // The import's tally is its last line: the site stage starts now, under the same lock.
    await first.reached(/\[import\] \d+ imported, /);

    const second = await site.tryImportAndBuild([]);
    expect(second.code).toBe(1);
    expect(second.output.trim()).toMatch(
      /^\[build\] another build is running \(pid \d+, started [^)]+\); wait for it to finish, or delete content\/\.import\.lock if none is running$/,
    );
    const importing = await site.tryImport();
    expect(importing.code).toBe(1);
    expect(importing.output.trim()).toMatch(/^\[import\] another build is running \(pid \d+, /);
    // The build hands its lock to the import it starts, and to no other process, whatever it is told.
    const { pid, token } = JSON.parse(await site.read('content/.import.lock')) as { pid: number; token: string };
    const sneaking = await importWith({ PAPERBOY_LOCK_HOLDER: `${pid}:${token}` });
    expect(sneaking.code).toBe(1);
    expect(sneaking.output).toMatch(/^\[import\] another build is running/);

    const { code, output } = await first.done;
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/ENOENT|ENOTEMPTY/);
    expect(existsSync(join(site.dir, 'dist/papers/2503.01234/index.html'))).toBe(true);
    expect(existsSync(join(site.dir, 'content/.import.lock'))).toBe(false);
  });
});

describe('notes whose MDX does not compile', () => {
  test('stop the build with the entry file, the line in that file and the reason, in one line', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    await site.importPapers();
    const entry = `${await site.read(ENTRY)}\n## Notes\n\nRead on Friday: <Unclosed\n`;
    await writeFile(join(site.dir, ENTRY), entry);
    const line = entry.split('\n').indexOf('Read on Friday: <Unclosed') + 1;

    const { code, output } = await site.tryImportAndBuild([]);
    expect(code).toBe(1);
    expect(output.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^\\[import\\] ${ENTRY}:${line}:26: the notes are not valid MDX: Unexpected end of file in name, .*; fix them, the build stops here$`,
      ),
    );
    expect(output).not.toMatch(STACK_TRACE);
    expect(existsSync(join(site.dir, 'dist'))).toBe(false);
  });
});

describe('a bad setting in the environment', () => {
  test('stops the build with one line naming the variable, what it must be and what it was', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    for (const [env, line] of [
      [{ SEARCH_PART_PAPERS: 'abc' }, '[build] SEARCH_PART_PAPERS="abc": must be a whole number, 1 or more'],
      [
        { SITE_URL: 'me.github.io' },
        '[build] SITE_URL="me.github.io": must be an absolute http:// or https:// address, such as https://me.github.io',
      ],
    ] as const) {
      const { code, output } = await site.tryImportAndBuild([], env);
      expect(code).toBe(1);
      expect(output.trim()).toBe(line);
    }
    expect(existsSync(join(site.dir, 'content/papers'))).toBe(false);
  });
});

describe('--prune with a source that cannot be read', () => {
  test('stops the build before anything is written or pruned, naming the file', async () => {
    site = await createSite({ 'day.json': HF_DAY, 'other.json': fixturePath('paperboy/reading-group.json') });
    await site.importPapers();
    const before = await site.files('content/papers');
    await site.addSource(
      'other.json',
      (await readFile(fixturePath('paperboy/reading-group.json'), 'utf8')).slice(0, 200),
    );

    const { code, output } = await site.tryImportAndBuild(['--prune']);
    expect(code).toBe(1);
    expect(output.trim()).toMatch(
      /^\[import\] content\/sources\/other\.json: not valid JSON .*; --prune stops here, so nothing was pruned or written: fix the file or move it out of content\/sources\/$/,
    );
    expect(await site.files('content/papers')).toEqual(before);
    expect(existsSync(join(site.dir, 'dist'))).toBe(false);
  });
});
