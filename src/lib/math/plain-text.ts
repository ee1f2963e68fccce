import { COMMANDS } from './commands.ts';
import { MATH_MACROS } from './macros.ts';
import type { Segment } from './segments.ts';

/** What a command or an escaped character reads as in plain text (unknown commands read as nothing). */
const PLAIN: Readonly<Record<string, string>> = {
  ...COMMANDS,
  '%': '%',
  $: '$',
  '&': '&',
  '#': '#',
  _: '_',
  '{': '{',
  '}': '}',
};

/**
 * A readable plain-text form of a TeX formula, for search indexes, `<title>` and excerpts:
 * symbol macros become Unicode, layout macros and braces go.
 * @example mathToPlainText('\\mathcal{O}(\\epsilon^{-3})') // 'O(ε^-3)'
 */
export function mathToPlainText(tex: string): string {
  // Author macros first, as KaTeX expands them (`\msun` is `M_\odot`). An environment's frame, its
  // line breaks and alignment marks (`\begin{align} a &= b \\ c &= d \end{align}`) are layout.
  let flat = tex
    .replace(/\\(?:begin|end)\{[^{}]*\}|\\\\|(?<!\\)&/g, ' ')
    .replace(/\\[A-Za-z]+/g, (command) => MATH_MACROS[command] ?? command);
  // Innermost first, so `\frac{\sqrt{d}}{n}` becomes `√d/n`.
  for (let previous = ''; previous !== flat;) {
    previous = flat;
    flat = flat
      .replace(/\\sqrt\s*\{([^{}]*)\}/g, (_whole, radicand: string) => `√${atom(radicand)}`)
      .replace(
        /\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g,
        (_whole, top: string, bottom: string) => `${atom(top)}/${atom(bottom)}`,
      );
  }
  const plain = readCommands(flat, (name) => PLAIN[name] ?? '');
  // A formula made only of commands the table does not know (`$\\XQM$`) reads as their names.
  return plain || readCommands(flat, (name) => PLAIN[name] ?? name);
}

/** A flattened formula's commands read as `read` says, its braces and spacing commands gone. */
function readCommands(flat: string, read: (name: string) => string): string {
  return flat
    .replace(/\\([A-Za-z]+|[%$&#_{}])/g, (_whole, name: string) => read(name))
    .replace(/[{}]/g, '')
    .replace(/\\[,;:! ]/g, ' ')
    .replace(/~/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A fraction's part, in parentheses unless it is one word or number. */
const atom = (part: string) => (/^[\w.\\√]+$/.test(part.trim()) ? part.trim() : `(${part.trim()})`);

/** Segments as one line of plain text: prose as is, formulas in their plain-text form. */
export function segmentsToPlainText(segments: readonly Segment[]): string {
  return segments
    .map((segment) => (segment.kind === 'text' ? segment.value : mathToPlainText(segment.value)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
