import { readFileSync } from 'node:fs';
import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { parseListing } from '../../../src/lib/importers/listing.ts';
import { restoreBackslashes, restoreMath, undelimitedMath } from '../../../src/lib/math/restore.ts';
import { joinSegments, splitMath } from '../../../src/lib/math/segments.ts';

/** The text with restored formulas in `$…$`, as an entry stores it. */
const restored = (text: string) => joinSegments(restoreMath(text));
const formulas = (text: string) => restoreMath(text).flatMap((s) => (s.kind === 'math' ? [s.value] : []));

describe('restoreMath on sentences from the sample listing', () => {
  test.each([
    ['mathcal{O}( n + nLvarepsilon^{-1}), which', '$\\mathcal{O}( n + nL\\varepsilon^{-1})$, which'],
    ['under (varepsilon,delta)-differential privacy (DP)', 'under $(\\varepsilon,\\delta)$-differential privacy (DP)'],
    ['if |nabla F(w)|leq alpha. We', 'if $|\\nabla F(w)|\\leq \\alpha$. We'],
    ['using in total O(epsilon^{-3}) and', 'using in total $O(\\epsilon^{-3})$ and'],
    ['requires mathcal{O}(1/epsilon^4) iterations', 'requires $\\mathcal{O}(1/\\epsilon^4)$ iterations'],
    ['the network function f_theta (which maps', 'the network function $f_\\theta$ (which maps'],
    ['we achieve 88.2pm0.3 AP using only 5\\% labels', 'we achieve $88.2 \\pm 0.3$ AP using only 5% labels'],
    ['cost includes \\$12 for GPT-4o-mini', 'cost includes \\$12 for GPT-4o-mini'],
    ['parameter sigma > 0. Must be O(sigma)-close', 'parameter $\\sigma > 0$. Must be $O(\\sigma)$-close'],
    [
      'rate of Obig(big[sqrt{d}{nvarepsilon}big]^{1/2}big). We',
      'rate of $O\\big(\\big[\\frac{\\sqrt{d}}{n\\varepsilon}\\big]^{1/2}\\big)$. We',
    ],
    [
      'is tilde Thetabig(1{n}+sqrt{d}{nvarepsilon}big). Finally',
      'is $\\tilde \\Theta \\big(\\frac{1}{n}+\\frac{\\sqrt{d}}{n\\varepsilon}\\big)$. Finally',
    ],
    ['a function F:R^drightarrowR if', 'a function $F:R^d\\rightarrow R$ if'],
    // From Hugging Face's day of 2024-10-25 (tests/fixtures/recorded), which drops the dollars.
    ['on a single 8timesA800 GPU machine', 'on a single $8\\times A800$ GPU machine'],
  ])('%s', (before, after) => {
    expect(restored(before)).toBe(after);
  });

  test('turns a bare Greek name into math only where the same text uses it in a formula', () => {
    const text = 'rates O(log(1/delta)/T), where delta is the failure probability';
    expect(restored(text)).toBe('rates $O(\\log(1/\\delta)/T)$, where $\\delta$ is the failure probability');
    expect(restored('an analysis of alpha vectors and delta debugging')).toBe(
      'an analysis of alpha vectors and delta debugging',
    );
  });

  test('leaves ordinary English, code-like names, links and numbers alone', () => {
    for (const text of [
      'Please see our code at https://github.com/AI45Lab/X-Boundary.',
      'We use max_tokens and the user_name field.',
      'A log of the minimum and maximum, in theory and in practice (26M params).',
      'costs $5 and $10 for GPT-4o-mini; Llama-3-70B at 18.7%',
      'The Omega Point and the Delta Lake format',
      'Binary codes in {0,1} with <think> tags and {process.exit(1)}',
    ]) {
      expect(formulas(text)).toEqual([]);
    }
  });

  test('makes every formula of the sample valid for KaTeX and leaves no bare macro name behind', () => {
    const sample = readFileSync(new URL('../../../content/sources/daily-papers-listing.txt', import.meta.url), 'utf8');
    const abstracts = parseListing(sample).records.map(({ record }) => record.abstract);
    const all = abstracts.flatMap((abstract) => formulas(abstract.replace(/\$/g, '')));
    expect(all.length).toBeGreaterThan(50);
    for (const tex of all) expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
    expect(abstracts.join('\n')).not.toMatch(/(?<!\\)mathcal\{|(?<!\\)varepsilon|(?<!\\)nabla/);
  });
});

describe('restoreBackslashes', () => {
  test('splits macro names glued to letters and restores lost fractions', () => {
    expect(restoreBackslashes('nLvarepsilon')).toBe('nL\\varepsilon');
    expect(restoreBackslashes('Oleft(dB_Lright)')).toBe('O\\left(dB_L\\right)');
    expect(restoreBackslashes('1{n^{1/3}}')).toBe('\\frac{1}{n^{1/3}}');
    expect(restoreBackslashes('p^{log(1/epsilon)}')).toBe('p^{\\log(1/\\epsilon)}');
  });
});

describe('undelimitedMath: formulas authors wrote in TeX without dollars', () => {
  const found = (tex: string) => joinSegments(undelimitedMath(splitMath(tex, 'tex')));

  test.each([
    // Real hep-th abstracts (tests/fixtures/corpus/arxiv/oai-pmh, atom, kaggle-jsonl).
    ['giant gravitons in AdS_5 x S^5, open strings', 'giant gravitons in $AdS_5 x S^5$, open strings'],
    ['the coupling constant \\lambda > 1/3 . This', 'the coupling constant $\\lambda$ > 1/3 . This'],
    ['orbifolds of C^4. Given', 'orbifolds of $C^4$. Given'],
    ['inverse monoids, called Inv_{k,1}; this', 'inverse monoids, called $Inv_{k,1}$; this'],
    ['an O(4) symmetry', 'an $O(4)$ symmetry'],
  ])('%s', (tex, expected) => {
    expect(found(tex)).toBe(expected);
  });

  test('leaves English words and bracketed prose as they are, backslashes being all there', () => {
    expect(found('the alpha particle and a delta function')).toBe('the alpha particle and a delta function');
    expect(found('see https://example.org/a_b^c for the code')).toBe('see https://example.org/a_b^c for the code');
    expect(found('an effect (on the order of 10^-10 arcseconds) seen')).toBe(
      'an effect (on the order of $10^-10$ arcseconds) seen',
    );
  });
});

test('restoreMath finds a braced script after a Greek letter (Hugging Face, 2603.16861)', () => {
  expect(formulas('outperforming π_{0.5} at 39.2%')).toEqual(['π_{0.5}']);
});
