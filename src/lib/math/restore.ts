import { ALSO_WORDS, COMMANDS, GREEK as GREEK_LETTERS } from './commands.ts';
import { mergeText, readsAsProse, splitMath, type Segment } from './segments.ts';
import { cleanProseAround } from './tex-prose.ts';

/*
 * Scraped listings lose the backslashes of TeX (`mathcal{O}(nLvarepsilon^{-1})`) and its dollar
 * signs. This module finds such formulas again, conservatively: only a word with unmistakable
 * TeX structure starts a formula, and ordinary English words stay words.
 */

/** Command names that may have lost their backslash: the shared table's, less those that are also words. */
const GREEK = Object.keys(GREEK_LETTERS);
const GREEK_SET = new Set(GREEK);
const MACRO_SET = new Set(Object.keys(COMMANDS).filter((name) => !ALSO_WORDS.has(name)));
/**
 * Names found inside longer letter runs (`nLvarepsilon` is `nL\varepsilon`, `Thetabig` is
 * `\Theta\big`). Short names only as whole runs, but for a few that rarely hide inside English
 * words: `pi` would split "topic", `eta` "beta", `mu` "much".
 */
const GLUED = [...MACRO_SET]
  .filter((name) => name.length >= 4 || ['log', 'min', 'max', 'big', 'Big', 'leq', 'geq', 'neq'].includes(name))
  .sort((a, b) => b.length - a.length);
/** Accents that belong to the formula right after them (`tilde Thetabig(…)`). */
const ACCENTS = new Set(['tilde', 'hat', 'bar']);

const NAMES = [...MACRO_SET].sort((a, b) => b.length - a.length).join('|');
/**
 * TeX structure no English word has. Each pattern, with a word it finds and why it goes no further:
 * - a backslash command that survived: `\alpha`;
 * - braces after a command name (`mathcal{O}`) or side by side (`sqrt{d}{n}`, a `\frac` that lost
 *   its name); braces alone are prose, as in `{0,1}-valued`;
 * - scripts: one or two letters before `^` or `_` (`x_i`, `nL^2`), a bracket or digit before one
 *   (`)^{1/2}`, `10^3`), a short argument or a command after one (`^{-1}`, `_theta`). Not a longer
 *   word before `_`, which is a file or variable name in prose (`max_len`);
 * - a command glued to a bar, slash or digit (`|nabla`, `1/epsilon`, `2pi`), or between brackets
 *   and commas (`(varepsilon,delta)`); only GLUED names inside longer runs, for the reason above;
 * - a whole word that calls a command or `O` like a function: `O(sigma)`, `log(n)`;
 * - a one-letter function of something with a command in it: `f(alpha x)`. Not `f(x)`, which
 *   prose uses for parts of a figure ("panel f(b)");
 * - a braced script after a letter, digit or bracket, whatever the word before it: `Inv_{k,1}`,
 *   `π_{0.5}`.
 */
const STRONG = [
  /\\[A-Za-z]/,
  new RegExp(`(?:${NAMES})\\{|\\}\\{`),
  new RegExp(
    `(?:^|[^A-Za-z])[A-Za-z]{1,2}[\\^_]|[)\\]0-9][\\^_]|[\\^_](?:[A-Za-z0-9]{1,2}(?![A-Za-z0-9])|(?:${NAMES})(?![A-Za-z]))`,
  ),
  new RegExp(`[|/0-9](?:${GLUED.join('|')})(?![A-Za-z])|[(,](?:${NAMES})[,)^_|]|(?:${GLUED.join('|')})[|]`),
  new RegExp(`^(?:O|o|${NAMES})\\(.*\\)$`),
  new RegExp(`^[A-Za-z]\\(.*\\b(?:${NAMES})\\b.*\\)$`),
  /[\p{L}0-9)\]][\^_]\{/u,
];
/** A scraped listing: every pattern, and backslashes put back. */
const SCRAPED: Reading = { strong: STRONG, backslashesLost: true };
/** Text authors wrote in TeX: a backslash command, a script, `O(n)`; backslashes are all there. */
const AUTHORED: Reading = { strong: [STRONG[0]!, STRONG[2]!, STRONG[4]!, STRONG[6]!], backslashesLost: false };

/**
 * Words that may join a formula next to them, never start one: operators (`=`, `≤`), numbers
 * (`0.3`), `f(x)`, and single-letter variables but `A` and `I`, which are English words.
 */
