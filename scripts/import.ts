/**
 * `npm run import -- [FILE…] [--format NAME] [--strict] [--prune]`: reads paper sources and
 * writes one MDX entry per paper under content/papers/, then typesets every entry into the render
 * cache the build reads. With no files it imports everything in content/sources/. The policy is
 * src/lib/import/plan.ts; this command reads, writes and reports. Bad records are reported with
 * their file and place and skipped; `--strict` makes any skipped or cleaned record fail the command.
 * `--categories LIST`, `--from DAY` and `--until DAY` import a slice of Kaggle's arXiv snapshot
 * instead of the named files: scripts/lib/kaggle-slice.ts. `runImport` is the command as a function,
 * which the tests call in their own process; run as a script, this file runs it on process.argv.
 */
import { Presets, SingleBar } from 'cli-progress';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { entryBody } from '../src/lib/entries.ts';
import { bodyPlace } from '../src/lib/import/invalid-mdx.ts';
import { planImport } from '../src/lib/import/plan.ts';
import { IMPORTERS, isFormat } from '../src/lib/importers/index.ts';
import { CACHE_DIR, RenderCache } from '../src/lib/render/cache.ts';
import { newestDay } from '../src/lib/freshness.ts';
import { plural } from '../src/lib/words.ts';
import { SITE } from '../src/site.ts';
import { readArchive, writeArchive } from '../src/lib/archive.ts';
import { describeFileError, ImportError, readExistingEntries, removeEntry, writeEntry } from './lib/entry-files.ts';
import { renderEntries, type RenderJob, type SourceJob } from './lib/import-tasks.ts';
import { sendOutcome, type ImportOutcome } from './lib/import-outcome.ts';
import { acquireLock, inheritedLock, LOCK_FILE, LockedError } from './lib/lock.ts';
import { preparedSourcesDir, prepareSourcesCached } from './lib/prepare-cache.ts';
import { categoryList, sliceFile, sliceName, type SliceFilter } from './lib/kaggle-slice.ts';
import { findSources, MAX_SOURCE_BYTES, readSource, SOURCES_DIR } from './lib/source-files.ts';
import { holdLock, testPoints, writeCounter, type TestPoints } from './lib/test-points.ts';
import { mapOnAllCores } from './lib/worker-pool.ts';

/** Imports larger than this show progress. */
const PROGRESS_THRESHOLD = 1000;

/** Where the import's lines go: the terminal (console.log and console.warn), or a test's buffer. */
export interface ImportConsole {
  log(line: string): void;
  warn(line: string): void;
}

export interface ImportOptions {
  /** The site's folder: the import works in it, and file names are relative to it. */
  root: string;
  /** Where lines go; the console by default. */
  output?: ImportConsole;
  /** Where a test makes the import crash or wait (scripts/lib/test-points.ts); the command reads them from the environment. */
  testPoints?: TestPoints;
}

/** How the import ended: its exit code, and what it hands the build that runs it. */
export type ImportResult = Omit<ImportOutcome, 'kind'>;

/** One import's way of saying things, with its `[import]` prefix. */
interface Reporter {
  say(message: string): void;
  warn(message: string): void;
  /** Whether progress may be drawn as a bar (a terminal), rather than a line every 10%. */
  bar: boolean;
}

/** What the import hands the build when it stops before its tally. */
const STOPPED_EARLY: Omit<ImportResult, 'code'> = {
  newestDay: null,
  tally: null,
  imported: 0,
  skipped: 0,
  cleaned: 0,
  unreadableFiles: 0,
};

/**
 * `npm run import -- ARGS` in the site at `root`: what it prints goes to `output`, and it resolves
 * with the exit code the command would end with. A problem a maintainer has to fix (an unreadable
 * folder, a held lock) is a line and code 1, never a throw; anything else is a bug, and throws.
 * @example await runImport(['--strict'], { root: '/srv/papers' }) // { code: 0, imported: 12, … }
 */
export async function runImport(args: readonly string[], options: ImportOptions): Promise<ImportResult> {
  const output = options.output ?? console;
  const report: Reporter = {
    say: (message) => output.log(`[import] ${message}`),
    warn: (message) => output.warn(`[import] ${message}`),
    bar: output === console && Boolean(process.stderr.isTTY),
  };
  try {
    return await importCommand(args, options.root, options.testPoints ?? {}, output, report);
  } catch (error) {
    if (!(error instanceof ImportError || error instanceof LockedError)) throw error;
    report.warn(error.message);
    return { code: 1, ...STOPPED_EARLY };
  }
}

