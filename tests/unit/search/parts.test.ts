import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { partsOf, planParts } from '../../../src/lib/search/parts.ts';

/** Papers per day: `perDay` papers on each weekday from `from` to `to`. */
function archive(from: string, to: string, perDay: number): Map<string, number> {
  const days = new Map<string, number>();
  for (
    let day = new Date(`${from}T00:00:00Z`);
    day <= new Date(`${to}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1)
  ) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.set(day.toISOString().slice(0, 10), perDay);
  }
  return days;
}

const sizes = (perDay: Map<string, number>, partOfDay: Map<string, string>) => {
  const papers = new Map<string, number>();
  for (const [day, id] of partOfDay) papers.set(id, (papers.get(id) ?? 0) + perDay.get(day)!);
  return papers;
};

describe('planParts', () => {
  test('keeps a small archive in one part', () => {
    const perDay = archive('2024-01-01', '2024-03-31', 10);
    const parts = planParts(perDay, { maxPapers: 12_000, onePartUpTo: 2_000 });
    expect(new Set(parts.values())).toEqual(new Set(['all']));
    expect([...parts.keys()]).toEqual([...perDay.keys()]);
  });

  test('gives the newest month a part of its own and cuts the rest by year', () => {
    const perDay = archive('2023-01-02', '2024-08-07', 40);
    const parts = planParts(perDay, { maxPapers: 12_000, onePartUpTo: 2_000 });
    expect(new Set(parts.values())).toEqual(new Set(['2023', '2024', '2024-08']));
    // Years small enough to share a part are joined, and the part is named by both.
    const joined = planParts(archive('2023-01-02', '2024-08-07', 20), { maxPapers: 12_000, onePartUpTo: 2_000 });
    expect(new Set(joined.values())).toEqual(new Set(['2023_2024', '2024-08']));
    expect(parts.get('2024-07-31')).toBe('2024');
    expect(parts.get('2024-08-01')).toBe('2024-08');
  });

  test('cuts a year too big for one part into halves, quarters or months, joining neighbours that fit', () => {
    const perDay = archive('2023-01-02', '2024-12-06', 60);
    const maxPapers = 5_000;
    const parts = planParts(perDay, { maxPapers, onePartUpTo: 2_000 });
    const ids = new Set(parts.values());
    expect(ids.has('2024-12')).toBe(true);
    expect([...ids].some((id) => /^2023-q\d/.test(id) || /^2023-\d\d/.test(id))).toBe(true);
    for (const [id, papers] of sizes(perDay, parts)) expect(papers, id).toBeLessThanOrEqual(maxPapers);
  });

  test('adding a day to the newest month changes no other part', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 90 }),
        fc.integer({ min: 1_000, max: 15_000 }),
        fc.integer({ min: 1, max: 27 }),
        (perDay, maxPapers, dayOfMonth) => {
          const before = archive('2022-03-01', `2024-05-${String(dayOfMonth).padStart(2, '0')}`, perDay);
          const after = new Map(before).set(`2024-05-${String(dayOfMonth + 1).padStart(2, '0')}`, perDay);
          const options = { maxPapers, onePartUpTo: 0 };
          const [a, b] = [planParts(before, options), planParts(after, options)];
          for (const [day, id] of a) expect(b.get(day)).toBe(id);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('partsOf', () => {
  test('lists the parts newest first, with the days they span', () => {
    const partOfDay = new Map([
      ['2023-05-02', '2023'],
      ['2023-11-30', '2023'],
      ['2024-02-01', '2024-02'],
      ['2024-01-15', '2024-01'],
    ]);
    expect(partsOf(partOfDay)).toEqual([
      { id: '2024-02', from: '2024-02-01', to: '2024-02-01' },
      { id: '2024-01', from: '2024-01-15', to: '2024-01-15' },
      { id: '2023', from: '2023-05-02', to: '2023-11-30' },
    ]);
  });
});
