/*
 * Related papers for the whole archive, kept between builds in `.cache/paperboy/related/`, so that
 * a build redoes only what can have changed and still returns exactly what a build from scratch
 * returns, whatever that folder holds (nothing, an older archive's, another order of days', damage).
 *
 * The lists of day D depend on the ids and texts of the papers of days <= D (src/lib/related.ts).
 * So each day is kept (in its month's file) with its chain: a digest of the chain of the day before,
 * the day's date and its papers' ids and text digests. A day whose chain is unchanged keeps its
 * vectors and lists; any other day is scored again, and so is every later day, whose chain includes
 * it. A new newest day scores only its own papers; an upvote (a new entry, the same text) scores
 * nothing; a backfilled, moved or edited day rescores the days from it on.
 *
 * Each day's term counts are kept too, apart, under the digest of the day's ids and texts, so the
 * document frequencies are recounted from them by day prefix without tokenizing a text again. The
 * frequencies at the newest day are kept as well, under that day's chain: a build that scores the
 * days after it starts from them, as the daily build does, where a recount would read the counts
 * of every day (0.2–0.5 s at 50,000 papers here); any other build recounts from the oldest day.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { CACHE_DIR, digestOf, writeFileAtomic } from './cache-files.ts';
import { codeFingerprint } from './code-fingerprint.ts';
import { byDay, termCounts, TermIndex, weighTerms, type TermVector } from './related.ts';

/**
 * Where related papers are kept: `head.bin` (the code, the vocabulary's length and the newest
 * day's frequencies), `terms.txt` (the vocabulary) and a `months/<YYYY-MM>.bin` per month.
 */
export const RELATED_DIR = `${CACHE_DIR}/related`;

/**
 * The modules the kept lists depend on: collection.ts makes each paper's text from the view the
 * renderer (entry-view.ts) made of its entry, and imports this module, which scores the texts. A
 * day's texts are known by its entries' digests (see `planDay`), so how a text is made is code
 * the lists depend on, as much as how it is scored.
 */
const CODE_MODULES = ['src/lib/collection.ts', 'src/lib/render/entry-view.ts'];

/** A paper of the archive, as related papers need it. */
export interface RelatedSource {
  id: string;
  date: string;
  /** The digest of the paper's entry: its text is the same while it is (for the same code). */
  digest: string;
  /** The paper's text; called only for the papers of a day whose entries changed. */
  text: () => string;
}

/** What a build of the related lists did, for tests and the bench. */
export interface RelatedWork {
  /** Papers whose text was read: those of the days whose entries changed, or whose kept counts were lost. */
  read: number;
  /** Papers whose text was tokenized: every paper of a day whose texts changed. */
  counted: number;
  /** Papers whose lists were scored: those of the days whose chain changed. */
  scored: number;
  /** Papers the frequencies counted at the newest day, when this build counted them (else 0). */
  documents: number;
  /** What of the kept cache could not be used, one line each. */
  notes: string[];
}

export interface RelatedOptions {
  /** Where what of the cache could not be used is said (console.warn by default). */
  log?: (line: string) => void;
  /** The fingerprint of the code; by default that of CODE_MODULES' import graph under `root`. */
  code?: string;
}

/**
 * Each paper's related papers (ids, best first), scoring only the days that can have changed.
 * @example relatedForArchive(process.cwd(), papers).get('2501.00001') // ['2412.09876', …]
 */
export function relatedForArchive(
  root: string,
  papers: readonly RelatedSource[],
  count = 5,
  { log = (line) => console.warn(line), code }: RelatedOptions = {},
): Map<string, string[]> {
  const { related, work } = updateRelated(root, papers, count, code);
  for (const note of work.notes) log(`[paperboy] ${note}`);
  return related;
}

/** relatedForArchive, with what it did. */
export function updateRelated(
  root: string,
  papers: readonly RelatedSource[],
  count = 5,
  code = codeFingerprint(root, ...CODE_MODULES),
): { related: Map<string, string[]>; work: RelatedWork } {
  const dir = join(root, RELATED_DIR);
  // The one file an earlier version kept everything in.
  rmSync(join(root, CACHE_DIR, 'related.json'), { force: true });
  const notes: string[] = [];
  try {
    return relate(dir, papers, count, code, notes);
  } catch (error) {
    // Files that passed their checks but contradict each other: only a hand could make them.
    if (!(error instanceof DamagedCache)) throw error;
    notes.push(`${dir} did not hold together (${error.message}); every related list is computed again`);
    rmSync(dir, { recursive: true, force: true });
    return relate(dir, papers, count, code, notes);
  }
}

