/**
 * Builds the search index in parts (src/lib/search/parts.ts) into the cache, and writes the plan
 * the build installs from: `.cache/paperboy/search/plan.json`. A part whose papers did not change
 * since it was built is reused as it is. The build (src/integrations/search-index.ts) runs this
 * in a process of its own, beside Astro's page rendering, and installs the parts into dist/.
 *
 * Each part is indexed by Pagefind's command-line indexer over one small HTML page per paper
 * (search records, not the site's pages): it is several times faster than Pagefind's Node API.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { PAPERS_DIR } from '../src/schema.ts';
import { entryBody } from '../src/lib/entries.ts';
import { entryFromFile, type ExistingEntry } from '../src/lib/import/plan.ts';
import { CACHE_DIR, digestOf, readVerified, writeFileAtomic } from '../src/lib/cache-files.ts';
import { codeFingerprint } from '../src/lib/code-fingerprint.ts';
import { RenderCache } from '../src/lib/render/cache.ts';
import { renderEntryView } from '../src/lib/render/entry-view.ts';
import { planParts, partsOf, type IndexPart } from '../src/lib/search/parts.ts';
import { authorBuckets, FACETS_FILE, facetTable, type Facets } from '../src/lib/search/facets.ts';
import { recordToHtml, searchRecord, type SearchRecord } from '../src/lib/search/records.ts';
import { SITE } from '../src/site.ts';
import { readArchive, readFreshArchive } from '../src/lib/archive.ts';

const run = promisify(execFile);

/** The cache of built parts, one folder per part key. */
export const SEARCH_CACHE_DIR = `${CACHE_DIR}/search`;
/** Word positions per chunk of Pagefind's word index (see `indexPart`). */
const INDEX_CHUNK_SIZE = 5_000;
/** One part of the index as built: where its files are and what the search page needs to know of it. */
export interface BuiltPart extends IndexPart {
  key: string;
  papers: number;
  /** Every file of the part with its size and digest: what it is checked against before reuse. */
  files: Record<string, [size: number, digest: string]>;
}

async function main(): Promise<void> {
  const root = process.cwd();
  const started = performance.now();
  const papers = await readPapers(root);
  const partOfDay = planParts(countByDay(papers), {
    maxPapers: SITE.searchPartPapers,
    onePartUpTo: SITE.searchOnePartUpTo,
  });
  const code = codeFingerprint(root, 'scripts/search-index.ts');
  const cacheDir = join(root, SEARCH_CACHE_DIR);
  await mkdir(cacheDir, { recursive: true });

  const built: BuiltPart[] = [];
  let rebuilt = 0;
  for (const part of partsOf(partOfDay)) {
    const members = papers.filter((paper) => partOfDay.get(paper.record.facets.date) === part.id);
    const key = digestOf(`${code}\0${part.id}\0${members.map((paper) => `${paper.slug}:${paper.digest}`).join('\n')}`);
    const dir = join(cacheDir, key);
    const known = await builtPart(dir);
    if (known) {
      built.push(known);
      continue;
    }
    await rm(dir, { recursive: true, force: true });
    await indexPart(
      dir,
      members.map((paper) => paper.record),
    );
    const info: BuiltPart = { ...part, key, papers: members.length, files: await listFiles(dir) };
    writeFileAtomic(join(dir, 'part.json'), JSON.stringify(info));
    built.push(info);
    rebuilt += 1;
  }
  // Parts no longer used go; so does anything an interrupted run left.
  const keep = new Set(built.map((part) => part.key));
  for (const name of await readdir(cacheDir)) {
    if (name !== 'plan.json' && !keep.has(name)) await rm(join(cacheDir, name), { recursive: true, force: true });
  }
  writeFileAtomic(join(cacheDir, 'plan.json'), JSON.stringify(built));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `[search] ${papers.length} papers in ${built.length} index parts; ${rebuilt} rebuilt, ${built.length - rebuilt} reused (${seconds} s)`,
  );
}

interface IndexedPaper {
  slug: string;
  digest: string;
  record: SearchRecord;
}

/**
 * Every readable entry's search record. Within `npm run build` the import has just read every
 * entry (src/lib/archive.ts); otherwise the files are read, summaries and views coming from the
 * caches when a file is unchanged.
 */
async function readPapers(root: string): Promise<IndexedPaper[]> {
  const fresh = await readFreshArchive(root);
  if (fresh) return fresh.flatMap((entry) => (entry.frontmatter ? [indexed(root, entry)] : []));
  const known = new Map((await readArchive(root)).map((entry) => [entry.digest, entry]));
  const listing = await readdir(join(root, PAPERS_DIR), { recursive: true, withFileTypes: true }).catch(() => []);
  const papers: IndexedPaper[] = [];
  for (const dirent of listing) {
    if (!dirent.isFile() || !dirent.name.endsWith('.mdx') || dirent.name.startsWith('.')) continue;
    const file = join(dirent.parentPath, dirent.name);
    const path = relative(root, file).split(sep).join('/');
    const text = await readFile(file, 'utf8');
    const digest = digestOf(text);
    const entry: ExistingEntry =
      known.get(digest)?.path === path ? known.get(digest)! : entryFromFile(path, digest, text);
    // The build stops on an unreadable entry with its own message; it is simply not indexed here.
    if (entry.frontmatter) papers.push(indexed(root, entry, text));
  }
  return papers;
}

