import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseArxivListingJson } from '../../../src/lib/importers/arxiv-listing-json.ts';
import { fixture, fixturePath } from '../../helpers/fixtures.ts';

const FOLDER = 'corpus/arxiv/hep-th-listing-json';

describe('parseArxivListingJson', () => {
  const name = `${FOLDER}/2026-08-05.json`;
  const { records, problems, error } = parseArxivListingJson(fixture(name), name);

  test("imports every paper under the file's day", () => {
    expect(error).toBeUndefined();
    expect(problems).toEqual([]);
    expect(records).toHaveLength(20);
    expect(new Set(records.map(({ record }) => record.date))).toEqual(new Set(['2026-08-05']));
  });

  test('splits the author string at " , " and leaves the affiliations after names out', () => {
    expect(records[1]!.record).toMatchObject({ authors: ['Carlos Nunez', 'Dibakar Roychowdhury'], authorCount: 2 });
    expect(records[12]!.record.authors).toEqual(['Fei Han', 'Pedram Hekmati', 'Tsuyoshi Kato', 'Varghese Mathai']);
  });

  test('splits the category string, the primary category first', () => {
    expect(records[0]!.record).toMatchObject({
      arxivId: '2608.02696',
      categories: ['hep-th', 'cond-mat.str-el', 'quant-ph'],
      links: { arxiv: 'https://arxiv.org/abs/2608.02696', pdf: 'https://arxiv.org/pdf/2608.02696' },
    });
  });

  test("reads all nine of the bot's files, whatever their source field says", () => {
    const files = readdirSync(fixturePath(FOLDER));
    const results = files.map((file) => parseArxivListingJson(fixture(`${FOLDER}/${file}`), file));
    expect(results.flatMap((result) => result.problems)).toEqual([]);
    expect(results.reduce((sum, result) => sum + result.records.length, 0)).toBe(228);
  });

  test('takes the day from the file name when the file has no date', () => {
    const undated = JSON.stringify({ papers: [{ id: '2608.02696', title: 'T', authors: 'A , B' }] });
    expect(parseArxivListingJson(undated, 'data/2026-08-05.json').records[0]!.record.date).toBe('2026-08-05');
  });

  test('names a paper that is not an object, and a file that is no listing', () => {
    const mixed = JSON.stringify({ date: '2026-08-05', papers: ['2608.02696', { id: '2608.02715', title: 'T' }] });
    expect(parseArxivListingJson(mixed, name)).toMatchObject({
      records: [{ at: 'paper 2' }],
      problems: [{ at: 'paper 1', message: 'not an object; skipped' }],
    });
    expect(parseArxivListingJson('[]', name).error).toBe('not a listing: expected an object with a "papers" list');
    expect(parseArxivListingJson('{"papers": [', name).error).toMatch(/^not valid JSON/);
  });
});
