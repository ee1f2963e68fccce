/**
 * `npm run import -- [FILE…] [--format NAME] [--strict] [--prune]`: reads paper sources and
 * writes one MDX entry per paper under content/papers/. With no files it imports everything in
 * content/sources/. Bad records are reported with their file and place, skipped, and never stop
 * the others; `--strict` makes any skipped or cleaned record fail the command.
 */
import { Presets, SingleBar } from 'cli-progress';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { PAPERS_DIR, paperSchema } from '../src/content.config.ts';
import { isAsImported, parseEntry } from '../src/lib/entries.ts';
import { planImport, type ExistingEntry } from '../src/lib/import-plan.ts';
import { detectFormat, IMPORTERS, isFormat, SCRAPED_FORMATS } from '../src/lib/importers/index.ts';
import type { ImportResult } from '../src/lib/importers/types.ts';
import { mergeDuplicates } from '../src/lib/merge.ts';
import { prepareRecord, type PreparedPaper } from '../src/lib/prepare.ts';
import { paperKeys } from '../src/lib/slugs.ts';
import { plural } from '../src/lib/words.ts';

const SOURCES_DIR = 'content/sources';
/** Imports larger than this show progress. */
const PROGRESS_THRESHOLD = 1000;

const { values: options, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string' },
    strict: { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
  },
});
const root = process.cwd();
const papersDir = resolve(root, PAPERS_DIR);
const say = (message: string) => console.log(`[import] ${message}`);
const warn = (message: string) => console.warn(`[import] ${message}`);
const formats = Object.keys(IMPORTERS).join(', ');

if (options.format !== undefined && !isFormat(options.format)) {
  warn(`unknown --format "${options.format}"; known formats: ${formats}`);
  process.exit(2);
}
// Pruning asks "which entries does no source list?", which only all of content/sources can answer.
if (options.prune && files.length > 0) {
  warn(`--prune works on a full import of ${SOURCES_DIR}/ only; run it without file names`);
  process.exit(2);
}

// 1. Parse every source file. A file that cannot be read or parsed is named and passed over.
const sources = files.length > 0 ? files.map((file) => resolve(file)) : await listFiles(resolve(root, SOURCES_DIR));
let badFiles = 0;
let skipped = 0;
const parsed: { name: string; scraped: boolean; result: ImportResult }[] = [];
for (const file of sources) {
  const name = relative(root, file).split(sep).join('/');
  const text = await readText(file).catch((error: Error) => {
    warn(`${name}: ${error.message}; file skipped`);
    return undefined;
  });
  if (text === undefined) {
    badFiles += 1;
    continue;
  }
  const format = options.format ?? detectFormat(name, text);
  if (format === undefined || !isFormat(format)) {
    warn(`${name}: format not recognised; pass --format (${formats}); file skipped`);
    badFiles += 1;
    continue;
  }
  const result = IMPORTERS[format](text, name);
  if (result.error) {
    warn(`${name}: ${result.error}; file skipped`);
    badFiles += 1;
  }
  for (const problem of result.problems) warn(`${name}, ${problem.at}: ${problem.message}`);
  skipped += result.problems.length;
  parsed.push({ name, scraped: SCRAPED_FORMATS.has(format), result });
}

// 2. Clean and validate every record against the schema.
const total = parsed.reduce((sum, file) => sum + file.result.records.length, 0);
const progress = startProgress(total);
let cleaned = 0;
const prepared: PreparedPaper[] = [];
for (const { name, scraped, result } of parsed) {
  for (const { at, record } of result.records) {
    progress.tick();
    const outcome = prepareRecord(record, name, scraped);
    if (!outcome.ok) {
      skipped += 1;
      warn(`${name}, ${at}: skipped: ${outcome.errors.join('; ')}`);
      continue;
    }
    if (outcome.warnings.length > 0) cleaned += 1;
    for (const message of outcome.warnings) warn(`${name}, ${at}: ${message}`);
    prepared.push(outcome.paper);
  }
}
progress.stop();

