/** A run of prose or one formula. Titles and abstracts are handled as lists of these. */
export type Segment = { kind: 'text'; value: string } | { kind: 'math'; value: string; display: boolean };

const DELIMITERS = [
  { open: '$$', close: '$$', display: true },
  { open: '\\[', close: '\\]', display: true },
  { open: '\\(', close: '\\)', display: false },
] as const;

/**
 * Display-math environments that authors write straight into abstracts, outside any dollars, and
 * that arXiv's own pages typeset (MathJax reads them): KaTeX knows these. `displaymath` is `\[…\]`.
 */
const ENVIRONMENT = /^\\begin\{(equation|align|gather|displaymath)(\*?)\}/;

/**
 * How a text's single dollars are read:
 * - `prose` (the default; Hugging Face, scraped listings, hand-made records), where `$` is often
 *   money: a dollar opens inline math only when a non-space follows it, and the next dollar closes
 *   it only when a non-space comes before that one. So `costs $5 and $10` stays prose.
 * - `tex` (text the authors wrote in TeX: arXiv's feeds and bulk data): TeX's own rule, every
 *   dollar opens or closes, spaces or not (`$ 1<p<2$`, `$\nu= 1/2 $`). A pair whose inside reads
 *   as prose, as when an author left out a dollar or wrote money without `\$`, is not a formula:
 *   its first dollar stays text and the pairing goes on from the next one, so no formula swallows
 *   half a sentence.
 */
export type DollarRule = 'prose' | 'tex';

/**
 * Splits text at explicit TeX delimiters: `$…$` and `\(…\)` inline, `$$…$$`, `\[…\]` and the
 * environments above display. Single dollars follow `dollars` (see DollarRule); either way a
 * dollar is closed by the next one, as in TeX (`$z<$0.1`). `\$` is a literal dollar sign and
 * `\\` a literal backslash.
 * @example splitMath('a $x^2$ b') // [text 'a ', math 'x^2', text ' b']
 * @example splitMath('for $ 1<p<2$', 'tex') // [text 'for ', math '1<p<2']
 */
export function splitMath(input: string, dollars: DollarRule = 'prose'): Segment[] {
  const segments: Segment[] = [];
  let text = '';
  let i = 0;
  const pushText = () => {
    if (text) segments.push({ kind: 'text', value: text });
    text = '';
  };
  outer: while (i < input.length) {
    const environment = input.startsWith('\\begin{', i) ? ENVIRONMENT.exec(input.slice(i)) : null;
    if (environment) {
      const [begin, name, star] = environment;
      const close = `\\end{${name}${star}}`;
      const end = input.indexOf(close, i + begin.length);
      if (end !== -1) {
        pushText();
        const tex = name === 'displaymath' ? input.slice(i + begin.length, end) : input.slice(i, end + close.length);
        segments.push({ kind: 'math', value: tex.trim(), display: true });
        i = end + close.length;
        continue;
      }
    }
    for (const { open, close, display } of DELIMITERS) {
      if (input.startsWith(open, i)) {
        const end = input.indexOf(close, i + open.length);
        const tex = end === -1 ? '' : input.slice(i + open.length, end);
        if (tex.trim()) {
          pushText();
          segments.push({ kind: 'math', value: tex.trim(), display });
          i = end + close.length;
          continue outer;
        }
      }
    }
    const char = input[i]!;
    const next = input[i + 1];
    if (char === '\\' && (next === '$' || next === '\\')) {
      text += next;
      i += 2;
      continue;
    }
    if (char === '$' && (dollars === 'tex' || (next !== undefined && !/\s/.test(next)))) {
      const end = findClosingDollar(input, i + 1, dollars);
      const tex = end === -1 ? '' : input.slice(i + 1, end);
      if (end !== -1 && (dollars === 'prose' || (tex.trim() && !readsAsProse(tex)))) {
        pushText();
        segments.push({ kind: 'math', value: dollars === 'tex' ? tex.trim() : tex, display: false });
        i = end + 1;
        continue;
      }
    }
    text += char;
    i += 1;
  }
  pushText();
  return segments;
}

