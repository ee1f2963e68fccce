/**
 * `npm run bench -- --papers N [--rebuild] [--layout files|appended] [--keep] [--dir DIR]`: builds a
 * synthetic archive of N papers with Paperboy and with the plain-Node floor (scripts/bench/floor.ts),
 * one after the other in this run, and prints one table: wall time per stage, papers per second, peak
 * memory of the whole process tree, the ratio to the floor, page and index sizes and what a reader's
 * first visit downloads. `--rebuild` then adds one day of papers and times the rebuild. `--layout`
 * says how the sources are laid out: `files`, one JSON file per day (the default, as a daily fetch
 * leaves them), or `appended`, one big JSON Lines file each day is appended to. The bench checks its
 * own output: every paper has its page, and searching for a paper's title finds it.
 *
 * Runs on tmpfs (/dev/shm) when there is one: disk noise would swamp the numbers.
 */
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { generateCorpus, type CorpusDay } from './corpus.ts';
import { measure, type Measured } from './measure.ts';
import { CHROMIUM, firstSearchCost, launchBrowser, type SearchCost } from '../../tests/helpers/browser.ts';
import { searchBuiltSite } from '../../tests/helpers/pagefind.ts';
import { serveStatic } from '../../tests/helpers/server.ts';

const { values: options } = parseArgs({
  options: {
    papers: { type: 'string', default: '1000' },
    rebuild: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    dir: { type: 'string' },
    'skip-floor': { type: 'boolean', default: false },
    layout: { type: 'string', default: 'files' },
  },
});
const count = Number(options.papers);
if (!Number.isInteger(count) || count < 1) throw new Error('--papers takes a positive whole number');
const layout = options.layout;
if (layout !== 'files' && layout !== 'appended') throw new Error('--layout takes files or appended');

const projectRoot = join(import.meta.dirname, '../..');
const scratch = options.dir ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const work = await mkdtemp(join(scratch, `paperboy-bench-${count}-`));
const site = join(work, 'site');
/** The floor reads one JSON file per day whatever the site's layout: the same papers, the same work. */
const floorSources = join(work, 'floor-sources');
const floorOut = join(work, 'floor');
/** The one source of the `appended` layout. */
const APPENDED = 'papers.jsonl';
const say = (line: string) => console.log(`[bench] ${line}`);

/** A copy of the project with the corpus as its only source, as a maintainer's site would be. */
async function makeSite(days: CorpusDay[]): Promise<void> {
  for (const name of ['package.json', 'astro.config.mjs', 'tsconfig.json', 'src', 'public', 'scripts']) {
    await cp(join(projectRoot, name), join(site, name), { recursive: true });
  }
  await symlink(join(projectRoot, 'node_modules'), join(site, 'node_modules'), 'dir');
  await mkdir(join(site, 'content/sources'), { recursive: true });
  await mkdir(floorSources, { recursive: true });
  for (const day of days) {
    await addDay(day);
    await writeFile(join(floorSources, `${day.date}.json`), JSON.stringify(day.papers));
  }
}

/** Adds a day of papers to the site's sources as its layout lays them out. */
const addDay = (day: CorpusDay) =>
  layout === 'files'
    ? writeFile(join(site, 'content/sources', `${day.date}.json`), JSON.stringify(day.papers, null, 1))
    : appendFile(
        join(site, 'content/sources', APPENDED),
        day.papers.map((paper) => `${JSON.stringify(paper)}\n`).join(''),
      );

/** Seconds per stage, from the `[build] stages:` line `npm run build` prints last. */
function stagesOf(output: string): Record<string, number> {
  const line = output.split('\n').find((text) => text.startsWith('[build] stages:'));
  if (!line) return {};
  return Object.fromEntries(
    [...line.matchAll(/([a-z ]+?) ([\d.]+) s/g)].map((match) => [match[1]!.trim(), Number(match[2])]),
  );
}

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Bytes a reader's first visit fetches for the service worker's install: sw.js and its precache list. */
async function serviceWorkerInstallBytes(dist: string): Promise<{ sw: number; install: number; files: number }> {
  const sw = await readFile(join(dist, 'sw.js'), 'utf8').catch(() => '');
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]!);
  let install = gzipSync(sw).length;
  for (const url of urls) {
    const file = join(dist, url.replace(/^\/+/, ''));
    const bytes = await readFile(file).catch(() => undefined);
    if (bytes) install += /\.(html|js|css|json|svg|txt)$/.test(file) ? gzipSync(bytes).length : bytes.length;
  }
  return { sw: Buffer.byteLength(sw), install, files: urls.length };
}

