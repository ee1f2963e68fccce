import { escapeHtml } from '../html.ts';
import { typesetInto, type MathReport } from './katex.ts';
import { splitMath, type Segment } from './segments.ts';

/**
 * HTML for a line of text with math, such as a title, an excerpt or an AI summary: prose escaped,
 * formulas typeset by KaTeX inline. `report` hears of formulas KaTeX could not typeset and of
 * commands it showed as their names.
 * @example textToHtml('Bounds for $\\epsilon$') // 'Bounds for <span class="katex">…</span>'
 */
export function textToHtml(input: string | readonly Segment[], report?: MathReport): string {
  const segments = typeof input === 'string' ? splitMath(input) : input;
  return segments
    .map((segment) => (segment.kind === 'text' ? escapeHtml(segment.value) : typesetInto(report, segment.value, false)))
    .join('');
}
