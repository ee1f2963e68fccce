import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { joinSegments, mergeText, splitMath, type Segment } from '../../../src/lib/math/segments.ts';

const math = (value: string, display = false): Segment => ({ kind: 'math', value, display });
const text = (value: string): Segment => ({ kind: 'text', value });

describe('splitMath', () => {
  test('finds every kind of delimiter', () => {
    expect(splitMath('a $x$ b \\(y\\) c $$z$$ d \\[w\\]')).toEqual([
      text('a '),
      math('x'),
      text(' b '),
      math('y'),
      text(' c '),
      math('z', true),
      text(' d '),
      math('w', true),
    ]);
  });

  test('closes $…$ at the next dollar, as TeX does, whatever follows it', () => {
    // From astro-ph/9503116: `($z<$0.1)` and `($\simeq\times$2--4 no-evolution)`.
    expect(splitMath('($z<$0.1)')).toEqual([text('('), math('z<'), text('0.1)')]);
    expect(splitMath('($\\simeq\\times$2--4)')).toEqual([text('('), math('\\simeq\\times'), text('2--4)')]);
    // Three formulas side by side: TeX's `p + p`.
    expect(splitMath('$p$$+$$p$')).toEqual([math('p'), math('+'), math('p')]);
    // Display math in the middle of a sentence, and TeX's other delimiters.
    expect(splitMath('so $$E=mc^2$$ holds')).toEqual([text('so '), math('E=mc^2', true), text(' holds')]);
    expect(splitMath('\\(a\\) and \\[b\\]')).toEqual([math('a'), text(' and '), math('b', true)]);
  });

  test('leaves a lone dollar in prose as prose', () => {
    expect(splitMath('costs $5 and $10')).toEqual([text('costs $5 and $10')]);
    expect(splitMath('pay $ 5 now')).toEqual([text('pay $ 5 now')]);
    expect(splitMath('unbalanced $x^2 here')).toEqual([text('unbalanced $x^2 here')]);
    expect(splitMath('escaped \\$x\\$')).toEqual([text('escaped $x$')]);
  });
});

describe('joinSegments', () => {
  test('writes formulas with dollars where that reads back the same', () => {
    expect(joinSegments([text('costs $5 for '), math('n')])).toBe('costs \\$5 for $n$');
    expect(joinSegments([math('x'), text('5 apples')])).toBe('\\(x\\)5 apples');
  });

  test('is undone by splitMath for any segments', () => {
    const segment = fc.oneof(
      fc.string().map(text),
      fc
        .string({ minLength: 1 })
        .filter((v) => v.trim() === v && !/\\$|\\\)|\$/.test(v))
        .map((v) => math(v)),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        const expected = mergeText(segments);
        expect(splitMath(joinSegments(expected))).toEqual(expected);
      }),
    );
  });
});

describe('display environments outside dollars', () => {
  test('are display math, as arXiv’s pages typeset them (from 1806.00488)', () => {
    const abstract =
      'we propose that \\begin{equation} k_B T_c \\leq A_{max} \\ \\hbar \\bar \\omega \\end{equation} where $A_{max}$ is small';
    expect(splitMath(abstract)).toEqual([
      { kind: 'text', value: 'we propose that ' },
      {
        kind: 'math',
        value: '\\begin{equation} k_B T_c \\leq A_{max} \\ \\hbar \\bar \\omega \\end{equation}',
        display: true,
      },
      { kind: 'text', value: ' where ' },
      { kind: 'math', value: 'A_{max}', display: false },
      { kind: 'text', value: ' is small' },
    ]);
  });

  test('displaymath is its content; an environment left open, or KaTeX does not know, stays prose', () => {
    expect(splitMath('\\begin{displaymath} x^2 \\end{displaymath}')).toEqual([
      { kind: 'math', value: 'x^2', display: true },
    ]);
    expect(splitMath('\\begin{equation} x')).toEqual([{ kind: 'text', value: '\\begin{equation} x' }]);
    expect(splitMath('\\begin{itemize} a \\end{itemize}')).toEqual([
      { kind: 'text', value: '\\begin{itemize} a \\end{itemize}' },
    ]);
  });
});
