import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseListing } from '../../../src/lib/importers/listing.ts';

const sample = readFileSync(new URL('../../../content/sources/daily-papers-listing.txt', import.meta.url), 'utf8');

describe('parseListing on the bundled sample', () => {
  const { records, problems } = parseListing(sample);
  const byTitle = (start: string) => records.find(({ record }) => record.title.startsWith(start))?.record;

  test('finds exactly the 34 papers and no problems', () => {
    expect(records).toHaveLength(34);
    expect(problems).toEqual([]);
  });

  test('skips the page chrome before the first paper', () => {
    expect(records[0]!.record.title).toBe(
      'From Noisy Traces to Stable Gradients: Bias-Variance Optimized Preference Optimization for Aligning Large Reasoning Models',
    );
    expect(records[0]!.at).toBe('line 13');
    expect(records.map(({ record }) => record.title)).not.toContain('Daily Papers');
  });

  test('reads titles, days and author counts', () => {
    expect(records.map(({ record }) => record.title).at(-1)).toBe(
      'Small-Gain Nash: Certified Contraction to Nash Equilibria in Differentiable Games',
    );
    expect(byTitle('From Noisy Traces')).toMatchObject({ date: '2025-10-06', authorCount: 5, authors: [] });
    expect(byTitle('Revisiting the Last-Iterate')).toMatchObject({ date: '2023-12-13', authorCount: 2 });
    expect(byTitle('CO2: Efficient Distributed')).toMatchObject({ date: '2024-01-29', authorCount: 8 });
    expect(new Set(records.map(({ record }) => record.date)).size).toBe(34);
  });

  test('reads upvotes only where the date line has them', () => {
    expect(byTitle('diffGrad')).toMatchObject({ date: '2019-09-12', upvotes: 1 });
    expect(byTitle('Small-Gain Nash')).toMatchObject({ date: '2025-12-07', upvotes: 2 });
    expect(records.filter(({ record }) => record.upvotes !== undefined)).toHaveLength(2);
  });

  test('takes an organization printed twice as one name, in place of an author count', () => {
    expect(byTitle('Small-Gain Nash')).toMatchObject({ organization: 'Lossfunk', authorCount: 0 });
    expect(records.filter(({ record }) => record.organization !== undefined)).toHaveLength(1);
  });

  test('keeps the abstract whole and without the byline', () => {
    const abstract = byTitle('Small-Gain Nash')!.abstract;
    expect(abstract.startsWith('Classical convergence guarantees')).toBe(true);
    expect(abstract.endsWith('safe step-sizes for non-monotone games.')).toBe(true);
    expect(abstract).not.toContain('Lossfunk');
  });
});

describe('parseListing on damaged text', () => {
  test('reports a paper whose separator line is missing and keeps the papers around it', () => {
    const text = [
      'First paper',
      'Abstract one.',
      '• 2 authors',
      '·',
      'Jan 2, 2024',
      'Broken paper',
      'Abstract two.',
      '• 3 authors',
      'Jan 3, 2024',
      'Third paper',
      'Abstract three.',
      'Acme Acme',
      '·',
      'Jan 4, 2024 7',
    ].join('\n\n');
    const { records, problems } = parseListing(text);
    expect(records.map(({ record }) => record.title)).toEqual(['First paper', 'Third paper']);
    expect(records[1]!.record).toMatchObject({ organization: 'Acme', upvotes: 7, date: '2024-01-04' });
    expect(problems).toEqual([{ at: 'line 17', message: expect.stringContaining('expected a "·" line') }]);
  });

  test('reads a single author and Windows line endings', () => {
    const { records } = parseListing('Solo\r\n\r\nText.\r\n\r\n• 1 author\r\n\r\n·\r\n\r\nFeb 29, 2024');
    expect(records[0]!.record).toMatchObject({ title: 'Solo', authorCount: 1, date: '2024-02-29', abstract: 'Text.' });
  });

  test('finds nothing in text that is not a listing', () => {
    expect(parseListing('just some words\n\nand more')).toEqual({ records: [], problems: [] });
  });
});
