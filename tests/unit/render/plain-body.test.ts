import { describe, expect, test } from 'vitest';
import { parsePlainBody } from '../../../src/lib/render/plain-body.ts';

describe('parsePlainBody', () => {
  test('reads paragraphs of escaped text, inline and display math, and links', () => {
    expect(parsePlainBody('A \\*b\\* $x^2$ and [https://x.org](https://x.org).\n\n$$\n\\sum_i\n$$')).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', value: 'A *b* ' },
          { kind: 'math', value: 'x^2' },
          { kind: 'text', value: ' and ' },
          { kind: 'link', url: 'https://x.org', text: 'https://x.org' },
          { kind: 'text', value: '.' },
        ],
      },
      { kind: 'display', value: '\\sum_i' },
    ]);
  });

  test('decodes character references and escapes as MDX does', () => {
    expect(parsePlainBody('&#x69;mport \\{a} &amp; \\$5')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', value: 'import {a} & $5' }] },
    ]);
  });

  test('gives up on anything more, which then goes through the MDX-grammar pipeline', () => {
    for (const body of [
      '## Notes',
      'a *b*',
      'a <b>',
      'a {b}',
      'import x from "y"',
      '- item',
      '1. item',
      'two\nlines',
      'see www.example.org',
      'mail a@b.co',
      '![alt](x.png)',
      '`code`',
      'ends with space ',
    ]) {
      expect(parsePlainBody(body), body).toBeUndefined();
    }
  });

  test('takes an underscore inside a word for a letter', () => {
    expect(parsePlainBody('x_i and a_b')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', value: 'x_i and a_b' }] },
    ]);
  });
});