/** Kept files that pass their checks yet contradict each other. */
class DamagedCache extends Error {}

/** A day of the archive, as this build sees it. */
interface Day {
  date: string;
  /** Its papers, by id. */
  papers: RelatedSource[];
  /** Its first paper's place in the archive, oldest day first: kept lists name papers by place. */
  offset: number;
  /** The digest of its papers' ids and entry digests. */
  entries: string;
  /** The digest of its papers' ids and text digests. */
  texts: string;
  chain: string;
  /** What the last build kept of the day, when its month's file is sound. */
  kept: KeptDay | undefined;
  /** Its texts, when they changed: tokenized when the day is counted. */
  toCount: string[] | undefined;
  /** Its term counts as kept, once counted; `fresh` when tokenized this build. */
  counts?: { bytes: Uint8Array; fresh: boolean };
  /** Whether its kept vectors and lists hold: its chain is unchanged. */
  reused: boolean;
  /** Its vectors, when scored, with their terms by vocabulary index. */
  vectors?: TermVector[];
  vectorIds?: number[][];
  /** Its lists, as places in the archive. */
  lists?: number[][];
}

function relate(
  dir: string,
  papers: readonly RelatedSource[],
  count: number,
  code: string,
  notes: string[],
): { related: Map<string, string[]>; work: RelatedWork } {
  const head = readHead(dir, code, notes);
  const vocabulary = new Vocabulary(head.terms.text, head.terms.count);
  const work: RelatedWork = { read: 0, counted: 0, scored: 0, documents: 0, notes };
  const months = new KeptMonths(dir, head);
  const kept = head.frequencies;

  // Days are taken oldest first. From the first day to score on, the frequencies are counted a
  // day at a time, through the newest day, and each day to score is weighed by them.
  const days: Day[] = [];
  let frequencies: Frequencies | undefined;
  let keptAt = -1;
  let chain = digestOf(`related papers, ${count} a paper`);
  for (const dayPapers of byDay(papers)) {
    const at = days.length;
    const offset = at > 0 ? days[at - 1]!.offset + days[at - 1]!.papers.length : 0;
    const day = planDay(dayPapers, chain, offset, months.day(dayPapers[0]!.date), work);
    days.push(day);
    chain = day.chain;
    if (day.chain === kept?.chain) keptAt = at;
    if (!frequencies && !day.reused) frequencies = countUpTo(days, at, kept, keptAt, months, vocabulary, work);
    if (!frequencies) continue;
    const tokenized = frequencies.add(day, months, vocabulary, work);
    if (day.reused) continue;
    const papersTerms = tokenized ?? readCounts(day, vocabulary);
    const weighed = papersTerms.map((paper) =>
      weighTerms(paper.terms, paper.counts, frequencies!.of(paper.ids), frequencies!.documents),
    );
    day.vectors = weighed.map((weights, place) =>
      weights.map(([at, weight]) => [papersTerms[place]!.terms[at]!, weight]),
    );
    day.vectorIds = weighed.map((weights, place) => weights.map(([at]) => papersTerms[place]!.ids[at]!));
    work.scored += day.papers.length;
  }
  // Nothing to score, but the kept frequencies are not the newest day's: counted for the next build.
  if (!frequencies && days.length > 0 && keptAt !== days.length - 1) {
    frequencies = countUpTo(days, days.length, kept, keptAt, months, vocabulary, work);
  }

  const last = days.findLastIndex((day) => !day.reused);
  if (last >= 0) {
    // Earlier papers are indexed with only the terms the papers to score have (see TermIndex).
    const wanted = new Uint8Array(vocabulary.size);
    for (const day of days) for (const ids of day.vectorIds ?? []) for (const id of ids) wanted[id] = 1;
    const index = new TermIndex(days[last]!.offset + days[last]!.papers.length);
    for (let at = 0; at <= last; at++) {
      const day = days[at]!;
      if (day.reused) {
        day.kept!.addTo(index, day.papers, vocabulary, wanted);
        continue;
      }
      const papersOfDay = day.papers.map((paper, place) => ({
        id: paper.id,
        date: day.date,
        vector: day.vectors![place]!,
      }));
      for (const paper of papersOfDay) index.add(paper);
      // Docs are numbered in the order added, oldest day first: each is the paper's place.
      day.lists = papersOfDay.map((paper) => index.relatedDocs(paper, count));
    }
  }

  saveMonths(dir, days, months, head.lineage, vocabulary);
  const snapshot = frequencies && { chain, documents: frequencies.documents, counts: frequencies.snapshot(vocabulary) };
  if (snapshot) work.documents = snapshot.documents;
  if (vocabulary.grew || snapshot || head.fresh) writeHead(dir, head, vocabulary, snapshot ?? head.frequencies);
  if (months.damaged.length > 0) {
    notes.push(`${dir}: kept files were damaged (${months.damaged.join(', ')}); what they held is computed again`);
  }

  // Oldest day first, each day's papers by id.
  const archive = days.flatMap((day) => day.papers.map((paper) => paper.id));
  const related = new Map<string, string[]>();
  for (const day of days) {
    const lists = day.lists?.map((list) => list.map((doc) => archive[doc]!)) ?? day.kept!.lists(archive, day.offset);
    day.papers.forEach((paper, place) => related.set(paper.id, lists[place]!));
  }
  return { related, work };
}

