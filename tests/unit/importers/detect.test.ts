import { describe, expect, test } from 'vitest';
import { detectFormat } from '../../../src/lib/importers/index.ts';
import { fixture } from '../../helpers/fixtures.ts';

describe('detectFormat', () => {
  test.each([
    ['listing/hostile-and-math.txt', 'listing'],
    ['hf-daily/2025-03-04.json', 'hf-daily'],
    ['hf-daily/paper.json', 'hf-daily'],
    ['arxiv/atom-with-math.xml', 'arxiv-atom'],
    ['paperboy/reading-group.json', 'paperboy-json'],
    ['paperboy/reading-group.jsonl', 'paperboy-jsonl'],
    ['daily-arxiv/2025-03-04.jsonl', 'daily-arxiv'],
  ])('recognises %s as %s', (name, format) => {
    expect(detectFormat(name, fixture(name))).toBe(format);
  });

  test('leaves a file of unknown kind to --format', () => {
    expect(detectFormat('papers.csv', 'title,date\n')).toBeUndefined();
  });
});