const WEAK = /^(?:[=<>+\-*/≤≥]|\d+(?:\.\d+)?|[A-Za-z]\([^()\s]{1,20}\)[A-Za-z]{0,3}|[B-HJ-Zb-z])$/;
/** Web and mail addresses are never math, whatever `_` or `^` they hold. */
const NOT_MATH = /:\/\/|^www\.|@|\.(?:com|org|net|io|ai|edu|html?)\b/;

interface Word {
  /** Text before the core: opening brackets left unbalanced. */
  lead: string;
  core: string;
  /** Text after the core: punctuation, an unbalanced bracket, a `-stationary` suffix. */
  tail: string;
  /** Whitespace after the word. */
  space: string;
  kind: 'math' | 'weak' | 'text';
}

/**
 * Text that lost its TeX markup, as segments with the formulas found again and their backslashes
 * restored. Explicit `$…$` math is kept as is; invalid results are for the caller to check.
 * @example restoreMath('rate O(epsilon^{-3}) holds') // [text 'rate ', math 'O(\\epsilon^{-3})', text ' holds']
 */
export function restoreMath(text: string): Segment[] {
  return mergeText(
    cleanProseAround(splitMath(text)).flatMap((segment) =>
      segment.kind === 'math' ? [segment] : restoreInProse(segment.value, SCRAPED),
    ),
  );
}

/**
 * Formulas that authors writing TeX left without dollars (`AdS_5 x S^5`, `\lambda > 1/3`, `O(4)`),
 * found in the prose of segments. Their backslashes are all there, so only a backslash command,
 * a script or a function call of a command starts a formula, and a bare `alpha` stays a word.
 * @example undelimitedMath([text 'orbifolds of C^4 and \\beta-deformations']) // [text 'orbifolds of ', math 'C^4', text ' and ', math '\\beta', text '-deformations']
 */
export function undelimitedMath(segments: readonly Segment[]): Segment[] {
  return mergeText(
    segments.flatMap((segment) => (segment.kind === 'math' ? [segment] : restoreInProse(segment.value, AUTHORED))),
  );
}

/** How prose is read for formulas: which patterns start one, and whether lost backslashes are put back. */
interface Reading {
  strong: readonly RegExp[];
  backslashesLost: boolean;
}

function restoreInProse(text: string, reading: Reading): Segment[] {
  const words = splitWords(text, reading);
  if (!reading.backslashesLost) return toSegments(words, reading);
  // A bare Greek name (`delta is the failure probability`) is a formula only when this text also
  // uses it inside one, so `alpha vectors` in a text without alpha-formulas stays English.
  const used = new Set<string>();
  words.forEach((word, index) => {
    if (word.kind !== 'math') return;
    for (const [, name] of restoreBackslashes(word.core).matchAll(/\\([A-Za-z]+)/g)) {
      if (GREEK_SET.has(name!)) used.add(name!);
    }
    for (const near of [words[index - 1], words[index + 1]]) {
      if (near && GREEK_SET.has(near.core)) used.add(near.core);
    }
  });
  words.forEach((word, index) => {
    if (word.kind === 'math') return;
    const next = words[index + 1];
    if (used.has(word.core)) word.kind = 'math';
    else if (ACCENTS.has(word.core) && next?.kind === 'math' && word.tail === '' && !next.lead) word.kind = 'math';
  });
  return toSegments(words, reading);
}

/** Whitespace-separated words, a bracketed group spanning spaces kept whole (`O(log T/T)`). */
function splitWords(text: string, reading: Reading): Word[] {
  const tokens = text.match(/\S+\s*|\s+/g) ?? [];
  const words: Word[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let raw = tokens[i]!;
    let depth = bracketDepth(raw);
    let j = i;
    while (depth > 0 && j + 1 < tokens.length && raw.length < 160) {
      j += 1;
      raw += tokens[j];
      depth += bracketDepth(tokens[j]!);
    }
    // A bracketed group is one word only when it is a formula: `(89.1pm0.4 AP, p=0.02)` is prose.
    const group = depth === 0 && j > i && !readsAsProse(raw) ? classify(raw, reading) : undefined;
    if (group?.kind === 'math') {
      words.push(group);
      i = j;
    } else {
      words.push(classify(tokens[i]!, reading));
    }
  }
  return words;
}

function bracketDepth(text: string): number {
  let depth = 0;
  for (const char of text) {
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
  }
  return depth;
}