/**
 * The frequencies of the days before `at`: the kept ones when they are those of a day before it
 * (kept at `keptAt`), with the days after that one added, else recounted from the oldest day.
 */
function countUpTo(
  days: readonly Day[],
  at: number,
  kept: Head['frequencies'],
  keptAt: number,
  months: KeptMonths,
  vocabulary: Vocabulary,
  work: RelatedWork,
): Frequencies {
  const fromKept = kept && keptAt >= 0 && keptAt < at;
  const frequencies = new Frequencies(vocabulary, fromKept ? kept : undefined);
  for (const day of days.slice(fromKept ? keptAt + 1 : 0, at)) frequencies.add(day, months, vocabulary, work);
  return frequencies;
}

/** How many papers have each term (by vocabulary index), and how many papers that counts. */
class Frequencies {
  #counts: Int32Array;
  documents = 0;

  constructor(vocabulary: Vocabulary, kept?: { documents: number; counts: Int32Array }) {
    // Room to grow: tokenized texts add terms.
    this.#counts = new Int32Array(Math.max(1024, vocabulary.size * 2));
    if (kept) {
      this.#counts.set(kept.counts);
      this.documents = kept.documents;
    }
  }

  /** The frequencies of the terms with these indexes. */
  of(ids: readonly number[]): number[] {
    return ids.map((id) => this.#counts[id]!);
  }

  /**
   * Counts a day's papers: from its kept counts, or else its texts (read again when the kept counts
   * are lost). Texts are tokenized here, a day at a time, and kept as bytes: the maps of every day
   * at once would cost a cold build more in garbage collection than tokenizing does. Returns the
   * maps when the texts were tokenized.
   */
  add(day: Day, months: KeptMonths, vocabulary: Vocabulary, work: RelatedWork): PaperTerms[] | undefined {
    this.documents += day.papers.length;
    const kept = day.toCount ? undefined : months.counts(day);
    if (kept) {
      day.counts = { bytes: kept, fresh: false };
      const reader = new Reader(kept, 0, kept.length, day.date);
      readEach(reader, day, () => {
        for (let left = reader.uint(); left > 0; left--) {
          const term = reader.uint();
          if (term >= vocabulary.size) throw new DamagedCache(`${day.date} names term ${term}`);
          this.#counts[term]! += 1;
          reader.uint();
        }
      });
      return undefined;
    }
    if (!day.toCount) work.read += day.papers.length;
    const counted = (day.toCount ?? day.papers.map((paper) => paper.text())).map((text) => termCounts(text));
    // Each term's index, looked up once for all the day's papers.
    const ids = vocabulary.idsOf(counted.flatMap((paperCounts) => [...paperCounts.keys()]));
    if (vocabulary.size > this.#counts.length) {
      const grown = new Int32Array(vocabulary.size * 2);
      grown.set(this.#counts);
      this.#counts = grown;
    }
    const bytes = new Bytes();
    let next = 0;
    const papersTerms = counted.map((paperCounts): PaperTerms => {
      const paper: PaperTerms = { terms: [...paperCounts.keys()], counts: [...paperCounts.values()], ids: [] };
      bytes.uint(paper.terms.length);
      for (const times of paper.counts) {
        const id = ids[next++]!;
        paper.ids.push(id);
        this.#counts[id]! += 1;
        bytes.uint(id).uint(times);
      }
      return paper;
    });
    day.counts = { bytes: bytes.result(), fresh: true };
    day.toCount = undefined;
    work.counted += counted.length;
    return papersTerms;
  }

  snapshot(vocabulary: Vocabulary): Int32Array {
    return this.#counts.slice(0, vocabulary.size);
  }
}

/** A paper's distinct terms, how often each occurs in it, and their vocabulary indexes. */
interface PaperTerms {
  terms: string[];
  counts: number[];
  ids: number[];
}

/** A counted day's term counts, read back. */
function readCounts(day: Day, vocabulary: Vocabulary): PaperTerms[] {
  const { bytes } = day.counts!;
  const reader = new Reader(bytes, 0, bytes.length, day.date);
  return readEach(reader, day, () => {
    const paper: PaperTerms = { terms: [], counts: [], ids: [] };
    for (let left = reader.uint(); left > 0; left--) {
      const id = reader.uint();
      paper.ids.push(id);
      paper.terms.push(vocabulary.term(id));
      paper.counts.push(reader.uint());
    }
    return paper;
  });
}

/** One item per paper of `day` from `reader`, which must then be at its end. */
function readEach<T>(reader: Reader, day: { date: string; papers: { length: number } }, read: () => T): T[] {
  const items = Array.from({ length: day.papers.length }, read);
  if (!reader.done) throw new DamagedCache(`${day.date} has more than its papers`);
  return items;
}

/**
 * A day with its chain (after `previous`) and what was kept of it. Its texts are read only when
 * its entries changed (their digests, which the caller has, say so). Measured here, reading and
 * hashing every text would cost 0.06–0.2 s of hashing at 20,000 papers (0.25–1.1 s at 50,000) and,
 * where no page has read the views yet, 1.2–2 s of render-cache reads; the entries' digests cost
 * 20–40 ms. A day whose entries changed but whose texts did not (an upvote) is not tokenized again.
 */
function planDay(
  papers: RelatedSource[],
  previous: string,
  offset: number,
  kept: KeptDay | undefined,
  work: RelatedWork,
): Day {
  const date = papers[0]!.date;
  const entries = digestOf(JSON.stringify(papers.map((paper) => [paper.id, paper.digest])));
  let texts = kept?.header.entries === entries ? kept.header.texts : undefined;
  let toCount: string[] | undefined;
  if (texts === undefined) {
    const read = papers.map((paper) => paper.text());
    work.read += read.length;
    texts = digestOf(JSON.stringify(papers.map((paper, place) => [paper.id, digestOf(read[place]!)])));
    if (kept?.header.texts !== texts) toCount = read;
  }
  const chain = digestOf(JSON.stringify([previous, date, texts]));
  return { date, papers, offset, entries, texts, chain, kept, toCount, reused: kept?.header.chain === chain };
}

/**
 * Writes the months with a day this build scored, whose entries changed or that is no longer
 * listed, and the counts of the months with a day tokenized this build; deletes the months no
 * longer listed. Other months' files are left as they are.
 */
function saveMonths(
  dir: string,
  days: readonly Day[],
  months: KeptMonths,
  lineage: string,
  vocabulary: Vocabulary,
): void {
  const byMonth = new Map<string, Day[]>();
  for (const day of days) {
    const month = monthOf(day.date);
    const monthDays = byMonth.get(month);
    if (monthDays) monthDays.push(day);
    else byMonth.set(month, [day]);
  }
  for (const part of ['months', 'counts'] as const) mkdirSync(join(dir, part), { recursive: true });
  for (const [month, monthDays] of byMonth) {
    const kept = months.month(month);
    const unchanged =
      kept?.size === monthDays.length &&
      monthDays.every(
        (day) => day.reused && day.kept === kept.get(day.date) && day.kept?.header.entries === day.entries,
      );
    if (!unchanged) {
      const parts = monthDays.map((day) =>
        day.reused ? { day, bytes: day.kept!.payload, lists: day.kept!.header.lists } : { day, ...encodeDay(day) },
      );
      writeParts(join(dir, 'months', monthFile(month)), lineage, vocabulary.size, parts, ({ day, lists }) => {
        const { date, entries, texts, chain } = day;
        return { date, entries, texts, chain, papers: day.papers.length, lists };
      });
    }
    if (monthDays.some((day) => day.counts?.fresh)) {
      const parts = monthDays.flatMap((day) => {
        const bytes = day.counts?.bytes ?? months.counts(day);
        return bytes ? [{ day, bytes }] : [];
      });
      writeParts(join(dir, 'counts', monthFile(month)), lineage, vocabulary.size, parts, ({ day }) => ({
        date: day.date,
        texts: day.texts,
        papers: day.papers.length,
      }));
    }
  }
  const listed = new Set([...byMonth.keys()].map(monthFile));
  for (const part of ['months', 'counts']) {
    for (const name of readdirSync(join(dir, part)))
      if (!listed.has(name)) rmSync(join(dir, part, name), { force: true });
  }
}

/** A month's file: its first line says which vocabulary it names terms by, and where each day's part is. */
function writeParts<Part extends { bytes: Uint8Array }>(
  path: string,
  lineage: string,
  terms: number,
  parts: readonly Part[],
  describe: (part: Part) => object,
): void {
  let start = 0;
  const days = parts.map((part) => {
    const end = start + part.bytes.length;
    const described = { ...describe(part), start, end };
    start = end;
    return described;
  });
  const header = JSON.stringify({ lineage, terms, days });
  writeChecked(path, Buffer.concat([Buffer.from(`${header}\n`), ...parts.map((part) => part.bytes)]));
}

/** A scored day's vectors and lists as kept (see KeptDay); `lists` is where those start. */
function encodeDay(day: Day): { bytes: Uint8Array; lists: number } {
  const bytes = new Bytes();
  day.vectors!.forEach((vector, place) => {
    bytes.uint(vector.length);
    // weighTerms rounds weights to multiples of 10⁻⁴: kept as integers, read back exactly.
    vector.forEach(([, weight], at) => bytes.uint(day.vectorIds![place]![at]!).uint(Math.round(weight * 1e4)));
  });
  const lists = bytes.length;
  for (const list of day.lists!) {
    bytes.uint(list.length);
    for (const doc of list) bytes.uint(doc);
  }
  return { bytes: bytes.result(), lists };
}

/**
 * The month a day is kept in: days are kept a month to a file, so that a build reads 40 files
 * at 50,000 papers and not 800, and writes one a day. Their term counts are kept apart, in
 * `counts/`, read only by a build that recounts the frequencies or scores a kept day again.
 */
const monthOf = (date: string) => date.slice(0, 7);
const monthFile = (month: string) => `${encodeURIComponent(month)}.bin`;

/*
 * Kept files start with the digest of the rest, a line of its own: a truncated file or a changed
 * byte (a weight, a place) still parses, and only the digest tells it from what this code wrote.
 * Checking the month files of 50,000 papers (6 MB) takes about 10 ms.
 */
function writeChecked(path: string, content: Buffer): void {
  writeFileAtomic(path, Buffer.concat([Buffer.from(`${digestOf(content)}\n`), content]));
}

/** A kept file's content; `missing` or `damaged` when there is none to use. */
function readChecked(path: string): Buffer | 'missing' | 'damaged' {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return 'missing';
  }
  const content = file.subarray(33);
  return file.toString('latin1', 0, 33) === `${digestOf(content)}\n` ? content : 'damaged';
}

/**
 * What every kept month depends on: the code, and the vocabulary months name terms by. The
 * vocabulary only grows, so `terms.txt` is only appended to (a term a line), and `head.bin` says how
 * much of it is sound: its first `bytes`, and their digest. `head.bin` also keeps the frequencies at
 * the newest day, raw after its first line: rewritten every day, they are kept small.
 */
interface Head {
  code: string;
  /** Made afresh with the vocabulary: a month written with another one is not read. */
  lineage: string;
  /** The kept terms, one a line (split only when a term is looked up), as text and bytes. */
  terms: { text: string; raw: Buffer; count: number; bytes: number; digest: string };
  /** The document frequencies of the papers up to the day with `chain`, by term. */
  frequencies?: { chain: string; documents: number; counts: Int32Array } | undefined;
  /** Whether there was no sound head of this code: this build makes one. */
  fresh?: boolean;
}

/** `head.bin`'s first line. */
interface HeadLine {
  code: string;
  lineage: string;
  terms: { count: number; bytes: number; digest: string };
  frequencies?: { chain: string; documents: number };
}

function readHead(dir: string, code: string, notes: string[]): Head {
  const path = join(dir, 'head.bin');
  const content = readChecked(path);
  let problem = content === 'damaged' ? 'was damaged (truncated or changed)' : undefined;
  if (content instanceof Buffer) {
    const end = content.indexOf(10);
    try {
      const line = JSON.parse(content.toString('utf8', 0, end)) as unknown;
      if (isRecord(line) && line['code'] !== code) problem = 'was made by other code';
      else if (isHeadLine(line)) {
        const head = parseHead(dir, line, content.subarray(end + 1));
        if (head) return head;
        problem = 'does not match terms.txt (truncated or changed)';
      } else problem = 'had an unknown shape';
    } catch {
      problem = 'had an unknown shape';
    }
  }
  if (problem) notes.push(`${path} ${problem}; every related list is computed again`);
  // Months are read only with their own vocabulary.
  for (const part of ['months', 'counts']) rmSync(join(dir, part), { recursive: true, force: true });
  const terms = { text: '', raw: Buffer.alloc(0), count: 0, bytes: 0, digest: digestOf('') };
  return { code, lineage: randomUUID(), terms, fresh: true };
}

function isHeadLine(line: unknown): line is HeadLine {
  const [terms, frequencies] = isRecord(line) ? [line['terms'], line['frequencies']] : [];
  return (
    isRecord(line) &&
    typeof line['code'] === 'string' &&
    typeof line['lineage'] === 'string' &&
    isRecord(terms) &&
    ['count', 'bytes'].every((key) => Number.isSafeInteger(terms[key])) &&
    typeof terms['digest'] === 'string' &&
    (frequencies === undefined ||
      (isRecord(frequencies) &&
        typeof frequencies['chain'] === 'string' &&
        Number.isSafeInteger(frequencies['documents'])))
  );
}

/** The head a sound first line and the rest of `head.bin` describe, if `terms.txt` holds its terms whole. */
function parseHead(dir: string, line: HeadLine, rest: Buffer): Head | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, 'terms.txt')).subarray(0, line.terms.bytes);
  } catch {
    return undefined;
  }
  if (bytes.length !== line.terms.bytes || digestOf(bytes) !== line.terms.digest) return undefined;
  const text = bytes.toString('utf8', 0, Math.max(0, bytes.length - 1));
  const head: Head = { code: line.code, lineage: line.lineage, terms: { ...line.terms, text, raw: bytes } };
  // Counts for every term: other lengths are not frequencies of this vocabulary.
  if (line.frequencies && rest.length === line.terms.count * 4) {
    const counts = new Int32Array(line.terms.count);
    const view = Buffer.from(counts.buffer);
    rest.copy(view);
    if (endianness() === 'BE') view.swap32();
    head.frequencies = { ...line.frequencies, counts };
  }
  return head;
}

