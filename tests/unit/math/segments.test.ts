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

describe('splitMath with TeX’s dollar rule', () => {
  test('reads dollars with spaces inside as math, as TeX and arXiv do', () => {
    expect(splitMath('for $ 1<p<2$ and $\\nu= 1/2 $ on $(M, \\omega) $.', 'tex')).toEqual([
      text('for '),
      math('1<p<2'),
      text(' and '),
      math('\\nu= 1/2'),
      text(' on '),
      math('(M, \\omega)'),
      text('.'),
    ]);
  });

  test('leaves a dollar that pairs with nothing as text', () => {
    expect(splitMath('up to $x^2 here', 'tex')).toEqual([text('up to $x^2 here')]);
    expect(splitMath('escaped \\$5 and $x$', 'tex')).toEqual([text('escaped $5 and '), math('x')]);
  });

  test('never lets a formula swallow half a sentence when an author left out a dollar', () => {
    // 0704.0106: the opening dollar of the first formula is missing.
    const missingOpener =
      'up to order \\cal{O}(\\alpha_{s}^2)$ in deeply inelastic scattering. At the order $\\cal{O}(\\alpha_s^2)$, twist-four';
    expect(splitMath(missingOpener, 'tex')).toEqual([
      text('up to order \\cal{O}(\\alpha_{s}^2)$ in deeply inelastic scattering. At the order '),
      math('\\cal{O}(\\alpha_s^2)'),
      text(', twist-four'),
    ]);
    // 0704.0200: `\Delta\alpha_n=0.8\pm 1.7$ and $\Delta\beta_n…$`.
    expect(splitMath('$a=1$, \\Delta\\alpha_n=0.8$ and $\\Delta\\beta_n=2.0$ are', 'tex')).toEqual([
      math('a=1'),
      text(', \\Delta\\alpha_n=0.8$ and '),
      math('\\Delta\\beta_n=2.0'),
      text(' are'),
    ]);
  });

  test('leaves money written without a backslash as text (2505.13511)', () => {
    const money =
      'price around $250, and an average of $306). Each task is priced (1,400 real Upwork tasks worth $1M total). ' +
      'Claude earns approximately $1.52 million USD, followed closely by GPT-4o-mini at $1.49 million, then Qwen 2.5 ' +
      '($1.33M) and Mistral ($0.70M).';
    expect(splitMath(money, 'tex')).toEqual([text(money)]);
  });

  test('closes a formula at the dollar outside its braces (2605.10157)', () => {
    expect(splitMath('at $\\textbf{$\\textit{80 lower}$}$ FLOPs', 'tex')).toEqual([
      text('at '),
      math('\\textbf{$\\textit{80 lower}$}'),
      text(' FLOPs'),
    ]);
  });

  test('reads formulas made of names and scripts as formulas, not prose', () => {
    for (const formula of [
      'SL_{n+m}(\\mathbb{C})\\supset SL_n(\\mathbb{C})\\times SL_m(\\mathbb{C})',
      'p_{min} < p < p_{max}',
      '\\int f(x) dx dy',
      '5 GeV',
      'rank(A) = dim(V)',
      // 2605.10360: words around an arrow, written as math.
      'canonical \\rightarrow dynamic',
    ]) {
      expect(splitMath(`a $${formula}$ b`, 'tex')).toEqual([text('a '), math(formula), text(' b')]);
    }
  });

  test('keeps words inside \\text and command names from reading as prose', () => {
    expect(splitMath('$x \\text{for all large enough} n$', 'tex')).toEqual([math('x \\text{for all large enough} n')]);
    expect(splitMath('$\\sin\\theta \\cos\\phi \\log n$', 'tex')).toEqual([math('\\sin\\theta \\cos\\phi \\log n')]);
  });

  test('gives what joinSegments writes the same segments under the prose rule', () => {
    const segments = splitMath('for $ 1<p<2$ and $ x $5, or $\\nu= 1/2 $', 'tex');
    expect(splitMath(joinSegments(segments))).toEqual(segments);
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