function classify(raw: string, reading: Reading): Word {
  const space = raw.match(/\s*$/)![0];
  let core = raw.slice(0, raw.length - space.length);
  let lead = '';
  let tail = '';
  const trailing = core.match(/[.,;:!?]+$/);
  if (trailing) {
    tail = trailing[0];
    core = core.slice(0, -tail.length);
  }
  while (core.startsWith('(') && bracketDepth(core) > 0) {
    lead += '(';
    core = core.slice(1);
  }
  while (core.endsWith(')') && bracketDepth(core) < 0) {
    tail = ')' + tail;
    core = core.slice(0, -1);
  }
  const suffix = core.match(/(?<=[)}\]]|^[A-Za-z]+)-[a-z][a-z-]*$/);
  if (suffix && (!/^[A-Za-z]+-/.test(core) || GREEK_SET.has(core.slice(0, suffix.index)))) {
    tail = suffix[0] + tail;
    core = core.slice(0, suffix.index);
  }
  let kind: Word['kind'] = 'text';
  if (NOT_MATH.test(core)) kind = 'text';
  else if (reading.strong.some((pattern) => pattern.test(core))) kind = 'math';
  // `88.2pm0.3`, `1.67times`, and `8timesA800` (a count of GPUs, `8$\times$A800` without its dollars).
  else if (/^\d+(?:\.\d+)?(?:pm\d+(?:\.\d+)?|times(?:[A-Z][A-Za-z]?\d+)?)$/.test(core)) kind = 'math';
  else if (WEAK.test(core)) kind = 'weak';
  return { lead, core, tail, space, kind };
}

/** Groups formula words with the weak words between and beside them into math segments. */
function toSegments(words: Word[], reading: Reading): Segment[] {
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.kind !== 'math') continue;
    let start = i;
    while (start > 0 && words[start - 1]!.kind === 'weak' && joins(words[start - 1]!, words[start]!)) start -= 1;
    let end = i;
    while (end + 1 < words.length && words[end + 1]!.kind !== 'text' && joins(words[end]!, words[end + 1]!)) end += 1;
    // A formula may end in a number (`sigma > 0`) but not in a dangling operator or letter.
    while (end > i && words[end]!.kind === 'weak' && /^(?:[=<>+\-*/≤≥]|[A-Za-z])$/.test(words[end]!.core)) end -= 1;
    for (let k = start; k <= end; k++) words[k]!.kind = 'math';
    i = end;
  }
  const segments: Segment[] = [];
  let text = '';
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    if (word.kind !== 'math') {
      text += word.lead + word.core + word.tail + word.space;
      continue;
    }
    let end = k;
    while (end + 1 < words.length && words[end + 1]!.kind === 'math' && joins(words[end]!, words[end + 1]!)) end += 1;
    const tex = words
      .slice(k, end + 1)
      .map((w) => w.core)
      .join(' ');
    segments.push(
      { kind: 'text', value: text + word.lead },
      { kind: 'math', value: reading.backslashesLost ? restoreBackslashes(tex) : tex, display: false },
    );
    text = words[end]!.tail + words[end]!.space;
    k = end;
  }
  segments.push({ kind: 'text', value: text });
  return mergeText(segments);
}

/** Two words belong to one formula only when nothing but a space lies between them. */
function joins(left: Word, right: Word): boolean {
  return left.tail === '' && right.lead === '' && /^ $/.test(left.space);
}

/**
 * Puts back the backslashes of macro names, splitting names glued to letters
 * (`nLvarepsilon` → `nL\varepsilon`), and the `\frac` whose braces survived (`1{n}` → `\frac{1}{n}`).
 */
export function restoreBackslashes(tex: string): string {
  const restored = tex.replace(/(\d+(?:\.\d+)?)pm(\d)/g, '$1 \\pm $2').replace(/(?<![\\A-Za-z])[A-Za-z]+/g, (run) => {
    if (MACRO_SET.has(run)) return `\\${run}`;
    let out = '';
    let i = 0;
    while (i < run.length) {
      const name = GLUED.find((candidate) => run.startsWith(candidate, i));
      if (name) {
        out += `\\${name}`;
        i += name.length;
        if (i < run.length) out += ' ';
      } else {
        out += run[i];
        i += 1;
      }
    }
    return out;
  });
  return restored.replace(/(?<![\^_{\\A-Za-z])(\d+|\\sqrt\{[^{}]*\})\{/g, '\\frac{$1}{');
}
