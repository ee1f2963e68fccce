import { describe, expect, test } from 'vitest';
import { parseDailyArxiv } from '../../../src/lib/importers/daily-arxiv.ts';
import { fixture } from '../../helpers/fixtures.ts';

describe('parseDailyArxiv', () => {
  const { records, problems } = parseDailyArxiv(fixture('daily-arxiv/2025-03-04.jsonl'), 'data/2025-03-04.jsonl');

  test('takes the day from the file name', () => {
    expect(problems).toEqual([]);
    expect(records.map(({ record }) => record.date)).toEqual(['2025-03-04', '2025-03-04']);
    expect(parseDailyArxiv('{}', 'latest.jsonl').error).toMatch(/file name must carry the day/);
  });

  test('keeps raw TeX as math and joins hard line breaks', () => {
    expect(records[0]!.record.abstract).toBe(
      'Chain-of-thought traces are long. We compress them by $4\\times$ while keeping $99\\%$ of the accuracy, using learned summaries.',
    );
  });

  test('keeps the AI summary fields and arXiv metadata', () => {
    expect(records[0]!.record).toMatchObject({
      arxivId: '2503.02001',
      categories: ['cs.CL', 'cs.AI'],
      authors: ['Li Wei', 'Sofía García'],
      ai: {
        summary: 'Learned summaries compress reasoning traces 4x.',
        method: 'Train a summariser on traces.',
        result: '$4\\times$ shorter at $99\\%$ accuracy.',
      },
    });
    expect(records[1]!.record).not.toHaveProperty('ai');
    expect(records[1]!.record).not.toHaveProperty('comment');
  });
});
