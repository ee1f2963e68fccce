/**
 * A slice of Kaggle's arXiv snapshot (`arxiv-metadata-oai-snapshot.json`, 4 GB of JSON Lines) for
 * `npm run import -- --categories … --from … --until … FILE`: the file is read as a stream, a line
 * at a time, and the lines of the papers asked for are written as they are to a new source in
 * content/sources/kaggle/, which the import then reads like any other. Memory stays flat whatever
 * the snapshot's size.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { firstVersionDay, kaggleCategories } from '../../src/lib/importers/kaggle-arxiv.ts';
import type { SaveOutcome } from '../../src/lib/fetch/save.ts';

/** Which papers a slice keeps: in any of `categories` (all when absent), first version from `from` to `until`, inclusive. */
export interface SliceFilter {
  categories?: readonly string[] | undefined;
  from?: string | undefined;
  until?: string | undefined;
}

/** An archive (`hep-th`, `cs`: every `cs.*`) or a category (`math.RT`), as arXiv names them. */
const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?$/;

/**
 * The categories of a `--categories` list, sorted and each once, or what is wrong with the list.
 * @example categoryList('math.RT, hep-th,cs') // { categories: ['cs', 'hep-th', 'math.RT'] }
 */
export function categoryList(list: string): { categories: string[] } | { problem: string } {
  const terms = list
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean);
  const bad = terms.filter((term) => !CATEGORY.test(term));
  if (terms.length === 0 || bad.length > 0) {
    return {
      problem:
        `--categories ${list}: ` +
        (bad.length === 0
          ? 'names no arXiv category'
          : `${bad.join(', ')} ${bad.length > 1 ? 'are not arXiv categories' : 'is not an arXiv category'}`) +
        ' (a list such as hep-th,math.RT,cs: an archive such as cs takes all of cs.*)',
    };
  }
  return { categories: [...new Set(terms)].sort() };
}

/** Whether a paper filed under `categories` (cross-lists too) is in one of `wanted`. */
export function inCategories(categories: readonly string[], wanted: readonly string[]): boolean {
  return categories.some((category) =>
    wanted.some((term) => category === term || (!term.includes('.') && category.startsWith(`${term}.`))),
  );
}

/**
 * Whether a line of the snapshot is in the slice, or why it is not a snapshot record. Lines that
 * cannot hold a category asked for are let go before they are parsed: most of a 4 GB snapshot.
 */
export function lineInSlice(line: string, filter: SliceFilter): boolean | string {
  const { categories: wanted, from, until } = filter;
  if (wanted && !wanted.some((term) => line.includes(term))) return false;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const categories = kaggleCategories(value);
  const day = firstVersionDay(value);
  if (!categories || !day) return 'not a paper of the snapshot (no categories, or no first version with a date)';
  if (wanted && !inCategories(categories, wanted)) return false;
  return (!from || day >= from) && (!until || day <= until);
}

/** What slicing read and kept. */
export interface SliceTally {
  read: number;
  kept: number;
  /** Lines that could be in the slice but are not snapshot records, each with its line number; the first ten. */
  problems: string[];
  /** How many such lines there were. (A line that cannot be in the slice is let go unread, good or bad.) */
  bad: number;
}

const PROBLEMS_NAMED = 10;

/**
 * The lines in the slice, as they are, pulled one at a time from `lines`: nothing is read before
 * it is needed, so a consumer that stops early stops the reading too. Blank lines are skipped.
 */
export async function* sliceLines(
  lines: AsyncIterable<string> | Iterable<string>,
  filter: SliceFilter,
  tally: SliceTally,
): AsyncGenerator<string> {
  for await (const line of lines) {
    tally.read += 1;
    if (!line.trim()) continue;
    const verdict = lineInSlice(line, filter);
    if (typeof verdict === 'string') {
      tally.bad += 1;
      if (tally.problems.length < PROBLEMS_NAMED) tally.problems.push(`line ${tally.read}: ${verdict}; skipped`);
    } else if (verdict) {
      tally.kept += 1;
      yield line;
    }
  }
}

/**
 * The name of a slice: the snapshot's stem, the categories, and the days (`start` and `end` when
 * open), so the same slice always lands in the same file.
 * @example sliceName('/data/arxiv-metadata-oai-snapshot.json', { categories: ['hep-th'], from: '2024-01-01' })
 * // 'arxiv-metadata-oai-snapshot_hep-th_2024-01-01_end.jsonl'
 */
export function sliceName(input: string, { categories, from, until }: SliceFilter): string {
  const stem =
    basename(input)
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '-') || 'snapshot';
  return `${stem}_${categories?.length ? categories.join('+') : 'all'}_${from ?? 'start'}_${until ?? 'end'}.jsonl`;
}

/**
 * Writes the slice of the snapshot at `input` to `output`, reading and writing a line at a time:
 * whole (a temp file renamed into place, removed if anything fails) and only when it changed.
 */
export async function sliceFile(
  input: string,
  output: string,
  filter: SliceFilter,
): Promise<SliceTally & { outcome: SaveOutcome }> {
  const tally: SliceTally = { read: 0, kept: 0, problems: [], bad: 0 };
  await mkdir(dirname(output), { recursive: true });
  const temporary = `${output}.${process.pid}.tmp`;
  const digest = createHash('sha256');
  const reading = createReadStream(input);
  const writing = createWriteStream(temporary, { flags: 'wx' });
  try {
    const lines = createInterface({ input: reading, crlfDelay: Infinity });
    for await (const line of sliceLines(lines, filter, tally)) {
      digest.update(`${line}\n`);
      // Waits while the disk catches up, so lines never pile up in memory.
      if (!writing.write(`${line}\n`)) await once(writing, 'drain');
    }
    writing.end();
    await finished(writing);
    const same = await digestOf(output).then(
      (existing) => existing === digest.digest('hex'),
      () => undefined,
    );
    if (same) return { ...tally, outcome: 'unchanged' };
    await rename(temporary, output);
    return { ...tally, outcome: same === undefined ? 'new' : 'updated' };
  } finally {
    reading.destroy();
    writing.destroy();
    await rm(temporary, { force: true });
  }
}

/** The SHA-256 of a file, read as a stream. */
async function digestOf(path: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}
