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
 * Splits text at explicit TeX delimiters: `$…$` and `\(…\)` inline, `$$…$$`, `\[…\]` and the
 * environments above display.
 * A dollar opens inline math when a non-space follows it, and the next dollar closes it, as in
 * TeX (`$z<$0.1`), provided a non-space comes before that one. So prose like `costs $5 and $10`
 * stays prose. `\$` is a literal dollar sign and `\\` a literal backslash.
 * @example splitMath('a $x^2$ b') // [text 'a ', math 'x^2', text ' b']
 */
export function splitMath(input: string): Segment[] {
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
    if (char === '$' && next !== undefined && !/\s/.test(next)) {
      const end = findClosingDollar(input, i + 1);
      if (end !== -1) {
        pushText();
        segments.push({ kind: 'math', value: input.slice(i + 1, end), display: false });
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

function findClosingDollar(input: string, from: number): number {
  for (let j = from; j < input.length; j++) {
    const char = input[j];
    if (char === '\\') {
      j += 1;
    } else if (char === '$') {
      // The next dollar closes, as in TeX (`$z<$0.1`), unless a space comes before it: then the
      // opener was a dollar in prose (`costs $5 and $10`).
      const closes = j > from && !/\s/.test(input[j - 1]!);
      return closes ? j : -1;
    } else if (char === '\n' && input[j + 1] === '\n') {
      return -1;
    }
  }
  return -1;
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
        !(next?.kind === 'text' && /^\d/.test(next.value));
      return dollarSafe ? `$${segment.value}$` : `\\(${segment.value}\\)`;
    })
    .join('');
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
