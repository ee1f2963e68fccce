import { describe, expect, test } from 'vitest';
import { daysBetween, newestDay, stalenessProblem, today } from '../../src/lib/freshness.ts';

test('finds the newest day and how old it is', () => {
  expect(newestDay(['2025-03-04', '2025-03-10', '2024-12-31'])).toBe('2025-03-10');
  expect(newestDay([])).toBeUndefined();
  expect(daysBetween('2025-02-27', '2025-03-02')).toBe(3);
});

test('a site older than its maximum age fails; a fresh one, or no maximum, passes', () => {
  expect(stalenessProblem('2025-03-01', '2025-03-03', 2)).toBeUndefined();
  expect(stalenessProblem('2025-03-01', '2025-03-04', 2)).toBe(
    'the newest papers are of 2025-03-01, 3 days ago, older than --max-age 2: is fetching still working?',
  );
  expect(stalenessProblem(undefined, '2025-03-04', 2)).toMatch(/^no papers at all/);
  expect(stalenessProblem('2001-01-01', '2025-03-04', 0)).toBeUndefined();
});

describe('today', () => {
  test('is fixed by SOURCE_DATE_EPOCH, so a build of the same archive gives the same bytes any day', () => {
    const before = process.env['SOURCE_DATE_EPOCH'];
    try {
      process.env['SOURCE_DATE_EPOCH'] = String(Date.UTC(2026, 0, 31, 23, 59) / 1000);
      expect(today()).toBe('2026-01-31');
    } finally {
      if (before === undefined) delete process.env['SOURCE_DATE_EPOCH'];
      else process.env['SOURCE_DATE_EPOCH'] = before;
    }
    expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
