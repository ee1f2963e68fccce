import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  categoryList,
  inCategories,
  lineInSlice,
  sliceFile,
  sliceLines,
  sliceName,
  type SliceTally,
} from '../../../scripts/lib/kaggle-slice.ts';
import { readSource } from '../../../scripts/lib/source-files.ts';
import { detectFormat, IMPORTERS } from '../../../src/lib/importers/index.ts';
import { fixture, fixturePath } from '../../helpers/fixtures.ts';

/** The first 200 lines of Kaggle's real snapshot: 0704.0001 to 0704.0200, first versions 2007-03-31 to 2007-04-02. */
const snapshotPath = fixturePath('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json');
const snapshotLines = fixture('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json').split('\n').slice(0, -1);
const idOf = (line: string) => (JSON.parse(line) as { id: string }).id;
const newTally = (): SliceTally => ({ read: 0, kept: 0, problems: [], bad: 0 });

describe('the categories asked for', () => {
  test('are read from a comma-separated list, sorted and each once', () => {
    expect(categoryList('math.RT, hep-th,cs,hep-th')).toEqual({ categories: ['cs', 'hep-th', 'math.RT'] });
  });

  test('are arXiv’s names, or the list says which are not', () => {
    expect(categoryList('hep-th,High Energy')).toEqual({
      problem:
        '--categories hep-th,High Energy: High Energy is not an arXiv category ' +
        '(a list such as hep-th,math.RT,cs: an archive such as cs takes all of cs.*)',
    });
    expect(categoryList(',')).toMatchObject({ problem: expect.stringMatching(/: names no arXiv category \(/) });
    expect(categoryList('cs:cs:AI')).toMatchObject({
      problem: expect.stringMatching(/cs:cs:AI is not an arXiv category/),
    });
  });

  test('take a paper by any of its categories, and an archive takes each category in it', () => {
    expect(inCategories(['hep-ph', 'hep-th'], ['hep-th'])).toBe(true);
    expect(inCategories(['cs.LG', 'stat.ML'], ['cs'])).toBe(true);
    expect(inCategories(['math-ph'], ['math'])).toBe(false);
    expect(inCategories(['math.RT'], ['math.RA'])).toBe(false);
    expect(inCategories(['cs.LG'], ['cs.L'])).toBe(false);
  });
});

describe('a line of the snapshot', () => {
  const [first] = snapshotLines;

  test('is in the slice by its categories and its first version’s day, inclusive', () => {
    // 0704.0001: hep-ph, first version Mon, 2 Apr 2007.
    expect(lineInSlice(first!, { categories: ['hep-ph'], from: '2007-04-02', until: '2007-04-02' })).toBe(true);
    expect(lineInSlice(first!, { categories: ['hep-th'] })).toBe(false);
    expect(lineInSlice(first!, { from: '2007-04-03' })).toBe(false);
    expect(lineInSlice(first!, { until: '2007-04-01' })).toBe(false);
    expect(lineInSlice(first!, {})).toBe(true);
  });

  test('that is not a paper of the snapshot says why', () => {
    expect(lineInSlice('{"id":"0704.0001","title":"cut sh', {})).toBe('not JSON');
    expect(lineInSlice('{"id":"0704.0001","categories":"hep-th"}', { categories: ['hep-th'] })).toMatch(
      /^not a paper of the snapshot/,
    );
  });
});

describe('sliceLines', () => {
  test('reads a line only when it is needed: taking two papers from an endless snapshot ends', async () => {
    let pulled = 0;
    function* endless() {
      for (;;) yield snapshotLines[pulled++ % snapshotLines.length]!;
    }
    const taken: string[] = [];
    for await (const line of sliceLines(endless(), { categories: ['hep-th'] }, newTally())) {
      taken.push(idOf(line));
      if (taken.length === 2) break;
    }
    expect(taken).toEqual(['0704.0015', '0704.0018']);
    // 0704.0018 is line 18: not one line further was read.
    expect(pulled).toBe(18);
  });

  test('counts the lines that could be papers asked for but are not, names them, and goes on', async () => {
    const lines = function* () {
      yield snapshotLines[14]!;
      yield '';
      // Holds no `hep-th`, so it cannot be in this slice: let go unread, like most of the snapshot.
      yield 'Internal Server Error';
      yield '{"id":"hep-th/9901001","categories":"hep-th","title":"cut sh';
      yield snapshotLines[17]!;
    };
    const tally = newTally();
    const kept: string[] = [];
    for await (const line of sliceLines(lines(), { categories: ['hep-th'] }, tally)) kept.push(idOf(line));
    expect(kept).toEqual(['0704.0015', '0704.0018']);
    expect(tally).toEqual({ read: 5, kept: 2, bad: 1, problems: ['line 4: not JSON; skipped'] });
  });
});

describe('sliceFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-slice-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('keeps the lines of the papers asked for, byte for byte, and says how many it read and kept', async () => {
    const output = join(dir, 'kaggle', sliceName(snapshotPath, { categories: ['hep-th'], until: '2007-04-01' }));
    const tally = await sliceFile(snapshotPath, output, { categories: ['hep-th'], until: '2007-04-01' });
    expect(tally).toEqual({ read: 200, kept: 6, bad: 0, problems: [], outcome: 'new' });
    const sliced = await readFile(output, 'utf8');
    expect(sliced.split('\n').slice(0, -1).map(idOf)).toEqual([
      '0704.0052',
      '0704.0064',
      '0704.0066',
      '0704.0083',
      '0704.0085',
      '0704.0101',
    ]);
    for (const line of sliced.split('\n').slice(0, -1)) expect(snapshotLines).toContain(line);
    expect(await readdir(join(dir, 'kaggle'))).toEqual(['arxiv-metadata-oai-snapshot_hep-th_start_2007-04-01.jsonl']);
  });

  test('makes a source the import reads as Kaggle’s, every paper of it', async () => {
    const output = join(dir, 'math.jsonl');
    expect((await sliceFile(snapshotPath, output, { categories: ['math'] })).kept).toBe(51);
    const text = await readFile(output, 'utf8');
    expect(detectFormat('math.jsonl', text)).toBe('kaggle-arxiv');
    const { records, problems, error } = IMPORTERS['kaggle-arxiv'](text, 'math.jsonl');
    expect([error, problems, records.length]).toEqual([undefined, [], 51]);
  });

  test('leaves a slice that did not change alone, and replaces one that did', async () => {
    const output = join(dir, 'slice.jsonl');
    await sliceFile(snapshotPath, output, { categories: ['hep-th'] });
    expect((await sliceFile(snapshotPath, output, { categories: ['hep-th'] })).outcome).toBe('unchanged');
    await writeFile(output, snapshotLines[0]!);
    expect((await sliceFile(snapshotPath, output, { categories: ['hep-th'] })).outcome).toBe('updated');
    expect((await readFile(output, 'utf8')).split('\n')).toHaveLength(16);
  });

  test('is what the import points to when the whole snapshot is over the size limit', async () => {
    const path = join(dir, 'arxiv-metadata-oai-snapshot.json');
    await writeFile(path, `${snapshotLines[0]}\n`);
    // A sparse file: 101 MB that take no room on the disk.
    await truncate(path, 101 * 2 ** 20);
    await expect(readSource({ name: 'content/sources/arxiv-metadata-oai-snapshot.json', path })).rejects.toThrow(
      'content/sources/arxiv-metadata-oai-snapshot.json: 101 MB, over the 100 MB limit for one source; ' +
        'to import part of the Kaggle snapshot use npm run import -- --categories hep-th,math.RT --from 2024-01-01 ' +
        'content/sources/arxiv-metadata-oai-snapshot.json, and keep the snapshot itself out of content/sources/',
    );
  });

  test('fails on a snapshot it cannot read, leaving nothing behind', async () => {
    await expect(sliceFile(join(dir, 'missing.json'), join(dir, 'slice.jsonl'), {})).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(dir)).toEqual([]);
  });
});

test('a slice is named for its snapshot, categories and days, so the same slice lands in the same file', () => {
  expect(
    sliceName('/data/arxiv-metadata-oai-snapshot.json', { categories: ['cs', 'hep-th'], from: '2024-01-01' }),
  ).toBe('arxiv-metadata-oai-snapshot_cs+hep-th_2024-01-01_end.jsonl');
  expect(sliceName('snapshot 2025.json', { from: '2024-01-01', until: '2024-12-31' })).toBe(
    'snapshot-2025_all_2024-01-01_2024-12-31.jsonl',
  );
});
