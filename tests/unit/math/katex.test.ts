import { describe, expect, test } from 'vitest';
import { KATEX_OPTIONS, typesetFormula } from '../../../src/lib/math/katex.ts';
import { ALSO_WORDS, COMMANDS, GREEK } from '../../../src/lib/math/commands.ts';
import { AUTHOR_MACROS, MATH_MACROS } from '../../../src/lib/math/macros.ts';
import { mathToPlainText } from '../../../src/lib/math/plain-text.ts';
import { renderEntryView } from '../../../src/lib/render/entry-view.ts';

/** What a reader sees of typeset HTML: KaTeX's visible layer, without the MathML copy. */
const visible = (html: string) =>
  html
    .replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&#39;/g, "'");

describe('typesetFormula', () => {
  test('shows a command KaTeX does not know as its name, and typesets the rest', () => {
    const result = typesetFormula('a = 7.54 \\pm 0.30 \\XQM + \\Hcal_2', false);
    expect(result.error).toBeUndefined();
    expect(result.unknown).toEqual(['\\XQM', '\\Hcal']);
    expect(result.html).toContain('class="enclosing math-unknown"');
    expect(visible(result.html)).toContain('\\XQM');
    expect(visible(result.html)).toContain('±');
    expect(result.html).not.toContain('katex-error');
  });

  test('shows an unknown command by name where it stands for an argument, and typesets the rest', () => {
    // Real abstracts: a script, both base and script, and the argument of a root.
    for (const [tex, unknown] of [
      ['L_\\sun \\approx 10^{10}', ['\\sun']],
      ['\\A_\\z', ['\\A', '\\z']],
      ['\\Dmq_\\Sbl^2', ['\\Dmq', '\\Sbl']],
      ['\\sqrt\\CalS + 1', ['\\CalS']],
      ['\\hat\\foo', ['\\foo']],
    ] as const) {
      const result = typesetFormula(tex, false);
      expect(result.error, tex).toBeUndefined();
      expect(result.unknown).toEqual(unknown);
      for (const command of unknown) expect(visible(result.html)).toContain(command);
    }
    expect(visible(typesetFormula('\\sqrt\\CalS + 1', false).html)).toContain('+1');
  });

  test('typesets common author macros as what they stand for', () => {
    const cases: [tex: string, shows: string][] = [
      ['M = 1.4\\msun', '⊙'],
      // As astro-ph/0107018 writes it: `below $\\sim 1 \\msol$`.
      ['\\sim 1 \\msol', '⊙'],
      ['R \\simeq 2\\,\\rsun', '⊙'],
      ['v = 30\\kms', 'km'],
      ['x \\la 3', '≲'],
      ['x \\simgt 3', '≳'],
      ['\\Q(\\sqrt{5})', 'Q'],
      ['\\E[X]', 'E'],
      ['\\Var(X)', 'Var'],
      ['f, \\eg, g', 'e.g.'],
    ];
    for (const [tex, shows] of cases) {
      const result = typesetFormula(tex, false);
      expect(result.unknown, tex).toEqual([]);
      expect(result.error, tex).toBeUndefined();
      expect(visible(result.html), tex).toContain(shows);
    }
    // Blackboard letters are typeset as such.
    expect(typesetFormula('\\Q', false).html).toContain('mathbb');
  });

  test('reads % as a percent sign, not as the start of a comment', () => {
    const result = typesetFormula('5% < x', false);
    expect(result.error).toBeUndefined();
    expect(visible(result.html)).toMatch(/5%.*x/);
    expect(typesetFormula('5\\% < x', false).html).toBe(result.html);
  });

  test('never lets a formula define a command for the ones after it', () => {
    const defining = typesetFormula('\\gdef\\alpha{EVIL}\\alpha', false);
    expect(defining.unknown).toContain('\\gdef');
    expect(visible(typesetFormula('\\alpha + 1', false).html)).not.toContain('EVIL');
    expect(typesetFormula('\\newcommand{\\x}{y} \\x', false).html).not.toContain('katex-error');
    // The settings hand KaTeX a fresh table for every formula.
    expect(KATEX_OPTIONS.macros).not.toBe(KATEX_OPTIONS.macros);
    expect(KATEX_OPTIONS.macros).toEqual(MATH_MACROS);
  });

  test('shows a formula with broken structure as its source', () => {
    const result = typesetFormula('\\frac{1}{', false);
    expect(result.error).toMatch(/KaTeX parse error/);
    expect(result.html).toBe('<span class="math-source">$\\frac{1}{$</span>');
  });

  test('trusts no HTML extension but the mark of unknown commands', () => {
    const html = typesetFormula('\\htmlClass{evil}{x} + \\href{javascript:alert(1)}{y}', false).html;
    expect(html).not.toContain('class="enclosing evil"');
    // Shown as their names; the source stays only as the MathML annotation's text.
    expect(html).not.toMatch(/<a |href=/);
    expect(html).not.toContain('#cc0000');
  });

  test('links to web pages from a formula, and shows commands it may not run by name (2605.11461)', () => {
    const link = typesetFormula('\\href{https://github.com/a/b}{this}', false);
    expect(link.html).toContain('<a href="https://github.com/a/b">');
    const image = typesetFormula('x + \\includegraphics{x.png}', false);
    expect(image.unknown).toEqual(['\\includegraphics']);
    expect(image.html).not.toContain('#cc0000');
  });
});

describe('the plain-text copy of a formula', () => {
  test('expands author macros and keeps \\ell', () => {
    expect(mathToPlainText('M = 1.4\\msun')).toBe('M = 1.4M_⊙');
    expect(mathToPlainText('(k,\\ell)')).toBe('(k,ℓ)');
    expect(mathToPlainText('x \\la 3')).toBe('x ≲ 3');
    // Never empty: a formula of unknown commands reads as their names.
    expect(mathToPlainText('\\XQM')).toBe('XQM');
    expect(mathToPlainText('\\mathcal{\\Hcal}')).toBe('Hcal');
    expect(mathToPlainText('\\XQM + 1')).toBe('+ 1');
    expect(Object.keys(AUTHOR_MACROS).length).toBeGreaterThan(20);
  });

  test('leaves an environment’s frame, line breaks and alignment marks out', () => {
    expect(mathToPlainText('\\begin{equation} A_{max} \\approx 1/10. \\end{equation}')).toBe('A_max ≈ 1/10.');
    expect(mathToPlainText('\\begin{align} a &= b \\\\ c &= d \\end{align}')).toBe('a = b c = d');
    expect(mathToPlainText('R \\& D')).toBe('R & D');
  });
});

describe('an entry’s report', () => {
  test('names each unknown command once, and counts no formula as invalid for it', () => {
    const { view } = renderEntryView('On $\\XQM$ modules', 'We bound $\\XQM(n)$ and $\\XQM + \\cla$.', 40);
    expect(view.unknownCommands).toEqual(['\\XQM', '\\cla']);
    expect(view.mathErrors).toEqual([]);
  });
});

describe('the table of commands', () => {
  test('names the words it keeps from the listing’s restoration among its own commands', () => {
    for (const word of ALSO_WORDS) expect(COMMANDS, word).toHaveProperty(word);
    for (const [name, letter] of Object.entries(GREEK)) expect(COMMANDS[name]).toBe(letter);
  });
});
