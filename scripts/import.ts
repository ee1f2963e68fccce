/**
 * `npm run import -- [FILE…]`: reads paper sources and writes one MDX entry per paper under
 * content/papers/. With no files, imports everything in content/sources/.
 * Bad records are reported with their file and place, skipped, and never stop the others.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { PAPERS_DIR, paperSchema } from '../src/content.config.ts';
import { parseEntry } from '../src/lib/entries.ts';
import { planImport, type ExistingEntry } from '../src/lib/import-plan.ts';
import { detectFormat, IMPORTERS, isFormat } from '../src/lib/importers/index.ts';
import { mergeDuplicates } from '../src/lib/merge.ts';
import { prepareRecord, type PreparedPaper } from '../src/lib/prepare.ts';
import { paperKey } from '../src/lib/slugs.ts';

const SOURCES_DIR = 'content/sources';

const { values: options, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string' },
    root: { type: 'string', default: process.cwd() },
  },
});
const root = resolve(options.root);
const papersDir = resolve(root, PAPERS_DIR);
const say = (message: string) => console.log(`[import] ${message}`);
const warn = (message: string) => console.warn(`[import] ${message}`);

if (options.format !== undefined && !isFormat(options.format)) {
  warn(`unknown --format "${options.format}"; known formats: ${Object.keys(IMPORTERS).join(', ')}`);
  process.exit(2);
}

const sources = files.length > 0 ? files.map((file) => resolve(file)) : await listFiles(resolve(root, SOURCES_DIR));
let read = 0;
let skipped = 0;
let cleaned = 0;
const prepared: PreparedPaper[] = [];
for (const file of sources) {
  const name = relative(root, file).split(sep).join('/');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    warn(`${name}: cannot be read (${(error as Error).message}); file skipped`);
    continue;
  }
  const format = options.format ?? detectFormat(name, text);
  if (format === undefined || !isFormat(format)) {
    warn(`${name}: format not recognised; pass --format (${Object.keys(IMPORTERS).join(', ')}); file skipped`);
    continue;
  }
  const result = IMPORTERS[format](text, name);
  for (const problem of result.problems) warn(`${name}, ${problem.at}: ${problem.message}`);
  skipped += result.problems.length;
  for (const { at, record } of result.records) {
    read += 1;
    const outcome = prepareRecord(record, name);
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

const { papers, conflicts } = mergeDuplicates(prepared);
for (const conflict of conflicts) warn(`merged duplicate: ${conflict}`);
const plan = planImport(papers, await readExistingEntries());
let written = 0;
for (const file of plan.files) {
  if (file.status === 'unchanged') continue;
  const target = insidePapersDir(file.path);
  await mkdir(dirname(target), { recursive: true });
  // Write to a temporary name first so an interrupted import never leaves half an entry.
  await writeFile(`${target}.tmp`, file.content);
  await rename(`${target}.tmp`, target);
  if (file.replaces) await rm(insidePapersDir(file.replaces));
  written += 1;
}
for (const entry of plan.notInSources) say(`kept ${entry.path}: no source lists it any more`);
const unchanged = plan.files.length - written;
say(
  `${read} papers read, ${written} written, ${unchanged} unchanged, ${skipped} skipped` +
    (cleaned > 0 ? `, ${cleaned} cleaned` : '') +
    (papers.length < prepared.length ? `, ${prepared.length - papers.length} merged` : ''),
);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Every entry on disk, read once: its slug and notes must survive the import. */
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
      entries.push({ path, slug, key: paperKey(frontmatter), content, notes: parts.notes });
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
