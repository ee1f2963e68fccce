/**
 * The prepared-sources cache (.cache/paperboy/sources/): what the import made of each source, kept
 * by record, so that a rebuild prepares only the records that changed however the sources are laid
 * out. A source whose text is unchanged is not even parsed; a changed one (a day appended to one big
 * JSON Lines file, an upvote updated in a day's JSON array) is parsed, and each record whose content
 * (with the file's name, format and scraped flag, under the same code) is unchanged reuses its
 * prepared result, its place (`line 12`) re-attached for messages.
 *
 * Each cache file checks itself: a truncated or garbled one is dropped with a line saying so, and
 * its source prepared again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { codeFingerprint } from '../../src/lib/code-fingerprint.ts';
import type { Prepared } from '../../src/lib/import/prepare.ts';
import { assembleSource, type ParsedSource, type PreparedSource } from '../../src/lib/import/sources.ts';
import { CACHE_DIR, digestOf, writeFileAtomic } from '../../src/lib/cache-files.ts';
import { parseSources, prepareRecords, type RecordJob, type SourceJob } from './import-tasks.ts';
import { mapOnAllCores } from './worker-pool.ts';

/** The module whose import graph makes a prepared record: any change to it or what it imports empties the cache. */
const PREPARE_CODE = 'src/lib/import/sources.ts';
/** The first bytes of every cache file, then the checksum of what follows: a file without both is not ours whole. */
const MAGIC = 'paperboy-prepared 2 ';

/** A source as the cache keeps it: its parse without the records themselves, and each record's outcome by key. */
interface StoredSource {
  /** The digest of the source's text when it was prepared. */
  text: string;
  parsed: Omit<ParsedSource, 'records'>;
  /** Each record's place and key, in the file's order. */
  records: [at: string, key: string][];
  /** Each record's outcome by key, with the JSON it is kept as: an unchanged one is written again as it is. */
  outcomes: Map<string, { outcome: Prepared; json: string }>;
}

export interface PrepareCallbacks {
  /** A line for the maintainer about the cache itself. */
  warn(message: string): void;
  /** Reports progress of the records prepared, out of `total`. */
  progress(total: number): { update(done: number): void; stop(): void };
  /** The folder messages name cache files from: the site's; the working folder when not given. */
  root?: string;
}

/** Where prepared sources are kept for the code as it is now: `.cache/paperboy/sources/<fingerprint>`. */
export function preparedSourcesDir(root: string): string {
  return join(root, CACHE_DIR, 'sources', codeFingerprint(root, PREPARE_CODE));
}

/**
 * Prepares source files, reusing what earlier imports kept in `dir` (see `preparedSourcesDir`): a
 * whole source when its text is unchanged, else each unchanged record. Returns the prepared
 * sources in the jobs' order.
 */
export async function prepareSourcesCached(
  dir: string,
  jobs: readonly SourceJob[],
  callbacks: PrepareCallbacks,
  /** Whether `jobs` are every source of the site: then the cache keeps nothing else. */
  complete: boolean,
): Promise<PreparedSource[]> {
  const fileOf = (job: SourceJob) => join(dir, `${digestOf(`${job.name}\0${job.format ?? ''}`)}.json`);
  const stored = jobs.map((job) => readStored(fileOf(job), callbacks));
  const texts = jobs.map((job) => digestOf(job.text));

  // 1. Sources whose text changed (or that were never prepared) are parsed; a daily file is small, so
  //    a few of them are worth a thread.
  const changed = jobs.flatMap((job, index) => (stored[index]?.text === texts[index] ? [] : [{ job, index }]));
  const parsed = await mapOnAllCores(
    'parse',
    changed.map(({ job }) => job),
    { workerData: {}, inline: parseSources, perThread: 8 },
  );

  // 2. Records not prepared before, from every changed source at once, on every core.
  const pending: RecordJob[] = [];
  const pendingKeys = new Map<string, number>();
  const keysOf = parsed.map((source, changedIndex) => {
    const known = stored[changed[changedIndex]!.index]?.outcomes;
    return source.records.map(({ record }) => {
      const key = recordKey(source, record);
      if (!known?.has(key) && !pendingKeys.has(key)) {
        pendingKeys.set(key, pending.length);
        pending.push({ record, name: source.name, scraped: source.scraped });
      }
      return key;
    });
  });
  const progress = callbacks.progress(pending.length);
  // Preparing a record takes about half a millisecond: a thread pays for itself from a few hundred.
  const prepared = await mapOnAllCores('prepare', pending, {
    workerData: {},
    inline: prepareRecords,
    onProgress: progress.update,
    perThread: 300,
  });
  progress.stop();

  // 3. Each source assembled, and each changed one stored again with exactly its current records.
  mkdirSync(dir, { recursive: true });
  const results = new Array<PreparedSource>(jobs.length);
  stored.forEach((kept, index) => {
    if (kept && kept.text === texts[index]) results[index] = fromStored(kept);
  });
  parsed.forEach((source, changedIndex) => {
    const { job, index } = changed[changedIndex]!;
    const known = stored[index]?.outcomes;
    const keys = keysOf[changedIndex]!;
    const outcomes: StoredSource['outcomes'] = new Map();
    for (const key of keys) {
      if (outcomes.has(key)) continue;
      const fresh = pendingKeys.get(key);
      const outcome = fresh === undefined ? undefined : prepared[fresh]!;
      outcomes.set(key, outcome ? { outcome, json: JSON.stringify(outcome) } : known!.get(key)!);
    }
    const { records, ...rest } = source;
    const entry: StoredSource = {
      text: texts[index]!,
      parsed: rest,
      records: records.map(({ at }, position) => [at, keys[position]!]),
      outcomes,
    };
    writeStored(fileOf(job), entry);
    results[index] = assembleSource(
      source,
      keys.map((key) => outcomes.get(key)!.outcome),
    );
  });
  // Folders of earlier code versions: nothing will read them again.
  for (const name of readdirSync(dirname(dir))) {
    if (name !== basename(dir)) rmSync(join(dirname(dir), name), { recursive: true, force: true });
  }
  if (complete) {
    const current = new Set(jobs.map((job) => fileOf(job)));
    for (const name of readdirSync(dir)) if (!current.has(join(dir, name))) rmSync(join(dir, name), { force: true });
  }
  return results;
}