/**
 * Appends the new terms to `terms.txt` (after what `head.bin` says is sound: an append that a
 * crash cut short is dropped) and writes `head.bin`.
 */
function writeHead(dir: string, head: Head, vocabulary: Vocabulary, frequencies: Head['frequencies']): void {
  mkdirSync(dir, { recursive: true });
  const termsPath = join(dir, 'terms.txt');
  const added = vocabulary.added();
  const appended = Buffer.from(added.map((term) => `${term}\n`).join(''));
  if (head.fresh) writeFileAtomic(termsPath, appended);
  else if (appended.length > 0) {
    truncateSync(termsPath, head.terms.bytes);
    appendFileSync(termsPath, appended);
  }
  const all = Buffer.concat([head.terms.raw, appended]);
  const terms = { count: vocabulary.size, bytes: all.length, digest: digestOf(all) };
  const line: HeadLine = { code: head.code, lineage: head.lineage, terms };
  let rest: Buffer = Buffer.alloc(0);
  if (frequencies) {
    line.frequencies = { chain: frequencies.chain, documents: frequencies.documents };
    // Little-endian, as on most machines, so that a cache moved to another reads the same.
    const { counts } = frequencies;
    const view = Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength);
    rest = endianness() === 'BE' ? Buffer.from(view).swap32() : view;
  }
  writeChecked(join(dir, 'head.bin'), Buffer.concat([Buffer.from(`${JSON.stringify(line)}\n`), rest]));
}

