import { describe, expect, test } from 'vitest';
import { parsePaperboyJson, parsePaperboyJsonLines } from '../../../src/lib/importers/paperboy-json.ts';
import { fixture } from '../../helpers/fixtures.ts';

describe('Paperboy records', () => {
  test('reads a JSON array of records as they are', () => {
    const { records } = parsePaperboyJson(fixture('paperboy/reading-group.json'));
    expect(records.map(({ at }) => at)).toEqual(['record 1', 'record 2']);
    expect(records[1]!.record).toEqual({
      title: 'A Paper Only We Know About',
      authors: [],
      authorCount: 2,
      organization: 'Our Lab',
      date: '2025-01-15',
      abstract: 'Hand-made entries need no arXiv id.',
    });
  });

  test('reads JSON Lines and names the line of a broken one', () => {
    const { records, problems } = parsePaperboyJsonLines(
      `${fixture('paperboy/reading-group.jsonl')}{"title": \n\n[1]\n`,
    );
    expect(records.map(({ at }) => at)).toEqual(['line 1', 'line 2']);
    expect(problems).toEqual([
      { at: 'line 3', message: expect.stringMatching(/^not valid JSON/) },
      { at: 'line 5', message: 'not an object; skipped' },
    ]);
  });

  test('refuses a JSON file that is not a list', () => {
    expect(parsePaperboyJson('{"title": "x"}').error).toBe('expected a JSON array of paper records');
  });
});