/**
 * The key of a record's prepared result: its content, with what of its file prepareRecord reads.
 * `undefined` and non-finite numbers are written out, since JSON would lose them and they are
 * prepared differently from an absent field or `null`.
 */
function recordKey(source: ParsedSource, record: unknown): string {
  const content = JSON.stringify(record, (_key, value: unknown) =>
    value === undefined ? '\0undefined' : typeof value === 'number' && !Number.isFinite(value) ? `\0${value}` : value,
  );
  return digestOf(`${source.format ?? ''}\0${source.name}\0${source.scraped}\0${content}`);
}

function fromStored(stored: StoredSource): PreparedSource {
  const parsed: ParsedSource = {
    ...stored.parsed,
    // Only places are needed to assemble: the records themselves are prepared already.
    records: stored.records.map(([at]) => ({ at, record: {} })),
  };
  return assembleSource(
    parsed,
    stored.records.map(([, key]) => stored.outcomes.get(key)!.outcome),
  );
}

/**
 * A cache file, checked whole: undefined when there is none, or (said once) when it is damaged.
 * The file is the checksum line, the source's line, then a line per record: `key<TAB>outcome`.
 */
function readStored(file: string, { warn, root }: PrepareCallbacks): StoredSource | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  // Checked as bytes, and decoded once: a string would be encoded again to be hashed.
  const newline = bytes.indexOf(0x0a);
  const body = bytes.subarray(newline + 1);
  try {
    if (newline < 0 || bytes.toString('latin1', 0, newline) !== `${MAGIC}${checksum(body)}`)
      throw new Error('checksum');
    const [head, ...lines] = body.toString('utf8').split('\n');
    const stored = { ...(JSON.parse(head!) as Omit<StoredSource, 'outcomes'>), outcomes: new Map() };
    for (const line of lines) {
      const tab = line.indexOf('\t');
      const json = line.slice(tab + 1);
      if (tab > 0) stored.outcomes.set(line.slice(0, tab), { outcome: JSON.parse(json) as Prepared, json });
    }
    const complete =
      typeof stored.text === 'string' &&
      Array.isArray(stored.records) &&
      stored.records.every(([, key]) => stored.outcomes.has(key));
    if (!complete) throw new Error('shape');
    return stored;
  } catch {
    warn(
      `${relative(root ?? process.cwd(), file)}: a damaged cache file (cut short or garbled), dropped; its source is prepared again`,
    );
    rmSync(file, { force: true });
    return undefined;
  }
}

function writeStored(file: string, { outcomes, ...head }: StoredSource): void {
  // JSON holds no raw line break, so each record's outcome is one line.
  const lines = [JSON.stringify(head), ...[...outcomes].map(([key, { json }]) => `${key}\t${json}`)];
  const body = Buffer.from(lines.join('\n'));
  writeFileAtomic(file, Buffer.concat([Buffer.from(`${MAGIC}${checksum(body)}\n`), body]));
}

/** Catches a file cut short or changed by anything but this module; not a defence against tampering. */
const checksum = (body: Buffer) => createHash('sha1').update(body).digest('hex');
