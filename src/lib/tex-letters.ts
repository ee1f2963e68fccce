import { biblatex, combining, latex2unicode } from 'unicode2latex';

/*
 * TeX's accents and special letters outside math (`M\"uller`, `Pucha{\l}a`, `\v{S}r\'amek`) as the
 * Unicode letters a reader sees and a search finds. Names and marks come from unicode2latex, the
 * table Better BibTeX uses; only Latin letters and text accents are taken from it, so `\alpha` and
 * `\hat{x}` stay TeX for the math typesetter.
 */

/** What the package maps a command to, as one string; its few two-mode entries give their text. */
function unicodeOf(command: string): string | undefined {
  const value: unknown = (latex2unicode as Record<string, unknown>)[command];
  if (typeof value === 'string') return value;
  const text: unknown = typeof value === 'object' && value !== null ? (value as { text?: unknown }).text : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** Commands the package writes in math: `\hbar` and `\eth` are Latin letters, but math symbols. */
const MATH_COMMANDS = new Set(
  [biblatex.base, ...Object.values(biblatex.package)].flatMap((charmap) =>
    Object.values(charmap).flatMap((char) => (char.math ? [char.math] : [])),
  ),
);

/** Letter commands and their letters: `l` → ł, `ss` → ß, `O` → Ø, `aa` → å, `i` → ı. */
const LETTERS = new Map<string, string>(
  Object.keys(latex2unicode).flatMap((command) => {
    const letter = unicodeOf(command)?.normalize('NFC');
    const isLatinLetter = letter !== undefined && /^(?=\p{L})\p{Script=Latin}$/u.test(letter);
    return /^\\[A-Za-z]+$/.test(command) && isLatinLetter && !MATH_COMMANDS.has(command)
      ? [[command.slice(1), letter] as const]
      : [];
  }),
);

/** Text accents and their combining marks: `"` → U+0308, `v` → U+030C, `c` → U+0327, `textcommabelow` → U+0326. */
const ACCENTS = new Map<string, string>(
  Object.values(combining.tolatex).flatMap(({ mode, macro }) => {
    const mark = unicodeOf(`\\${macro}`);
    return mode === 'text' && mark !== undefined && /^\p{M}+$/u.test(mark) ? [[macro, mark] as const] : [];
  }),
);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Command names are always followed by `(?![A-Za-z])`, so `\oe` is never `\o` and an `e`, whatever the order.
const alternation = (names: Iterable<string>) => [...names].map(escapeRegExp).join('|');
const SYMBOL_ACCENTS = [...ACCENTS.keys()].filter((name) => !/[A-Za-z]/.test(name));
const WORD_ACCENTS = [...ACCENTS.keys()].filter((name) => /^[A-Za-z]+$/.test(name));

/** A Latin letter, with any marks it already carries. */
const LATIN = String.raw`(?=\p{L})\p{Script=Latin}\p{M}*`;
/** A letter command; the spaces after a control word belong to it (`Pucha\l a`). */
const LETTER_COMMAND = String.raw`\\(?:${alternation(LETTERS.keys())})(?![A-Za-z])[ \t]*`;
/** What an accent goes on: a letter or a letter command, bare or alone in braces. */
const BASE = `${LATIN}|${LETTER_COMMAND}`;

/**
 * One accented or special letter, with the braces that only protect it (`{\"u}`, `{\O}`). A brace
 * right after a command (`\textit{\"u}`, `\{`) is that command's, so it stays. The backslash must
 * not be escaped itself (`\\` is a line break).
 */
const TEX_LETTER = new RegExp(
  String.raw`(?<open>(?<!\\[A-Za-z]*\s*)\{)?(?<=(?:^|[^\\])(?:\\\\)*)` +
    String.raw`(?:\\(?:(?<symbol>${alternation(SYMBOL_ACCENTS)})|(?<word>${alternation(WORD_ACCENTS)})(?![A-Za-z]))[ \t]*` +
    String.raw`(?:(?<bare>${BASE})|\{(?<braced>${BASE})\})` +
    String.raw`|\\(?<letter>${alternation(LETTERS.keys())})(?![A-Za-z])(?:\{\}|[ \t]+)?)(?<close>\})?`,
  'gu',
);

interface Parts {
  open?: string;
  symbol?: string;
  word?: string;
  bare?: string;
  braced?: string;
  letter?: string;
  close?: string;
}

/**
 * The letter an accent goes on. A dotless i or j, as a command or as Unicode, takes the accent in
 * place of its dot, as the package's own `\'\i` → í says.
 */
function baseLetter(base: string): string {
  const name = base.trim().slice(1);
  const letter = base.startsWith('\\') ? (LETTERS.get(name) ?? '') : base;
  return letter === 'ı' ? 'i' : letter === 'ȷ' ? 'j' : letter;
}

function toUnicode(match: string, parts: Parts): string {
  const accent = parts.symbol ?? parts.word;
  let letter: string;
  if (accent === undefined) {
    letter = LETTERS.get(parts.letter ?? '') ?? '';
  } else {
    letter = (baseLetter(parts.bare ?? parts.braced ?? '') + (ACCENTS.get(accent) ?? '')).normalize('NFC');
    // A control word before a spaced letter is often an author's own macro: `function of \k to`
    // is kappa, not a t with an ogonek. Taken as an accent only when it makes a letter Unicode has
    // (`\c c` → ç, `\v S` → Š).
    if (parts.word !== undefined && parts.bare !== undefined && [...letter].length > 1) return match;
  }
  if (parts.open !== undefined && parts.close !== undefined) return letter;
  return (parts.open ?? '') + letter + (parts.close ?? '');
}

/**
 * Text with TeX's accents and special letters written as Unicode letters (NFC); everything else,
 * math commands, `\$`, braces that are not only around a letter, stays as it is.
 * @example texLettersToUnicode('Thomas M\\"uller, Pucha{\\l}a') // 'Thomas Müller, Puchała'
 */
export function texLettersToUnicode(text: string): string {
  if (!text.includes('\\')) return text;
  let result = text;
  let previous: string;
  // An accent on an accented letter (`\'{\^e}` → ế) takes its letter from a previous round.
  do {
    previous = result;
    result = result.replace(TEX_LETTER, (match, ...args: unknown[]) => toUnicode(match, args.at(-1) as Parts));
  } while (result !== previous);
  return result;
}
