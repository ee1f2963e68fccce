import { expect, test } from 'vitest';
import { plural } from '../../src/lib/words.ts';

test('plural puts the noun in the singular for one and the plural otherwise', () => {
  expect(plural(1, 'paper')).toBe('1 paper');
  expect(plural(0, 'comment')).toBe('0 comments');
  expect(plural(34, 'paper')).toBe('34 papers');
});

test('plural writes a large count with thousands separators', () => {
  expect(plural(2832, 'author')).toBe('2,832 authors');
});