/** The first line of a month's file (in `months/` or `counts/`). */
interface PartsHeader<Part> {
  /** The vocabulary its days name terms by, and how many of its terms they name. */
  lineage: string;
  terms: number;
  /** Each day's part: where in the rest of the file it is. */
  days: (Part & { date: string; papers: number; start: number; end: number })[];
}

/** What `months/` keeps of a day besides its part: its digests and chain; `lists` is where those start in the part. */
interface DayHeader {
  date: string;
  entries: string;
  texts: string;
  chain: string;
  papers: number;
  lists: number;
}

/** The kept months and their counts, each read when first needed. */
class KeptMonths {
  readonly #dir: string;
  readonly #head: Head;
  readonly #months = new Map<string, Map<string, KeptDay> | undefined>();
  readonly #counts = new Map<string, Map<string, { texts: string; papers: number; bytes: Buffer }> | undefined>();
  /** The files that were damaged, by part and month. */
  readonly damaged: string[] = [];

  constructor(dir: string, head: Head) {
    this.#dir = dir;
    this.#head = head;
  }

  day(date: string): KeptDay | undefined {
    return this.month(monthOf(date))?.get(date);
  }

  /** A month's kept days, if its file is sound and of this vocabulary. */
  month(month: string): ReadonlyMap<string, KeptDay> | undefined {
    if (!this.#months.has(month)) {
      const days = this.#read<DayHeader>(
        'months',
        month,
        (day) =>
          ['entries', 'texts', 'chain'].every((key) => typeof day[key] === 'string') &&
          Number.isSafeInteger(day['lists']) &&
          (day['lists'] as number) >= 0 &&
          (day['lists'] as number) <= (day['end'] as number) - (day['start'] as number),
      );
      this.#months.set(
        month,
        days && new Map(days.map(({ header, bytes }) => [header.date, new KeptDay(header, bytes)])),
      );
    }
    return this.#months.get(month);
  }

  /** A day's kept term counts, if they are those of its texts. */
  counts(day: Pick<Day, 'date' | 'texts' | 'papers'>): Buffer | undefined {
    const month = monthOf(day.date);
    if (!this.#counts.has(month)) {
      const days = this.#read<{ date: string; texts: string; papers: number }>(
        'counts',
        month,
        (kept) => typeof kept['texts'] === 'string',
      );
      this.#counts.set(month, days && new Map(days.map(({ header, bytes }) => [header.date, { ...header, bytes }])));
    }
    const kept = this.#counts.get(month)?.get(day.date);
    return kept?.texts === day.texts && kept.papers === day.papers.length ? kept.bytes : undefined;
  }

  /** The days of a month's file in `part`, each with its part of the file, if the file is sound and of this vocabulary. */
  #read<Part extends { date: string; papers: number }>(
    part: 'months' | 'counts',
    month: string,
    isPart: (day: Record<string, unknown>) => boolean,
  ): { header: Part; bytes: Buffer }[] | undefined {
    const content = readChecked(join(this.#dir, part, monthFile(month)));
    if (content === 'missing') return undefined;
    if (content !== 'damaged') {
      const end = content.indexOf(10);
      const rest = content.subarray(end + 1);
      try {
        const header = JSON.parse(content.toString('utf8', 0, end)) as unknown;
        if (isPartsHeader(header, rest.length, isPart)) {
          // Another vocabulary's (a head made afresh since), or one this head does not have yet.
          if (header.lineage !== this.#head.lineage || header.terms > this.#head.terms.count) return undefined;
          return header.days.map((day) => ({
            header: day as unknown as Part,
            bytes: rest.subarray(day.start, day.end),
          }));
        }
      } catch {
        // Not a header: damaged.
      }
    }
    this.damaged.push(`${part}/${month}`);
    return undefined;
  }
}

function isPartsHeader(
  header: unknown,
  length: number,
  isPart: (day: Record<string, unknown>) => boolean,
): header is PartsHeader<object> {
  return (
    isRecord(header) &&
    typeof header['lineage'] === 'string' &&
    Number.isSafeInteger(header['terms']) &&
    Array.isArray(header['days']) &&
    header['days'].every(
      (day) =>
        isRecord(day) &&
        typeof day['date'] === 'string' &&
        [day['papers'], day['start'], day['end']].every(
          (value) => Number.isSafeInteger(value) && (value as number) >= 0,
        ) &&
        (day['start'] as number) <= (day['end'] as number) &&
        (day['end'] as number) <= length &&
        isPart(day),
    )
  );
}

/**
 * What `months/` keeps of a day: for each paper its vector (`length`, then `term weight×10⁴`
 * pairs), then each list (`length`, then places). `counts/` keeps each paper's term counts
 * (`length`, then `term count` pairs). All are unsigned LEB128 integers, terms by vocabulary index.
 */
class KeptDay {
  readonly header: DayHeader;
  readonly payload: Buffer;

  constructor(header: DayHeader, payload: Buffer) {
    this.header = header;
    this.payload = payload;
  }

  /** Adds the day's papers to `index`, with only their `wanted` terms. */
  addTo(index: TermIndex, papers: readonly RelatedSource[], vocabulary: Vocabulary, wanted: Uint8Array): void {
    const reader = new Reader(this.payload, 0, this.header.lists, this.header.date);
    let place = 0;
    readEach(reader, { date: this.header.date, papers }, () => {
      const doc = index.addDoc(papers[place++]!.id, this.header.date);
      for (let left = reader.uint(); left > 0; left--) {
        const [term, weight] = [reader.uint(), reader.uint()];
        if (wanted[term] === 1) index.addTerm(doc, vocabulary.term(term), weight / 1e4);
      }
    });
  }

  /**
   * The lists, as ids: each place is a paper's in `archive` (ids, oldest day first), before the
   * end of this day, which starts at `offset`.
   */
  lists(archive: readonly string[], offset: number): string[][] {
    const reader = new Reader(this.payload, this.header.lists, this.payload.length, this.header.date);
    const end = offset + this.header.papers;
    return readEach(reader, { date: this.header.date, papers: { length: this.header.papers } }, () => {
      const list: string[] = [];
      for (let left = reader.uint(); left > 0; left--) {
        const place = reader.uint();
        if (place >= end) throw new DamagedCache(`${this.header.date} lists a paper after its day`);
        list.push(archive[place]!);
      }
      return list;
    });
  }
}

/** Unsigned LEB128 integers, as kept: most take one or two bytes. */
class Bytes {
  #bytes = new Uint8Array(4096);
  length = 0;

  uint(value: number): this {
    if (this.length + 8 > this.#bytes.length) this.#grow(8);
    let rest = value;
    while (rest > 127) {
      this.#bytes[this.length++] = (rest & 127) | 128;
      rest = Math.floor(rest / 128);
    }
    this.#bytes[this.length++] = rest;
    return this;
  }

  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.#bytes.length) this.#grow(bytes.length);
    this.#bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Uint8Array {
    return this.#bytes.subarray(0, this.length);
  }

  #grow(more: number): void {
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.length + more));
    grown.set(this.#bytes.subarray(0, this.length));
    this.#bytes = grown;
  }
}