function findClosingDollar(input: string, from: number, dollars: DollarRule): number {
  // A dollar inside a group the formula opened is math nested in text (`$\\textbf{$x$}$`), so the
  // closing dollar is the next one outside braces; if braces never close, the next one at all.
  let depth = 0;
  let first = -1;
  let j = from;
  for (; j < input.length; j++) {
    const char = input[j];
    if (char === '\\') j += 1;
    else if (char === '{') depth += 1;
    else if (char === '}') depth = Math.max(0, depth - 1);
    else if (char === '\n' && input[j + 1] === '\n') break;
    else if (char === '$') {
      if (first === -1) first = j;
      if (depth === 0) break;
    }
  }
  const end = input[j] === '$' ? j : first;
  // The dollar closes, as in TeX (`$z<$0.1`). In prose, not when a space comes before it: then
  // the opener was a dollar in prose (`costs $5 and $10`).
  const closes = end > from && (dollars === 'tex' || !/\s/.test(input[end - 1]!));
  return closes ? end : -1;
}

/**
 * What does not count as prose inside a formula: groups of words (`\\text{for all}`), scripts
 * (`p_{max}`) and command names.
 */
const NOT_PROSE =
  /\\(?:text[a-z]*|math[a-z]+|mbox|hbox|operatorname\*?)\s*\{[^{}]*\}|[_^]\{[^{}]*\}|[_^]\\?[A-Za-z0-9]|\\[A-Za-z]+/g;
/** Two words in a row (`is dominated`, `and Mistral`), not a product of variables (`dx dy`). */
const WORDS_IN_A_ROW = /(?<![A-Za-z])[a-z]{2,}\s+[A-Za-z][a-z]+(?![A-Za-z(])/g;
/** A few small words alone between spaces: the text between two formulas (`$ and $`). */
const WORDS_ALONE = /^[\s,.;:]+[a-z]{2,}(?:\s+[a-z]{2,}){0,2}[,.;:]?\s+$/;

/**
 * Whether what lies between two dollars in TeX reads as prose rather than a formula, as when an
 * author left out a dollar (`$ in deeply inelastic scattering. At the order $`, `$ and $`) or wrote
 * money without `\\$` (`$250, and an average of $306`).
 */
export function readsAsProse(tex: string): boolean {
  if (WORDS_ALONE.test(tex)) return true;
  const prose = tex.replace(NOT_PROSE, '·');
  return [...prose.matchAll(WORDS_IN_A_ROW)].some(([words]) => words.replace(/\s/g, '').length >= 6);
}

/**
 * The canonical string form of segments, as stored in a title: the inverse of `splitMath`.
 * @example joinSegments([text 'costs $5 for ', math 'n']) // 'costs \\$5 for $n$'
 */
export function joinSegments(segments: readonly Segment[]): string {
  return segments
    .map((segment, index) => {
      if (segment.kind === 'text') return segment.value.replace(/[\\$]/g, (c) => `\\${c}`);
      if (segment.display) return `\\[${segment.value}\\]`;
      // `$…$` reads best, but only round-trips when its edges cannot be mistaken for prose.
      const next = segments[index + 1];
      const dollarSafe =
        /^\S(?:.*\S)?$/s.test(segment.value) &&
        !segment.value.endsWith('\\') &&
        bracesPair(segment.value) &&
        !(next?.kind === 'text' && /^\d/.test(next.value));
      return dollarSafe ? `$${segment.value}$` : `\\(${segment.value}\\)`;
    })
    .join('');
}

/** Whether a formula's braces pair up, so that the dollar after it is read as its end (and a BibTeX field's brace as the field's). */
export function bracesPair(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === '\\') i += 1;
    else if (tex[i] === '{') depth += 1;
    else if (tex[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Joins neighbouring segments of the same kind where that changes nothing (text next to text). */
export function mergeText(segments: readonly Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const last = merged.at(-1);
    if (segment.kind === 'text' && last?.kind === 'text') last.value += segment.value;
    else if (segment.kind !== 'text' || segment.value) merged.push({ ...segment });
  }
  return merged;
}
