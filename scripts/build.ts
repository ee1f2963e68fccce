/**
 * `npm run build`: imports content/sources/, builds the site with Astro (Pagefind indexes it when
 * the build is done), and ends with the import's tally, so a maintainer sees it last.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { BUILD_ID_VARIABLE } from '../src/lib/archive.ts';
import { stalenessProblem, today } from '../src/lib/freshness.ts';
import { SITE } from '../src/site.ts';

const TALLY = /^\[import\] \d+ imported, \d+ skipped, \d+ cleaned/;
const NEWEST = /^\[import\] newest day: (\d{4}-\d{2}-\d{2})$/;
// The import and the site build of this run share it (see src/lib/archive.ts).
const env = { ...process.env, [BUILD_ID_VARIABLE]: randomUUID() };

/** Runs a Node script, echoing its output; resolves with the lines it printed on stdout. */
function run(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'pipe', 'inherit'], env });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      console.log(line);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(lines) : reject(new Error(`${args[0]} exited with ${code}`))));
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
  // `--max-age DAYS` is the build's own; every other argument goes to the import.
  const { values, tokens } = parseArgs({ strict: false, tokens: true, options: { 'max-age': { type: 'string' } } });
  const importArgs = tokens.flatMap((token) =>
    token.kind === 'option' && token.name === 'max-age' ? [] : [process.argv[token.index + 2]!],
  );
  const maxAge = values['max-age'] === undefined ? SITE.maxAgeDays : Number(values['max-age']);
  if (!Number.isInteger(maxAge) || maxAge < 0) throw new Error(`--max-age ${values['max-age']}: not a number of days`);

  const imported = await stage('import', () => run(['scripts/import.ts', ...importArgs]));
  // The import names the archive's newest day; reading its manifest again would parse every entry twice.
  const newest = imported.map((line) => NEWEST.exec(line)?.[1]).find((day) => day !== undefined);
  const stale = stalenessProblem(newest, today(), maxAge);
  if (stale) throw new Error(`not building: ${stale}`);
  await stage('site', () => run(['node_modules/astro/bin/astro.mjs', 'build']));
  console.log(`[build] newest day published: ${newest ?? 'none (no papers yet)'}`);
  const tally = imported.find((line) => TALLY.test(line));
  if (tally) console.log(tally);
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
  console.error(`[build] ${(error as Error).message}`);
  process.exit(1);
}