let renderCache: RenderCache | undefined;

/** An entry's search record, from its view (typeset now if the render cache lacks it). */
function indexed(root: string, entry: ExistingEntry, text?: string): IndexedPaper {
  renderCache ??= RenderCache.open(root);
  let view = renderCache.view(entry.digest);
  if (!view) {
    const body = entryBody(text ?? readFileSync(join(root, entry.path), 'utf8'));
    const rendered = renderEntryView(entry.frontmatter!.title, body, SITE.excerptWords);
    renderCache.save(entry.digest, rendered.view, rendered.bodyHtml);
    view = rendered.view;
  }
  return { slug: entry.slug, digest: entry.digest, record: searchRecord(entry.slug, entry.frontmatter!, view) };
}

function countByDay(papers: readonly IndexedPaper[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const paper of papers) days.set(paper.record.facets.date, (days.get(paper.record.facets.date) ?? 0) + 1);
  return days;
}

/**
 * Indexes one part's records with Pagefind's CLI into `dir` (written whole or not at all), with
 * the part's facet table beside the index: each page's Pagefind id (its fragment's name, read back
 * from the fragments Pagefind wrote) and what the page is filtered and sorted by.
 */
async function indexPart(dir: string, records: readonly SearchRecord[]): Promise<void> {
  const output = `${dir}.tmp`;
  const stage = `${dir}.stage`;
  await Promise.all([rm(output, { recursive: true, force: true }), rm(stage, { recursive: true, force: true })]);
  for (const record of records) {
    const page = join(stage, record.url, 'index.html');
    await mkdir(join(page, '..'), { recursive: true });
    await writeFile(page, recordToHtml(record, SITE.lang));
  }
  const pagefind = join(import.meta.dirname, '../node_modules/.bin/pagefind');
  // Smaller word-index chunks than Pagefind's default (about 10,000 word positions): a search
  // loads one chunk per word and part, so this halves what a first search downloads, for a few
  // more entries in each part's metadata. Measured in the README; the variable is Pagefind's own,
  // marked unstable, and without it Pagefind simply uses its default.
  const env = { ...process.env, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: String(INDEX_CHUNK_SIZE) };
  await run(pagefind, ['--site', stage, '--output-path', output], { env, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: Error & { stdout?: string }) => {
      throw new Error(`Pagefind could not index ${records.length} papers: ${error.message}\n${error.stdout ?? ''}`);
    },
  );
  await rm(stage, { recursive: true, force: true });
  const byUrl = new Map(records.map((record) => [record.url, record]));
  const pages: (Facets & { id: string })[] = [];
  const authorsById = new Map<string, string[]>();
  for (const name of await readdir(join(output, 'fragment'))) {
    const fragment = gunzipSync(await readFile(join(output, 'fragment', name))).toString('utf8');
    const { url } = JSON.parse(fragment.slice(fragment.indexOf('{'))) as { url: string };
    const record = byUrl.get(url);
    const id = name.replace(/\.pf_fragment$/, '');
    if (!record) continue;
    pages.push({ id, ...record.facets });
    authorsById.set(id, record.authors);
  }
  if (pages.length !== records.length) throw new Error(`Pagefind indexed ${pages.length} of ${records.length} papers`);
  const table = facetTable(pages);
  await writeFile(join(output, FACETS_FILE), JSON.stringify(table));
  await mkdir(join(output, 'authors'));
  for (const [index, bucket] of authorBuckets(table, authorsById).entries()) {
    await writeFile(join(output, 'authors', `${index.toString(16).padStart(2, '0')}.json`), JSON.stringify(bucket));
  }
  await rename(output, dir);
}

/** Every file of a part with its size in bytes and its digest, by path within the part. */
async function listFiles(dir: string): Promise<BuiltPart['files']> {
  const files: [string, [number, string]][] = [];
  for (const dirent of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!dirent.isFile() || dirent.name === 'part.json') continue;
    const bytes = await readFile(join(dirent.parentPath, dirent.name));
    files.push([
      relative(dir, join(dirent.parentPath, dirent.name)).split(sep).join('/'),
      [bytes.length, digestOf(bytes)],
    ]);
  }
  return Object.fromEntries(files.sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * A part built earlier, if it is whole: its description reads, and every file it lists has the
 * digest it had. A damaged one (a truncated file, a half-written description) is built again,
 * with one line saying so.
 */
async function builtPart(dir: string): Promise<BuiltPart | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'part.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const part = JSON.parse(text) as BuiltPart;
    const files = Object.entries(part.files);
    const whole = files.every(([file, [, digest]]) => readVerified(join(dir, file), digest) !== undefined);
    if (files.length > 0 && whole) return part;
  } catch {
    // Unreadable: damaged, as below.
  }
  console.log(`[search] the cached index part ${relative(process.cwd(), dir)} was damaged; building it again`);
  return undefined;
}

await main();