/** The biggest HTML page of the site: no page may outgrow what a reader's phone loads quickly. */
async function largestPage(dist: string): Promise<{ path: string; bytes: number }> {
  let largest = { path: '', bytes: 0 };
  for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = join(entry.parentPath, entry.name);
    const { size } = await stat(path);
    if (size > largest.bytes) largest = { path: path.slice(dist.length + 1), bytes: size };
  }
  return largest;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GB`;
const secs = (seconds: number) => `${seconds.toFixed(1)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** A reader's first search on the built site, in Chromium, served gzipped as a static host would. */
async function measureFirstSearch(dist: string, query: string): Promise<SearchCost> {
  const server = await serveStatic(dist);
  const browser = await launchBrowser();
  try {
    return await firstSearchCost(browser, server, query);
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function buildSite(): Promise<Measured> {
  return measure(process.execPath, ['scripts/build.ts'], {
    cwd: site,
    env: { ...process.env, SITE_URL: 'https://bench.example' },
  });
}

try {
  say(`${count} papers in ${work}, ${layout} layout (${cpus().length} cores, ${gb(totalmem())} memory)`);
  const days = generateCorpus(count + 80);
  const corpus: CorpusDay[] = [];
  let total = 0;
  for (const day of days) {
    if (total >= count) break;
    corpus.push(day);
    total += day.papers.length;
  }
  const extraDay = days[corpus.length]!;
  await makeSite(corpus);

  let floor: Measured | undefined;
  if (!options['skip-floor']) {
    say('building the floor…');
    floor = await measure(process.execPath, [join(projectRoot, 'scripts/bench/floor.ts'), floorSources, floorOut], {
      cwd: projectRoot,
    });
    await rm(floorOut, { recursive: true, force: true });
  }

  say('building with Paperboy…');
  const cold = await buildSite();
  const dist = join(site, 'dist');
  const paperPages = (await readdir(join(dist, 'papers'))).length;
  if (paperPages !== total) throw new Error(`expected ${total} paper pages, found ${paperPages}`);
  // Synthetic titles repeat, so the query adds the first author, as a reader would.
  const sample = corpus[Math.floor(corpus.length / 2)]!.papers[0]!;
  const query = `${String(sample['title']).replace(/\$[^$]*\$/g, '')} ${(sample['authors'] as string[])[0]}`;
  const found = await searchBuiltSite(dist, query);
  if (!found.some((url) => url.includes(String(sample['arxivId'])))) {
    throw new Error(`searching for "${query}" did not find ${String(sample['arxivId'])}`);
  }
  const pageBytes = await sizeOf(join(dist, 'papers', String(sample['arxivId']), 'index.html'));
  const largest = await largestPage(dist);
  // A reader's query: two words of that title (its topic and kind, as "Diffusion Transformers").
  const readerQuery = String(sample['title']).split(' ').slice(1, 3).join(' ');
  const searchCost = existsSync(CHROMIUM) ? await measureFirstSearch(dist, readerQuery) : undefined;
  const indexBytes = await sizeOf(join(dist, 'pagefind'));
  const sw = await serviceWorkerInstallBytes(dist);

  let rebuild: Measured | undefined;
  if (options.rebuild) {
    await addDay(extraDay);
    const where = layout === 'files' ? 'as a new file' : `appended to ${APPENDED}`;
    say(`adding ${extraDay.papers.length} papers of ${extraDay.date} ${where} and rebuilding…`);
    rebuild = await buildSite();
    const after = (await readdir(join(dist, 'papers'))).length;
    if (after !== total + extraDay.papers.length)
      throw new Error(`rebuild: expected ${total + extraDay.papers.length} pages, found ${after}`);
  }

  const stages = stagesOf(cold.output);
  const rows: [string, string][] = [
    ['papers', String(total)],
    ['layout of the sources', layout === 'files' ? 'one JSON file per day' : `one JSON Lines file (${APPENDED})`],
    [
      'floor (KaTeX + templates + Pagefind CLI)',
      floor ? `${secs(floor.seconds)}, ${gb(floor.peakRssBytes)} peak` : 'skipped',
    ],
    ['Paperboy cold build', `${secs(cold.seconds)} (${secs(cold.cpuSeconds)} CPU), ${gb(cold.peakRssBytes)} peak`],
    ...Object.entries(stages).map(([stage, seconds]): [string, string] => [`  ${stage}`, secs(seconds)]),
    ['papers per second', (total / cold.seconds).toFixed(0)],
    ['ratio to the floor', floor ? `${(cold.seconds / floor.seconds).toFixed(2)}×` : '–'],
    ['HTML per paper page', `${(pageBytes / 1024).toFixed(1)} KB`],
    ['largest page', `${(largest.bytes / 1024).toFixed(0)} KB (${largest.path})`],
    ['search index', mb(indexBytes)],
    ['service worker', `sw.js ${(sw.sw / 1024).toFixed(0)} KB, install ${mb(sw.install)} (${sw.files} files)`],
    ...(searchCost
      ? ([
          ['first visit (page + service worker)', kb(searchCost.firstVisit)],
          [`first search "${readerQuery}"`, `${kb(searchCost.landing)} landing on /search/`],
          ['  after a first visit', kb(searchCost.afterFirstVisit)],
        ] as [string, string][])
      : [['first search', 'no Chromium'] as [string, string]]),
  ];
  if (rebuild) {
    rows.push(
      [
        `rebuild after one more day (${extraDay.papers.length} papers)`,
        `${secs(rebuild.seconds)}, ${gb(rebuild.peakRssBytes)} peak`,
      ],
      [`  rebuild / cold build (${layout} layout)`, `${((rebuild.seconds / cold.seconds) * 100).toFixed(0)}%`],
      ['  rebuild / floor', floor ? `${((rebuild.seconds / floor.seconds) * 100).toFixed(0)}%` : '–'],
      ...Object.entries(stagesOf(rebuild.output)).map(([stage, seconds]): [string, string] => [
        `  ${stage}`,
        secs(seconds),
      ]),
    );
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n'));
} finally {
  if (options.keep) say(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}
