/**
 * `npm run build`: imports content/sources/, builds the site with Astro (Pagefind indexes it when
 * the build is done), and ends with the import's tally, so a maintainer sees it last. It holds the
 * site's lock (content/.import.lock) from start to end and hands it down to its import, so a
 * second build or import stops at once instead of writing where this one reads.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isImportOutcome, type ImportOutcome } from './lib/import-outcome.ts';
import { acquireLock, LOCK_FILE } from './lib/lock.ts';
import { holdLock, testPoints } from './lib/test-points.ts';

/** A stage that failed; it has printed why, so the build adds nothing but its exit code. */
class StageFailed extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exited with ${code}`);
    this.code = code;
  }
}

/**
 * Runs a Node script with this process's output; resolves with what it sent over IPC (a channel
 * only the import is given: it is the one stage that reports back).
 */
function run(args: string[], env: NodeJS.ProcessEnv, { ipc = false } = {}): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = ipc ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit';
    const child = spawn(process.execPath, args, { stdio, env });
    const messages: unknown[] = [];
    child.on('message', (message) => messages.push(message));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(messages);
      // A child that says nothing of its end (a crash, a signal) is named here.
      else if (messages.some(isImportOutcome)) reject(new StageFailed(code ?? 1));
      else reject(new Error(`${args[0]} ${code === null ? 'was killed' : `exited with ${code}`}`));
    });
  });
}

const stages: string[] = [];
async function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  stages.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

try {
  // Loaded here rather than at the top: a bad setting in the environment (SettingsError) then
  // stops the build with its one line instead of a stack trace.
  const { SITE } = await import('../src/site.ts');
  const { BUILD_ID_VARIABLE } = await import('../src/lib/archive.ts');
  const { stalenessProblem, today } = await import('../src/lib/freshness.ts');

  // `--max-age DAYS` is the build's own; every other argument goes to the import.
  const { values, tokens } = parseArgs({ strict: false, tokens: true, options: { 'max-age': { type: 'string' } } });
  const importArgs = tokens.flatMap((token) =>
    token.kind === 'option' && token.name === 'max-age' ? [] : [process.argv[token.index + 2]!],
  );
  const maxAge = values['max-age'] === undefined ? SITE.maxAgeDays : Number(values['max-age']);
  if (!Number.isInteger(maxAge) || maxAge < 0) throw new Error(`--max-age ${values['max-age']}: not a number of days`);

  mkdirSync('content', { recursive: true });
  const lock = acquireLock(join(process.cwd(), LOCK_FILE), 'build');
  if (lock.tookOver) console.warn(`[build] ${lock.tookOver}`);
  // The import and the site build of this run share the build's id (src/lib/archive.ts) and its lock.
  const env = { ...process.env, [BUILD_ID_VARIABLE]: randomUUID(), ...lock.handDown() };

  const messages = await stage('import', () => run(['scripts/import.ts', ...importArgs], env, { ipc: true }));
  const imported: ImportOutcome | undefined = messages.find(isImportOutcome);
  if (!imported) throw new Error('the import ended without saying what it imported');
  const newest = imported.newestDay ?? undefined;
  const stale = stalenessProblem(newest, today(), maxAge);
  if (stale) throw new Error(`not building: ${stale}`);
  // Between the stages the lock stays held: a test holds the build here to try a second one.
  await holdLock(testPoints(process.env), (message) => console.log(`[build] ${message}`));
  await stage('site', () => run(['node_modules/astro/bin/astro.mjs', 'build'], env));
  console.log(`[build] newest day published: ${newest ?? 'none (no papers yet)'}`);
  if (imported.tally) console.log(imported.tally);
  console.log(`[build] stages: ${stages.join(', ')}`);
  // Last, where a maintainer looks: a deploy built like this links to the wrong place.
  if (!process.env['SITE_URL']) {
    console.warn(
      `[build] SITE_URL is not set, so canonical links, Open Graph tags, the RSS feed, the sitemaps and robots.txt ` +
        `point at ${SITE.url}. Before deploying, build with the address the site is served from: ` +
        `SITE_URL=https://me.github.io npm run build`,
    );
  }
} catch (error) {
  if (error instanceof StageFailed) process.exit(error.code);
  // A bad setting, a held lock, a stale archive: one line each, as everywhere else.
  console.error(`[build] ${(error as Error).message}`);
  process.exit(1);
}
