import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { prepareSourcesCached } from '../../../scripts/lib/prepare-cache.ts';
import type { SourceJob } from '../../../scripts/lib/import-tasks.ts';
import { prepareSource } from '../../../src/lib/import/sources.ts';
import { fixture } from '../../helpers/fixtures.ts';

// Slices of real sources (tests/fixtures/corpus/SOURCES.md): a Kaggle snapshot's JSON Lines, one
// record a line, and a Hugging Face day, a JSON array.
const KAGGLE = fixture('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json').split('\n').slice(0, 60);
const HF_DAY = 'hf-daily/2025-03-04.json';

let dir: string;
let warnings: string[];
/** How many records each run prepared (rather than took from the cache). */
let prepared: number[];

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'paperboy-prepared-')), 'sources', 'code-version');
  warnings = [];
  prepared = [];
});
afterEach(() => rm(join(dir, '../..'), { recursive: true, force: true }));

function prepare(jobs: SourceJob[], complete = true) {
  return prepareSourcesCached(
    dir,
    jobs,
    {
      warn: (message) => warnings.push(message),
      progress: (total) => {
        prepared.push(total);
        return { update() {}, stop() {} };
      },
    },
    complete,
  );
}

const kaggle = (lines: string[]): SourceJob => ({ name: 'content/sources/kaggle/slice.jsonl', text: lines.join('\n') });

describe('prepareSourcesCached', () => {
  test('gives what preparing each source afresh gives', async () => {
    const jobs = [kaggle(KAGGLE), { name: 'content/sources/day.json', text: fixture(HF_DAY) }];
    const fresh = jobs.map((job) => prepareSource(job.name, job.text));
    expect(await prepare(jobs)).toEqual(fresh);
    expect(await prepare(jobs)).toEqual(fresh);
    expect(prepared).toEqual([KAGGLE.length + 2, 0]);
  });

  test('prepares only the lines appended to a JSON Lines file, and names every record by its new line', async () => {
    await prepare([kaggle(KAGGLE.slice(0, 50))]);
    // A day appended at the end, and a line put before all the others: every place moves by one.
    const lines = [KAGGLE[55]!, ...KAGGLE.slice(0, 50), ...KAGGLE.slice(50, 55)];
    const [result] = await prepare([kaggle(lines)]);
    expect(prepared).toEqual([50, 6]);
    expect(result).toEqual(prepareSource('content/sources/kaggle/slice.jsonl', lines.join('\n')));
    expect(result!.papers[1]!.origin).toBe('content/sources/kaggle/slice.jsonl, line 2');
  });

  test('prepares only the changed record of a JSON array', async () => {
    await prepare([{ name: 'content/sources/day.json', text: fixture(HF_DAY) }]);
    const updated = fixture(HF_DAY).replace('"upvotes": 42', '"upvotes": 43');
    const [result] = await prepare([{ name: 'content/sources/day.json', text: updated }]);
    expect(prepared).toEqual([2, 1]);
    expect(result!.papers.map((paper) => paper.frontmatter.upvotes)).toContain(43);
  });

  test('prepares a record again under another file name, which its entry records', async () => {
    await prepare([kaggle(KAGGLE.slice(0, 5))]);
    const [moved] = await prepare([{ name: 'content/sources/other.jsonl', text: KAGGLE.slice(0, 5).join('\n') }]);
    expect(prepared).toEqual([5, 5]);
    expect(moved!.papers[0]!.frontmatter.source).toBe('content/sources/other.jsonl');
  });

  test('drops a cache file cut short or garbled, with one line, and prepares its source again', async () => {
    const job = kaggle(KAGGLE.slice(0, 10));
    const fresh = prepareSource(job.name, job.text);
    await prepare([job]);
    const [file] = await readdir(dir);
    const cached = join(dir, file!);
    const whole = await readFile(cached, 'utf8');

    await truncate(cached, Math.floor(whole.length / 2));
    expect(await prepare([job])).toEqual([fresh]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /code-version\/[0-9a-f]+\.json: a damaged cache file \(cut short or garbled\), dropped; its source is prepared again$/,
      ),
    ]);

    // Valid JSON, but not what was written: the checksum tells.
    await writeFile(cached, whole.replace('"line 1"', '"line 9"'));
    expect(await prepare([job])).toEqual([fresh]);
    expect(warnings).toHaveLength(2);
    expect(prepared).toEqual([10, 10, 10]);
    // Rebuilt whole: the next run takes it as it is.
    expect(await prepare([job])).toEqual([fresh]);
    expect(warnings).toHaveLength(2);
  });

  test('keeps only the current sources after a full import, and only the current code version', async () => {
    await mkdir(join(dir, '../old-version'), { recursive: true });
    await writeFile(join(dir, '../old-version/x.json'), '{}');
    await prepare([kaggle(KAGGLE.slice(0, 3)), { name: 'content/sources/day.json', text: fixture(HF_DAY) }]);
    expect(await readdir(join(dir, '..'))).toEqual(['code-version']);
    expect(await readdir(dir)).toHaveLength(2);
    await prepare([kaggle(KAGGLE.slice(0, 3))], false);
    expect(await readdir(dir)).toHaveLength(2);
    await prepare([kaggle(KAGGLE.slice(0, 3))], true);
    expect(await readdir(dir)).toHaveLength(1);
  });
});
