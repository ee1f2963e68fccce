import { describe, expect, test } from 'vitest';
import { abstractToMdx } from '../../src/lib/entries.ts';
import { abstractExcerpt } from '../../src/lib/excerpt.ts';
import { joinSegments, splitMath } from '../../src/lib/math/segments.ts';

const excerptOf = (text: string, words: number) => {
  const { segments, truncated } = abstractExcerpt(abstractToMdx(splitMath(text)), words);
  return { text: joinSegments(segments), truncated };
};

describe('abstractExcerpt', () => {
  test('keeps the first words and says when it cut', () => {
    expect(excerptOf('One two three four five.', 3)).toEqual({ text: 'One two three', truncated: true });
    expect(excerptOf('One two three.', 5)).toEqual({ text: 'One two three.', truncated: false });
  });

  test('counts a formula as one word and never cuts inside it', () => {
    expect(excerptOf('We need $O(\\epsilon^{-3} + n)$ steps here.', 3)).toEqual({
      text: 'We need $O(\\epsilon^{-3} + n)$',
      truncated: true,
    });
  });

  test('keeps the space between a formula and the next word', () => {
    expect(excerptOf('by $4\\times$ while keeping $99\\%$ of it', 10).text).toBe(
      'by $4\\times$ while keeping $99\\%$ of it',
    );
  });

  test('shows escaped characters as the reader sees them', () => {
    expect(excerptOf('<think> {0,1} costs \\$5', 10).text).toBe('<think> {0,1} costs \\$5');
  });

  test('stops before the notes', () => {
    const body = `${abstractToMdx(splitMath('Short abstract.'))}\n\n## Notes\n\nMy notes.`;
    expect(joinSegments(abstractExcerpt(body, 40).segments)).toBe('Short abstract.');
  });
});
