import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { digestOf } from '../../src/lib/cache-files.ts';
import { relatedForArchive, RELATED_DIR, updateRelated, type RelatedSource } from '../../src/lib/related-cache.ts';
import { fixture } from '../helpers/fixtures.ts';

/** The code fingerprint the tests run under (the real one needs the project's files under the root). */
const CODE = 'test code';

/** A paper of a test archive. Its entry's digest covers its text and upvotes, as a real entry's does. */
interface Paper {
  id: string;
  date: string;
  text: string;
  upvotes: number;
}

/** The papers as the cache takes them; `reads` collects the ids whose text was read. */
const sources = (papers: readonly Paper[], reads: string[] = []): RelatedSource[] =>
  papers.map((paper) => ({
    id: paper.id,
    date: paper.date,
    digest: digestOf(`${paper.text}\0${paper.upvotes}`),
    text: () => (reads.push(paper.id), paper.text),
  }));

const roots: string[] = [];
const temporaryRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'paperboy-related-'));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The lists of a build from nothing, as text: what every build of the same archive must give, byte for byte. */
function coldLists(papers: readonly Paper[], count = 5): string {
  const root = mkdtempSync(join(tmpdir(), 'paperboy-related-cold-'));
  try {
    return JSON.stringify([...relatedForArchive(root, sources(papers), count, { code: CODE })]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A warm build: its lists as text, and what it did. */
function build(root: string, papers: readonly Paper[], { count = 5, reads = [] as string[] } = {}) {
  const { related, work } = updateRelated(root, sources(papers, reads), count, CODE);
  return { lists: JSON.stringify([...related]), related, work };
}

/** The day `days` after `date`. */
const dayAfter = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Real abstracts from a daily-arXiv crawl (one paper a line, some twice), `perDay` a day from `start`. */
function realArchive(days: number, perDay: number, start = '2026-05-01'): Paper[] {
  const unique = new Map(
    fixture('corpus/daily-arxiv/2026-05-12.jsonl')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; title: string; summary: string })
      .map((paper) => [paper.id, paper]),
  );
  return [...unique.values()].slice(0, days * perDay).map((paper, index) => ({
    id: paper.id,
    date: dayAfter(start, Math.floor(index / perDay)),
    text: `${paper.title}. ${paper.summary}`,
    upvotes: 0,
  }));
}

const ABSTRACTS: [id: string, date: string, text: string][] = [
  [
    'diffusion1',
    '2025-01-01',
    'Diffusion models generate images by denoising; we speed up diffusion sampling for images.',
  ],
  ['diffusion2', '2025-01-02', 'Faster sampling for image diffusion models with fewer denoising steps.'],
  ['diffusion3', '2025-01-03', 'Video diffusion: denoising frames with temporal attention for sampling video.'],
  ['proteins', '2025-01-02', 'Protein folding with graph networks predicts protein structure from sequence.'],
  ['proteins2', '2025-01-03', 'Protein structure prediction from sequence alignments and graph networks.'],
  ['robots', '2025-01-03', 'Robot grasping policies learned from demonstrations in simulation.'],
];
const abstracts = ABSTRACTS.map(([id, date, text]) => ({ id, date, text, upvotes: 0 }));

describe('relatedForArchive', () => {
  test('ranks papers on the same topic first, listed on or before the paper’s day, never itself', () => {
    const related = relatedForArchive(temporaryRoot(), sources(abstracts), 2, { code: CODE });
    expect(related.get('diffusion3')).toEqual(['diffusion1', 'diffusion2']);
    expect(related.get('proteins2')).toEqual(['proteins']);
    // On its day only the first diffusion paper and the protein paper were listed before or with it.
    expect(related.get('diffusion2')).toEqual(['diffusion1']);
    expect(related.get('diffusion1')).toEqual([]);
    // A paper that shares no term with any other has none.
    expect(related.get('robots')).toEqual([]);
  });

  test('a daily build reads, tokenizes and scores only the new day’s papers, and gives the cold build’s lists', () => {
    const archive = realArchive(6, 40);
    const newDay = archive.filter((paper) => paper.date === '2026-05-06');
    const root = temporaryRoot();
    const before = build(
      root,
      archive.filter((paper) => paper.date < '2026-05-06'),
    );

    const reads: string[] = [];
    const daily = build(root, archive, { reads });
    expect(reads.sort()).toEqual(newDay.map((paper) => paper.id).sort());
    expect(daily.work).toMatchObject({ read: 40, counted: 40, scored: 40, documents: 240, notes: [] });
    expect(daily.lists).toBe(coldLists(archive));
    // Earlier pages keep their lists; most new papers have five.
    for (const [id, list] of before.related) expect(daily.related.get(id)).toEqual(list);
    expect(newDay.filter((paper) => daily.related.get(paper.id)!.length === 5).length).toBeGreaterThan(30);

    // Built again unchanged, nothing is read or scored.
    expect(build(root, archive).work).toMatchObject({ read: 0, counted: 0, scored: 0 });
  });

  test('upvotes rescore nothing, and the frequencies count each paper once however often its entry changed', () => {
    const archive = realArchive(5, 20);
    const root = temporaryRoot();
    const first = build(root, archive);
    let upvoted = archive;
    for (let round = 1; round <= 4; round++) {
      // The daily workflow updates the last three days' upvotes: new entries, the same texts.
      upvoted = upvoted.map((paper) => (paper.date >= '2026-05-03' ? { ...paper, upvotes: round } : paper));
      const again = build(root, upvoted);
      expect(again.work).toMatchObject({ read: 60, counted: 0, scored: 0 });
      expect(again.lists).toBe(first.lists);
    }
    const nextDay = realArchive(6, 20).slice(100);
    const daily = build(root, [...upvoted, ...nextDay]);
    expect(daily.work).toMatchObject({ scored: 20, documents: 120 });
    expect(daily.lists).toBe(coldLists([...upvoted, ...nextDay]));
  });

  test('a backfilled or moved day rescores the days from it on, and gives the cold build’s lists', () => {
    const archive = realArchive(6, 20);
    const root = temporaryRoot();
    build(
      root,
      archive.filter((paper) => paper.date !== '2026-05-03'),
    );
    const backfilled = build(root, archive);
    expect(backfilled.work).toMatchObject({ counted: 20, scored: 80 });
    expect(backfilled.lists).toBe(coldLists(archive));

    // The second day's papers, listed a day later: that day and every later one change.
    const moved = archive.map((paper) => (paper.date === '2026-05-02' ? { ...paper, date: '2026-05-03' } : paper));
    const after = build(root, moved);
    expect(after.work.scored).toBe(100);
    expect(after.lists).toBe(coldLists(moved));
  });

  test('another number of related papers a paper scores every day again', () => {
    const archive = realArchive(3, 20);
    const root = temporaryRoot();
    build(root, archive);
    const shorter = build(root, archive, { count: 2 });
    expect(shorter.work).toMatchObject({ read: 0, counted: 0, scored: 60 });
    expect(shorter.lists).toBe(coldLists(archive, 2));
  });

  test('a removed paper leaves the lists it was in, and no text is read again', () => {
    const root = temporaryRoot();
    build(root, abstracts, { count: 2 });
    const reads: string[] = [];
    const after = build(
      root,
      abstracts.filter((paper) => paper.id !== 'diffusion1'),
      { count: 2, reads },
    );
    // No other day's entries changed: their texts are known.
    expect(reads).toEqual([]);
    expect(after.related.get('diffusion3')).toEqual(['diffusion2']);
    expect(after.work.scored).toBe(5);
  });

  test('keeps the days a month to a file, and deletes the file of a month no longer listed', () => {
    const archive = realArchive(4, 10, '2026-04-29');
    const root = temporaryRoot();
    build(root, archive);
    const months = join(root, RELATED_DIR, 'months');
    expect(readdirSync(months).sort()).toEqual(['2026-04.bin', '2026-05.bin']);
    const may = archive.filter((paper) => paper.date >= '2026-05-01');
    expect(build(root, may).lists).toBe(coldLists(may));
    expect(readdirSync(months)).toEqual(['2026-05.bin']);
  });
});

describe('relatedForArchive with a damaged cache', () => {
  const archive = realArchive(4, 15, '2026-04-29');
  /** A root with the archive built, and the path of its kept files. */
  const builtRoot = () => {
    const root = temporaryRoot();
    build(root, archive);
    return { root, file: (name: string) => join(root, RELATED_DIR, name) };
  };
  const rebuild = (root: string) => {
    const lines: string[] = [];
    const related = relatedForArchive(root, sources(archive), 5, { code: CODE, log: (line) => lines.push(line) });
    return { lines, lists: JSON.stringify([...related]) };
  };

  test('drops a changed, truncated or garbage head or vocabulary, with one line saying so, and computes every list again', () => {
    const cold = coldLists(archive);
    const damages: [file: string, damage: (bytes: Buffer) => Buffer, line: RegExp][] = [
      [
        'head.bin',
        (bytes) => Buffer.from(bytes.toString('latin1').replace('"lineage"', '"lineagE"'), 'latin1'),
        /head\.bin was damaged/,
      ],
      ['head.bin', (bytes) => bytes.subarray(0, bytes.length - 10), /head\.bin was damaged/],
      ['head.bin', () => Buffer.from('not a cache at all'), /head\.bin was damaged/],
      [
        'terms.txt',
        (bytes) => Buffer.from(bytes.toString('latin1').replace('\n', '\nx'), 'latin1'),
        /head\.bin does not match terms\.txt/,
      ],
      ['terms.txt', (bytes) => bytes.subarray(0, bytes.length - 2), /head\.bin does not match terms\.txt/],
    ];
    for (const [name, damage, line] of damages) {
      const { root, file } = builtRoot();
      writeFileSync(file(name), damage(readFileSync(file(name))));
      const { lines, lists } = rebuild(root);
      expect(lines, name).toEqual([expect.stringMatching(line)]);
      expect(lines[0]).toMatch(/every related list is computed again$/);
      expect(lists, name).toBe(cold);
    }
  });

  test('reads the vocabulary only as far as the head says: an append a crash cut short is dropped', () => {
    const { root, file } = builtRoot();
    writeFileSync(file('terms.txt'), Buffer.concat([readFileSync(file('terms.txt')), Buffer.from('half-writ')]));
    const { lines, lists } = rebuild(root);
    expect(lines).toEqual([]);
    expect(lists).toBe(coldLists(archive));
  });

  test('rescores only the days of a damaged month, with one line saying so', () => {
    const { root, file } = builtRoot();
    const april = file('months/2026-04.bin');
    const bytes = readFileSync(april);
    // One count, weight or place changed: still a well-formed file, caught by its check.
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(april, bytes);
    const { related, work } = updateRelated(root, sources(archive), 5, CODE);
    expect(work.notes).toEqual([
      `${join(root, RELATED_DIR)}: kept files were damaged (months/2026-04); what they held is computed again`,
    ]);
    // April's two days; May's keep their lists.
    expect(work).toMatchObject({ read: 30, counted: 30, scored: 30 });
    expect(JSON.stringify([...related])).toBe(coldLists(archive));
  });

  test('tokenizes again the texts of a month whose kept counts were damaged, only when they are needed', () => {
    const { root, file } = builtRoot();
    writeFileSync(file('counts/2026-04.bin'), 'garbage');
    // A new day starts from the kept frequencies: no counts are read.
    const withNewDay = [...archive, ...realArchive(5, 15, '2026-04-29').slice(60)];
    expect(build(root, withNewDay).work).toMatchObject({ read: 15, counted: 15, scored: 15, notes: [] });
    // A day backfilled before the newest: the frequencies are recounted, April's texts tokenized again.
    const backfilled = withNewDay.map((paper) =>
      paper.date === '2026-05-03' ? { ...paper, date: '2026-05-01' } : paper,
    );
    const after = build(root, backfilled);
    expect(after.work).toMatchObject({ read: 60, counted: 60, scored: 45 });
    expect(after.work.notes).toEqual([
      `${join(root, RELATED_DIR)}: kept files were damaged (counts/2026-04); what they held is computed again`,
    ]);
    expect(after.lists).toBe(coldLists(backfilled));
  });

  test('drops a cache made by other code, with one line saying so', () => {
    const { root } = builtRoot();
    const lines: string[] = [];
    relatedForArchive(root, sources(archive), 5, { code: 'other code', log: (line) => lines.push(line) });
    expect(lines).toEqual([expect.stringMatching(/head\.bin was made by other code/)]);
    // Back to this code: the other code's cache is dropped in turn.
    expect(rebuild(root).lines).toHaveLength(1);
  });

  test('says nothing on a first build', () => {
    expect(rebuild(temporaryRoot()).lines).toEqual([]);
  });
});

describe('relatedForArchive, whatever the cache holds', () => {
  // Few words, so that most papers share some: lists are long and ties are many.
  const WORDS = ['diffusion', 'protein', 'graph', 'robot', 'policy', 'attention', 'language', 'sampling', 'molecule'];
  // Ten days over two months, which are kept in two files.
  const DATES = Array.from({ length: 10 }, (_, day) => dayAfter('2025-03-27', day));
  // And now and then a rarer one, so that the vocabulary keeps growing from build to build.
  const word = fc.oneof(
    { arbitrary: fc.constantFrom(...WORDS), weight: 5 },
    { arbitrary: fc.nat(40).map((rare) => `rare${rare}x`), weight: 1 },
  );
  const text = fc.array(word, { minLength: 1, maxLength: 7 }).map((words) => words.join(' '));
  const day = fc.nat(DATES.length - 1);
  const pick = fc.nat();

  const change = fc.oneof(
    fc.record({ kind: fc.constant('add day' as const), texts: fc.array(text, { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('backfill' as const), day, texts: fc.array(text, { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('move paper' as const), pick, day }),
    fc.record({ kind: fc.constant('move day' as const), pick, day }),
    fc.record({ kind: fc.constant('edit' as const), pick, text }),
    fc.record({ kind: fc.constant('upvote' as const), pick }),
    fc.record({ kind: fc.constant('remove' as const), pick }),
    fc.record({ kind: fc.constant('truncate' as const), pick, keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('corrupt' as const), pick, at: fc.nat(), byte: fc.nat(255) }),
    // One bit near the end: a weight, a place or a count, where the file still reads well.
    fc.record({ kind: fc.constant('flip bit' as const), pick, fromEnd: fc.nat(40), bit: fc.nat(7) }),
    // Bytes after the end: an append a crash cut short.
    fc.record({ kind: fc.constant('append' as const), pick, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('delete file' as const), pick }),
    fc.record({ kind: fc.constant('misplace file' as const), pick, other: pick }),
    fc.record({ kind: fc.constant('restore older cache' as const), pick }),
    // One file as an earlier build left it, the others newer: a build cut short between writes.
    fc.record({ kind: fc.constant('restore older file' as const), pick, file: pick }),
  );
  type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

  /** Every kept file, by path under the cache folder. */
  const files = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
          .sort()
      : [];

  test('gives what a build from nothing gives, after any changes to the archive and to the cache', () => {
    let runs = 0;
    let listed = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ day, text }), { minLength: 1, maxLength: 10 }),
        fc.array(change, { maxLength: 10 }),
        (initial, changes) => {
          const root = temporaryRoot();
          const dir = join(root, RELATED_DIR);
          let next = 0;
          const paper = (date: string, paperText: string): Paper => ({
            id: `p${String(next++).padStart(2, '0')}`,
            date,
            text: paperText,
            upvotes: 0,
          });
          let archive = initial.map((item) => paper(DATES[item.day]!, item.text));
          const older: Map<string, Buffer>[] = [];
          const at = <T>(list: readonly T[], index: number) => list[index % list.length];

          const apply = (step: Change) => {
            const dates = [...new Set(archive.map((item) => item.date))].sort();
            const chosen = at(archive, 'pick' in step ? step.pick : 0);
            const cached = files(dir);
            switch (step.kind) {
              case 'add day': {
                const newest = DATES.indexOf(dates.at(-1) ?? DATES[0]!);
                const date = DATES[Math.min(newest + 1, DATES.length - 1)]!;
                archive = [...archive, ...step.texts.map((item) => paper(date, item))];
                break;
              }
              case 'backfill':
                archive = [...archive, ...step.texts.map((item) => paper(DATES[step.day]!, item))];
                break;
              case 'move paper':
                archive = archive.map((item) => (item === chosen ? { ...item, date: DATES[step.day]! } : item));
                break;
              case 'move day': {
                const moved = at(dates, step.pick);
                archive = archive.map((item) => (item.date === moved ? { ...item, date: DATES[step.day]! } : item));
                break;
              }
              case 'edit':
                archive = archive.map((item) => (item === chosen ? { ...item, text: step.text } : item));
                break;
              case 'upvote':
                archive = archive.map((item) => (item === chosen ? { ...item, upvotes: item.upvotes + 1 } : item));
                break;
              case 'remove':
                archive = archive.filter((item) => item !== chosen || archive.length === 1);
                break;
              case 'truncate': {
                const file = at(cached, step.pick);
                if (file)
                  writeFileSync(
                    file,
                    readFileSync(file).subarray(0, Math.floor(readFileSync(file).length * step.keep)),
                  );
                break;
              }
              case 'corrupt': {
                const file = at(cached, step.pick);
                if (!file) break;
                const bytes = readFileSync(file);
                if (bytes.length > 0) bytes[step.at % bytes.length] = step.byte;
                writeFileSync(file, bytes);
                break;
              }
              case 'flip bit': {
                const file = at(cached, step.pick);
                if (!file) break;
                const bytes = readFileSync(file);
                const index = bytes.length - 1 - (step.fromEnd % Math.max(1, bytes.length));
                if (index >= 0) bytes[index]! ^= 1 << step.bit;
                writeFileSync(file, bytes);
                break;
              }
              case 'append': {
                const file = at(cached, step.pick);
                if (file) writeFileSync(file, Buffer.concat([readFileSync(file), step.bytes]));
                break;
              }
              case 'delete file': {
                const file = at(cached, step.pick);
                if (file) rmSync(file);
                break;
              }
              case 'misplace file': {
                const [file, other] = [at(cached, step.pick), at(cached, step.other)];
                if (file && other) writeFileSync(other, readFileSync(file));
                break;
              }
              case 'restore older file': {
                const snapshot = at(older, step.pick);
                const file = snapshot && at([...snapshot.keys()], step.file);
                if (file) writeFileSync(file, snapshot.get(file)!);
                break;
              }
              case 'restore older cache': {
                const snapshot = at(older, step.pick);
                if (!snapshot) break;
                rmSync(dir, { recursive: true, force: true });
                for (const [file, bytes] of snapshot) {
                  mkdirSync(dirname(file), { recursive: true });
                  writeFileSync(file, bytes);
                }
                break;
              }
            }
          };

          const check = () => {
            const warm = relatedForArchive(root, sources(archive), 3, { code: CODE, log: () => {} });
            const lists = JSON.stringify([...warm]);
            expect(lists).toBe(coldLists(archive, 3));
            listed += [...warm.values()].filter((list) => list.length > 0).length;
            older.push(new Map(files(dir).map((file) => [file, readFileSync(file)])));
          };

          check();
          for (const step of changes) {
            apply(step);
            check();
          }
          runs += 1;
        },
      ),
      { numRuns: 60 },
    );
    // The archives were worth checking: papers had related papers.
    expect(listed).toBeGreaterThan(runs * 5);
  });
});