// 3. Merge duplicates, match papers to entries on disk, and write what changed.
const { papers, conflicts } = mergeDuplicates(prepared);
for (const conflict of conflicts) warn(`merged: ${conflict}`);
const plan = planImport(papers, await readExistingEntries());
let written = 0;
for (const file of plan.files) {
  if (file.status === 'unchanged') continue;
  const target = insidePapersDir(file.path);
  await mkdir(dirname(target), { recursive: true });
  // Write to a temporary name first so an interrupted import never leaves half an entry.
  await writeFile(`${target}.tmp`, file.content);
  await rename(`${target}.tmp`, target);
  if (file.replaces) {
    await rm(insidePapersDir(file.replaces));
    say(`moved ${file.replaces} to ${file.path}: the paper's day changed`);
  }
  written += 1;
}
for (const entry of plan.handEdited) {
  warn(
    `${entry.path}: edited by hand above "## Notes", so not updated; move your text below "## Notes" (or delete the file) to let the import update it`,
  );
}
// When only some files were named, other entries are simply not part of this import.
for (const entry of files.length > 0 ? [] : plan.notInSources) {
  const precious = entry.notes !== undefined || !entry.asImported;
  if (options.prune && !precious) {
    await rm(insidePapersDir(entry.path));
    say(`removed ${entry.path}: no source lists it (--prune)`);
  } else if (options.prune) {
    warn(
      `${entry.path}: no source lists it, but it has notes or hand edits, so --prune kept it; delete it yourself if it should go`,
    );
  } else {
    say(`kept ${entry.path}: no source lists it (--prune removes such entries)`);
  }
}

const unchanged = plan.files.length - written;
const merged = prepared.length - papers.length;
say(
  `${plural(total, 'paper')} read from ${plural(sources.length, 'file')}: ` +
    `${written} written, ${unchanged} unchanged, ${skipped} skipped` +
    (merged > 0 ? `, ${merged} merged into other records` : '') +
    (plan.handEdited.length > 0 ? `, ${plan.handEdited.length} left as edited by hand` : ''),
);
say(
  `${prepared.length} imported, ${skipped} skipped, ${cleaned} cleaned` +
    (badFiles > 0 ? `, ${badFiles} files unreadable` : ''),
);
if (options.strict && (skipped > 0 || cleaned > 0 || badFiles > 0)) {
  warn('--strict: failing because records were skipped or cleaned, or files could not be read');
  process.exit(1);
}

/** A source file as text; refuses bytes that are not UTF-8 rather than guessing. */
async function readText(file: string): Promise<string> {
  const bytes = await readFile(file);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error('not UTF-8 text (save it as UTF-8)');
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Every entry on disk, read once: its slug, notes and hand edits must survive the import. */
async function readExistingEntries(): Promise<ExistingEntry[]> {
  const entries: ExistingEntry[] = [];
  for (const file of await listFiles(papersDir)) {
    if (!file.endsWith('.mdx')) continue;
    const path = relative(root, file).split(sep).join('/');
    const content = await readFile(file, 'utf8');
    try {
      const parts = parseEntry(content);
      const frontmatter = paperSchema.parse(parts.frontmatter);
      const slug = path.slice(path.lastIndexOf('/') + 1, -'.mdx'.length);
      entries.push({
        path,
        slug,
        keys: paperKeys(frontmatter),
        content,
        notes: parts.notes,
        asImported: isAsImported(parts),
      });
    } catch (error) {
      warn(`${path}: not a valid entry, left as it is (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return entries;
}

/** Resolves an entry path and refuses anything that would land outside content/papers/. */
function insidePapersDir(path: string): string {
  const target = resolve(root, path);
  if (!target.startsWith(papersDir + sep)) throw new Error(`refusing to write outside ${PAPERS_DIR}: ${path}`);
  return target;
}

/** A progress bar on a terminal, a line every 10% otherwise; nothing for small imports. */
function startProgress(count: number): { tick(): void; stop(): void } {
  if (count <= PROGRESS_THRESHOLD) return { tick() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: '[import] {bar} {value}/{total} papers', stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(count, 0);
    return { tick: () => bar.increment(), stop: () => bar.stop() };
  }
  let done = 0;
  const step = Math.ceil(count / 10);
  return {
    tick() {
      done += 1;
      if (done % step === 0 || done === count) say(`prepared ${done} of ${count} papers`);
    },
    stop() {},
  };
}
