import { describe, expect, test } from 'vitest';
import {
  firstVersionDay,
  kaggleCategories,
  kaggleRecord,
  parseKaggleArxiv,
} from '../../../src/lib/importers/kaggle-arxiv.ts';
import { fixture } from '../../helpers/fixtures.ts';

const SNAPSHOT = fixture('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json');
const lines = SNAPSHOT.split('\n').filter(Boolean);
/** A real line of the snapshot, as the streaming reader hands it over. */
const line = (id: string): Record<string, unknown> =>
  lines.map((text) => JSON.parse(text) as Record<string, unknown>).find((value) => value['id'] === id)!;

describe('parseKaggleArxiv', () => {
  const { records, problems, error } = parseKaggleArxiv(SNAPSHOT);
  const paper = (id: string) => records.find(({ record }) => record.arxivId === id)!.record;

  test('imports every line of the snapshot', () => {
    expect(error).toBeUndefined();
    expect(problems).toEqual([]);
    expect(records).toHaveLength(200);
    expect(records[0]).toMatchObject({ at: 'line 1', record: { arxivId: '0704.0001' } });
    expect(records[199]).toMatchObject({ at: 'line 200', record: { arxivId: '0704.0200' } });
  });

  test('lists a paper under its first version, not under update_date', () => {
    expect(line('0704.0002')).toMatchObject({ update_date: '2008-12-13' });
    expect(paper('0704.0002').date).toBe('2007-03-31');
  });

  test('takes the names from the TeX author line, affiliations left out and TeX kept', () => {
    expect(paper('0704.0177').authors).toHaveLength(10);
    expect(paper('0704.0177').authorCount).toBe(10);
    expect(paper('0704.0001').authors).toEqual(["C. Bal\\'azs", 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan']);
    expect(paper('0704.0049').authors).toEqual(['Mikkel {\\O}bro']);
  });

  test("takes arXiv's own split of the names when the line splits into a different number of them", () => {
    const surnameFirst = { ...line('0704.0002'), authors: 'Streinu, Ileana, Theran, Louis' };
    expect(kaggleRecord(surnameFirst)).toMatchObject({ authors: ['Ileana Streinu', 'Louis Theran'], authorCount: 2 });
  });

  test('keeps the names of the author line when the parse is empty or missing', () => {
    const { authors_parsed: _, ...unparsed } = line('0704.0062');
    expect(kaggleRecord({ ...line('0704.0062'), authors_parsed: [] })).toMatchObject({ authorCount: 3 });
    expect(kaggleRecord(unparsed)).toMatchObject({ authorCount: 3 });
  });

  test('keeps the categories primary first, the first valid DOI, comment and journal reference on one line', () => {
    expect(paper('0704.0001')).toMatchObject({
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      categories: ['hep-ph'],
      comment: '37 pages, 15 figures; published version',
      journalRef: 'Phys.Rev.D76:013009,2007',
      doi: '10.1103/PhysRevD.76.013009',
      links: { arxiv: 'https://arxiv.org/abs/0704.0001', pdf: 'https://arxiv.org/pdf/0704.0001' },
    });
    expect(paper('0704.0002').categories).toEqual(['math.CO', 'cs.CG']);
    expect(paper('0704.0002')).not.toHaveProperty('doi');
  });

  test('names a line that is no paper, and keeps the lines around it', () => {
    const broken = [lines[0], '[1, 2]', '{"id": "0704.0002", "title": ', lines[2]].join('\n');
    const result = parseKaggleArxiv(broken);
    expect(result.records.map(({ at }) => at)).toEqual(['line 1', 'line 4']);
    expect(result.problems).toEqual([
      { at: 'line 3', message: expect.stringMatching(/^not valid JSON/) },
      { at: 'line 2', message: 'not an object; skipped' },
    ]);
  });
});

describe('kaggleRecord', () => {
  test('says why a value that is no paper is skipped', () => {
    expect(kaggleRecord(null)).toBe('not an object; skipped');
    expect(kaggleRecord('0704.0001')).toBe('not an object; skipped');
  });
});

describe('firstVersionDay', () => {
  test('reads the day of version 1 in UTC, wherever it sits in the list', () => {
    expect(firstVersionDay(line('0704.0001'))).toBe('2007-04-02');
    const versions = (line('0704.0001')['versions'] as unknown[]).toReversed();
    expect(firstVersionDay({ versions })).toBe('2007-04-02');
  });

  test('is undefined for a line without a readable version', () => {
    expect(firstVersionDay({ versions: [] })).toBeUndefined();
    expect(firstVersionDay({ versions: [{ version: 'v1', created: 'soon' }] })).toBeUndefined();
    expect(firstVersionDay('0704.0001')).toBeUndefined();
  });
});

describe('kaggleCategories', () => {
  test("reads a line's categories without building its record", () => {
    expect(kaggleCategories(line('0704.0002'))).toEqual(['math.CO', 'cs.CG']);
    expect(kaggleCategories({ id: '0704.0002' })).toBeUndefined();
  });
});