async function importCommand(
  args: readonly string[],
  root: string,
  points: TestPoints,
  output: ImportConsole,
  report: Reporter,
): Promise<ImportResult> {
  const { say, warn } = report;
  const stop = (code: number): ImportResult => ({ code, ...STOPPED_EARLY });
  const { values: options, positionals: named } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      strict: { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      categories: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
    },
  });
  const formats = Object.keys(IMPORTERS).join(', ');
  if (options.format !== undefined && !isFormat(options.format)) {
    warn(`unknown --format "${options.format}"; known formats: ${formats}`);
    return stop(2);
  }
  // Pruning asks "which entries does no source list?", which only all of content/sources can answer.
  if (options.prune && named.length > 0) {
    warn(`--prune works on a full import of ${SOURCES_DIR}/ only; run it without file names`);
    return stop(2);
  }
  const slice = sliceOptions(options, named);
  if (typeof slice === 'string') {
    warn(slice);
    return stop(2);
  }
  await mkdir(join(root, 'content'), { recursive: true });
  // Run by `npm run build`, the import works under the build's lock; run alone, it takes its own.
  const inherited = inheritedLock(join(root, LOCK_FILE));
  const lock = inherited ?? acquireLock(join(root, LOCK_FILE), 'import');
  if (lock.tookOver) warn(lock.tookOver);
  try {
    if (!inherited) await holdLock(points, say);
    const files = slice ? await sliceSources(root, named, slice, report) : named;
    // No names would mean all of content/sources/: a slice that kept nothing imports nothing.
    if (slice && files.length === 0) return stop(0);
    const settings = { format: options.format, strict: options.strict, prune: options.prune };
    return await importFiles(root, files, settings, { output, report, wrote: writeCounter(points) });
  } finally {
    lock.release();
  }
}

/** The slice `--categories`, `--from` and `--until` ask for, none when none is given, or what is wrong with them. */
function sliceOptions(
  options: { categories?: string | undefined; from?: string | undefined; until?: string | undefined },
  named: readonly string[],
): SliceFilter | undefined | string {
  const { from, until } = options;
  if (options.categories === undefined && from === undefined && until === undefined) return undefined;
  for (const [name, day] of [
    ['--from', from],
    ['--until', until],
  ] as const) {
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) return `${name} ${day}: not a day (YYYY-MM-DD)`;
  }
  if (from && until && until < from) return `--until ${until} is before --from ${from}`;
  if (named.length === 0) {
    return (
      '--categories, --from and --until take a slice of the Kaggle snapshot: name it, e.g. ' +
      'npm run import -- --categories hep-th --from 2024-01-01 arxiv-metadata-oai-snapshot.json'
    );
  }
  if (options.categories === undefined) return { from, until };
  const list = categoryList(options.categories);
  return 'problem' in list ? list.problem : { categories: list.categories, from, until };
}

/**
 * Writes the slice of each named snapshot into content/sources/kaggle/, reading it a line at a
 * time, and says what it read and kept. Returns the slices' paths: the files to import.
 */
async function sliceSources(
  root: string,
  named: readonly string[],
  filter: SliceFilter,
  { say, warn }: Reporter,
): Promise<string[]> {
  const slices: string[] = [];
  for (const name of named) {
    const output = join(root, SOURCES_DIR, 'kaggle', sliceName(name, filter));
    const shown = relative(root, output).split(sep).join('/');
    const fail = (error: NodeJS.ErrnoException): never => {
      throw new ImportError(
        error.code === 'ENOENT' ? `${name}: no such file; check the path` : describeFileError(name, error),
      );
    };
    await stat(resolve(root, name)).catch(fail);
    say(`${name}: reading it a line at a time for ${shown}`);
    const tally = await sliceFile(resolve(root, name), output, filter).catch(fail);
    tally.problems.forEach((problem) => warn(`${name}: ${problem}`));
    if (tally.bad > tally.problems.length) warn(`${name}: ${tally.bad - tally.problems.length} more lines skipped`);
    if (tally.kept === 0) {
      await rm(output, { force: true });
      say(`${name}: ${plural(tally.read, 'line')} read, none in the slice; nothing to import`);
      continue;
    }
    say(`${name}: ${plural(tally.read, 'line')} read, ${plural(tally.kept, 'line')} kept: ${shown} ${tally.outcome}`);
    const { size } = await stat(output);
    if (size > MAX_SOURCE_BYTES) {
      warn(
        `${shown}: ${(size / 2 ** 20).toFixed(0)} MB, over the ${MAX_SOURCE_BYTES / 2 ** 20} MB limit for one source; ` +
          'take a smaller slice: fewer --categories, or --from and --until',
      );
    }
    slices.push(output);
  }
  return slices;
}

