import { describe, expect, test } from 'vitest';
import { joinSegments, splitMath } from '../../../src/lib/math/segments.ts';
import { cleanProseAround, cleanTexProse } from '../../../src/lib/math/tex-prose.ts';

/** An abstract's text as the TeX importers store it: prose cleaned around its formulas. */
const cleaned = (tex: string) => joinSegments(cleanProseAround(splitMath(tex, 'tex')));

describe('cleanTexProse', () => {
  test('leaves a rule line and a code fence as they are', () => {
    expect(cleanTexProse('---')).toBe('---');
    expect(cleanTexProse('```js')).toBe('```js');
  });

  test('removes TeX prose markup a web page cannot show', () => {
    expect(cleanTexProse("a fully {\\it single-loop} ``client drift'' bias--variance AlpacaEval~2")).toBe(
      'a fully single-loop “client drift” bias–variance AlpacaEval 2',
    );
  });

  test('reads TeX dashes as dashes, spaced or between formulas, but not an option', () => {
    // From arXiv:1612.08966 and 2601.02465.
    expect(cleanTexProse('model calculations --- none of which')).toBe('model calculations — none of which');
    expect(cleanTexProse('Peccei--Quinn, 2 -- 4')).toBe('Peccei–Quinn, 2 – 4');
    expect(cleaned('$D^0$--$\\overline{D}^0$')).toBe('$D^0$–$\\overline{D}^0$');
    expect(cleanTexProse('run it with --help')).toBe('run it with --help');
  });

  test('turns TeX spacing commands into spaces, as arXiv abstracts use them beside units and formulas', () => {
    // From arXiv:1803.10974, astro-ph/9503116 and a hep-th listing of 2026-08-18.
    expect(cleanTexProse('a centre-of-mass energy of 13\\,TeV')).toBe('a centre-of-mass energy of 13 TeV');
    expect(cleanTexProse('\\, luminosities similar')).toBe(' luminosities similar');
    expect(cleanTexProse('our previous work, Eur.\\ Phys.\\ J.\\ C 86')).toBe('our previous work, Eur. Phys. J. C 86');
  });

  test('reads citations, links, footnotes and colours as what they say (real daily-arXiv abstracts)', () => {
    expect(cleanTexProse('posed by Wu and Zhang \\cite{WZ2003}.')).toBe('posed by Wu and Zhang [WZ2003].');
    expect(cleanTexProse('to consume \\citep[see][p. 2]{xie2025mhc,li2026}')).toBe('to consume [xie2025mhc, li2026]');
    expect(cleanTexProse('is open-sourced at \\href{https://github.com/a/b}{GitHub}.')).toBe(
      'is open-sourced at GitHub (https://github.com/a/b).',
    );
    expect(cleanTexProse('at \\url{https://x.org/y_z} and \\href{https://a.io}{https://a.io}')).toBe(
      'at https://x.org/y_z and https://a.io',
    );
    expect(cleanTexProse('on Hugging Face\\footnote{Datasets are at \\url{https://hf.co/d}}.')).toBe(
      'on Hugging Face (Datasets are at https://hf.co/d).',
    );
    expect(cleanTexProse('The dataset\\footnotemark[1] and classifier')).toBe('The dataset and classifier');
    expect(cleanTexProse('EPDMS on {\\textcolor{blue}{\\textit{navhard}}}, and \\scalebox{0.65}{big}')).toBe(
      'EPDMS on {navhard}, and big',
    );
  });

  test('reads nested styles and TeX words', () => {
    expect(cleanTexProse('\\textbf{\\emph{both}} {\\bf bold {\\it and} more}')).toBe('both bold and more');
    expect(cleanTexProse('a strategy, \\ie a map, \\eg{} this; 360{\\deg} views\\ldots')).toBe(
      'a strategy, i.e. a map, e.g. this; 360° views…',
    );
    expect(cleanTexProse('release at \\verb+github.com/agr78/x+.')).toBe('release at github.com/agr78/x.');
    expect(cleanTexProse('Gradient\\-Aware')).toBe('GradientAware');
  });

  test('leaves commands it does not know, and a command without its argument, as they are', () => {
    expect(cleanTexProse('we curate \\gknow, a benchmark')).toBe('we curate \\gknow, a benchmark');
    expect(cleanTexProse('an open \\textbf{group')).toBe('an open \\textbf{group');
  });
});

describe('cleanProseAround', () => {
  test('reads markup around a formula whole (2505.14010, 2606.15204)', () => {
    expect(cleaned('speed by \\textbf{5$\\times$} while')).toBe('speed by 5$\\times$ while');
    expect(cleaned('the class of {\\it $p$-adic rings} described')).toBe('the class of $p$-adic rings described');
    expect(cleaned('\\emph{Calibrated Accuracy ($\\mathrm{CA}$)}, which')).toBe(
      'Calibrated Accuracy ($\\mathrm{CA}$), which',
    );
  });

  test('keeps every formula, in order, and escapes nothing twice', () => {
    expect(cleaned('costs \\$5: $a$ then \\cite{k} $b$ and $c$.')).toBe('costs \\$5: $a$ then [k] $b$ and $c$.');
  });
});
