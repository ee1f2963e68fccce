import { escapeHtml } from '../html.ts';
import { typesetFormula } from './katex.ts';
import { splitMath, type Segment } from './segments.ts';

/**
 * HTML for a line of text with math, such as a title, an excerpt or an AI summary: prose escaped,
 * formulas typeset by KaTeX inline. `onError` hears of formulas KaTeX could not typeset.
 * @example textToHtml('Bounds for $\\epsilon$') // 'Bounds for <span class="katex">…</span>'
 */
export function textToHtml(input: string | readonly Segment[], onError?: (problem: string) => void): string {
  const segments = typeof input === 'string' ? splitMath(input) : input;
  return segments
    .map((segment) => {
      if (segment.kind === 'text') return escapeHtml(segment.value);
      const { html, error } = typesetFormula(segment.value, false);
      if (error) onError?.(`${segment.value} (${error})`);
      return html;
    })
    .join('');
}