/** Reads a day's part of a month's file. */
class Reader {
  readonly #bytes: Uint8Array;
  readonly #end: number;
  readonly #date: string;
  #at: number;

  constructor(bytes: Uint8Array, start: number, end: number, date: string) {
    [this.#bytes, this.#at, this.#end, this.#date] = [bytes, start, end, date];
  }

  get done(): boolean {
    return this.#at === this.#end;
  }

  uint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.#at >= this.#end || scale > 2 ** 35) throw new DamagedCache(`${this.#date} ends early`);
      const byte = this.#bytes[this.#at++]!;
      value += (byte & 127) * scale;
      if (byte < 128) return value;
      scale *= 128;
    }
  }
}

/**
 * The terms day files name by index; new terms are added at the end. A build looks up only the
 * terms of the days it tokenizes or scores, found in one pass over the terms: a map of every term
 * would cost a daily build 0.1–0.3 s at 50,000 papers of real abstracts.
 */
class Vocabulary {
  /** The kept terms, one a line, until a term is first looked up. */
  #text: string | undefined;
  #terms: string[] = [];
  readonly #kept: number;
  /** The index of each term looked up or added so far. */
  readonly #ids = new Map<string, number>();
  /** Whether `#ids` has every kept term: made so after a few passes, which then cost more. */
  #complete: boolean;
  #passes = 0;