async function importFiles(
  root: string,
  named: readonly string[],
  options: { format: string | undefined; strict: boolean; prune: boolean },
  { output, report, wrote }: { output: ImportConsole; report: Reporter; wrote: () => void },
): Promise<ImportResult> {
  const { say, warn } = report;
  // 1. Sources: found, read and prepared (or taken from the cache when unchanged).
  const { files, problems } = await findSources(root, named);
  /** Sources that could not be read, each a line naming the file and why. */
  const unreadable = problems.map((problem) => problem.replace(/; file skipped$/, ''));
  const jobs: SourceJob[] = [];
  for (const file of files) {
    try {
      jobs.push({ name: file.name, text: await readSource(file), format: options.format as SourceJob['format'] });
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      unreadable.push(error.message);
    }
  }
  const sources = await prepareSourcesCached(
    preparedSourcesDir(root),
    jobs,
    { warn, progress: (total) => startProgress('prepare', total, report), root },
    named.length === 0,
  );
  for (const source of sources) if (source.error) unreadable.push(`${source.name}: ${source.error}`);
  // Pruning removes what no source lists, and a source that could not be read lists nothing.
  if (options.prune && unreadable.length > 0) {
    for (const problem of unreadable) {
      warn(
        `${problem}; --prune stops here, so nothing was pruned or written: fix the file or move it out of ${SOURCES_DIR}/`,
      );
    }
    return { code: 1, ...STOPPED_EARLY };
  }
  unreadable.forEach((problem) => warn(`${problem}; file skipped`));
  const badFiles = unreadable.length;
  let skipped = 0;
  let cleaned = 0;
  for (const source of sources) {
    if (source.note) say(source.note);
    source.skipped.forEach(warn);
    source.cleaned.forEach(warn);
    skipped += source.skipped.length;
    cleaned += source.cleanedRecords;
  }
  const papers = sources.flatMap((source) => source.papers);
  const total = sources.reduce((sum, source) => sum + source.records, 0);

  // 2. Every entry on disk, read before anything is written; any read error stops the import here.
  const renderCache = RenderCache.open(root);
  const previous = new Map(
    (await readArchive(root)).filter((entry) => entry.digest).map((entry) => [entry.digest, entry]),
  );
  const existing = await readExistingEntries(
    root,
    previous,
    (entry) => !entry.problem && !renderCache.has(entry.digest),
  );

  // 3. The plan, then the writes: each only if its file is still what the plan read.
  const plan = planImport(
    papers,
    existing.map((read) => read.entry),
    { complete: named.length === 0, prune: options.prune },
  );
  plan.warnings.forEach(warn);
  plan.notices.forEach(say);
  const current = new Map(existing.map((read) => [read.entry.path, read.entry]));
  const texts = new Map(
    existing.flatMap((read) => (read.text === undefined ? [] : [[read.entry.path, read.text] as const])),
  );
  let written = 0;
  let leftAlone = 0;
  /** Runs one file operation of the plan; a problem with that file is reported and the import goes on. */
  const attempt = (operation: () => boolean): boolean | undefined => {
    try {
      return operation();
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      warn(error.message);
      return undefined;
    }
  };
  for (const write of plan.writes) {
    const done = attempt(() => writeEntry(root, write.path, write.content, write.expected));
    if (done === false)
      warn(
        `${write.path}: changed while the import ran (a note saved meanwhile?), so left as it is; run the import again`,
      );
    if (!done) {
      leftAlone += 1;
      continue;
    }
    written += 1;
    wrote();
    current.set(write.path, write.entry);
    texts.set(write.path, write.content);
    if (!write.replaces) continue;
    const moved = attempt(() => removeEntry(root, write.replaces!.path, write.replaces!.digest));
    if (moved) {
      current.delete(write.replaces.path);
      say(`moved ${write.replaces.path} to ${write.path}: the paper's day changed`);
    } else {
      warn(`${write.replaces.path}: kept beside ${write.path}, its new place; the next import makes one entry of them`);
    }
  }
  for (const removal of plan.removals) {
    const removed = attempt(() => removeEntry(root, removal.path, removal.digest));
    if (removed) {
      current.delete(removal.path);
      say(`removed ${removal.path}: ${removal.reason}`);
    } else if (removed === false) {
      warn(`${removal.path}: changed while the import ran, so kept`);
    }
  }

  // 4. Typeset every entry the render cache lacks, on every core: pages never typeset again.
  const renderJobs: RenderJob[] = [];
  for (const entry of current.values()) {
    const text = texts.get(entry.path);
    if (entry.problem || !entry.frontmatter || text === undefined || renderCache.has(entry.digest)) continue;
    renderJobs.push({
      path: entry.path,
      digest: entry.digest,
      title: entry.frontmatter.title,
      body: entryBody(text),
      bodyStart: bodyPlace(text),
    });
  }
  const progress = startProgress('typeset', renderJobs.length, report);
  const rendered = await mapOnAllCores('render', renderJobs, {
    workerData: { root, excerptWords: SITE.excerptWords },
    inline: (items) => renderEntries(items, { root, excerptWords: SITE.excerptWords }),
    onProgress: progress.update,
    perThread: 500,
  });
  progress.stop();
  const unknownCommands = new Map<string, number>();
  const invalidEntries = rendered.flatMap((entry) => entry.problem ?? []);
  for (const { path, mathErrors, unknownCommands: unknown } of rendered) {
    for (const problem of mathErrors) warn(`${path}: invalid LaTeX, shown as its source: ${problem}`);
    if (mathErrors.length > 0) cleaned += 1;
    for (const command of unknown) unknownCommands.set(command, (unknownCommands.get(command) ?? 0) + 1);
  }
  // Each command once: an author's macro is used in many formulas, often in many papers.
  for (const [command, papers] of [...unknownCommands].sort(([a], [b]) => a.localeCompare(b))) {
    warn(
      `${command}: a TeX command KaTeX does not know, shown as its name in ${plural(papers, 'paper')}; ` +
        'define it in mathMacros (src/site.ts) to typeset it',
    );
  }

  // 5. The manifest of every entry, and caches trimmed to what is still used.
  const entries = [...current.values()].sort((a, b) => a.path.localeCompare(b.path));
  await mkdir(join(root, CACHE_DIR), { recursive: true });
  writeArchive(root, entries);
  if (named.length === 0) renderCache.prune(new Set(entries.map((entry) => entry.digest)));
  // The build's freshness check takes the newest day from the outcome below: the archive is at hand here.
  const newest = newestDay(entries.flatMap((entry) => entry.frontmatter?.date ?? []));
  say(`newest day: ${newest ?? 'none'}`);

  say(
    `${plural(total, 'paper')} read from ${plural(files.length, 'file')}: ` +
      `${written} written, ${plan.unchanged} unchanged, ${skipped} skipped` +
      (plan.merged > 0 ? `, ${plan.merged} merged into other records` : '') +
      (plan.handEdited > 0 ? `, ${plan.handEdited} left as edited by hand` : '') +
      (plan.unreadable > 0 ? `, ${plan.unreadable} left out (entry unreadable)` : '') +
      (leftAlone > 0 ? `, ${leftAlone} left as changed meanwhile` : ''),
  );
  const tally =
    `[import] ${papers.length} imported, ${skipped} skipped, ${cleaned} cleaned` +
    (badFiles > 0 ? `, ${plural(badFiles, 'file')} unreadable` : '');
  output.log(tally);
  const result = (code: number): ImportResult => ({
    code,
    newestDay: newest ?? null,
    tally,
    imported: papers.length,
    skipped,
    cleaned,
    unreadableFiles: badFiles,
  });
  // Last, so that the line is what the build ends with: every other entry is written and typeset.
  if (invalidEntries.length > 0) {
    invalidEntries.forEach(warn);
    return result(1);
  }
  if (options.strict && (skipped > 0 || cleaned > 0 || badFiles > 0 || plan.unreadable > 0)) {
    warn('--strict: failing because records were skipped, cleaned or left out, or files could not be read');
    return result(1);
  }
  return result(0);
}

/** A progress bar on a terminal, a line every 10% otherwise; nothing for small jobs. */
function startProgress(
  what: string,
  count: number,
  { say, bar: onTerminal }: Reporter,
): { update(done: number): void; stop(): void } {
  if (count <= PROGRESS_THRESHOLD) return { update() {}, stop() {} };
  if (onTerminal) {
    const bar = new SingleBar(
      { format: `[import] ${what} {bar} {value}/{total}`, stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(count, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let reported = 0;
  return {
    update(done) {
      const tenth = Math.floor((done / count) * 10);
      if (tenth > reported) {
        reported = tenth;
        say(`${what}: ${done} of ${count}`);
      }
    },
    stop() {},
  };
}

if (import.meta.main) {
  const result = await runImport(process.argv.slice(2), { root: process.cwd(), testPoints: testPoints(process.env) });
  process.exitCode = result.code;
  await sendOutcome(result);
}