  constructor(text: string, count: number) {
    this.#text = count > 0 ? text : undefined;
    this.#kept = count;
    this.#complete = count === 0;
  }

  get size(): number {
    return this.#text === undefined ? this.#terms.length : this.#kept;
  }

  /** The terms added since the vocabulary was kept. */
  added(): string[] {
    return this.#text === undefined ? this.#terms.slice(this.#kept) : [];
  }

  get grew(): boolean {
    return this.size !== this.#kept;
  }

  /** The index of each of `terms`: the one it has, or a new one at the end. */
  idsOf(terms: readonly string[]): number[] {
    const list = this.#list();
    if (!this.#complete) {
      const unknown = new Set(terms.filter((term) => !this.#ids.has(term)));
      if (unknown.size > 0) {
        // A pass finds the unknown terms among the kept ones; after a few, all are mapped at once.
        const all = ++this.#passes > 8;
        for (let id = 0; id < this.#kept; id++) {
          const term = list[id]!;
          if (all || unknown.has(term)) this.#ids.set(term, id);
        }
        this.#complete = all;
      }
    }
    return terms.map((term) => {
      let id = this.#ids.get(term);
      if (id === undefined) this.#ids.set(term, (id = list.push(term) - 1));
      return id;
    });
  }

  term(id: number): string {
    const term = this.#list()[id];
    if (term === undefined) throw new DamagedCache(`no term ${id}`);
    return term;
  }

  #list(): string[] {
    if (this.#text !== undefined) {
      this.#terms = this.#text.split('\n');
      this.#text = undefined;
      if (this.#terms.length !== this.#kept)
        throw new DamagedCache(`terms.txt has ${this.#terms.length} terms, not ${this.#kept}`);
    }
    return this.#terms;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
