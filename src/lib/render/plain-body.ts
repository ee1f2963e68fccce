import { decodeString } from 'micromark-util-decode-string';
import { normalizeUri } from 'micromark-util-sanitize-uri';

/*
 * The fast path's reader. An abstract as the import writes it uses a handful of Markdown
 * constructs: paragraphs of escaped text, `$…$` inline math, `$$` display-math blocks and
 * `[url](url)` links. This reads exactly those, with the meaning MDX gives them (micromark's
 * escapes, character references and math delimiters), and gives up on anything else, such as
 * notes with headings or an entry edited by hand. A body it gives up on goes through the full
 * MDX-grammar pipeline instead, so giving up is always safe. Tests check both readers agree.
 */

export type Inline =
  { kind: 'text'; value: string } | { kind: 'math'; value: string } | { kind: 'link'; url: string; text: string };
export type Block = { kind: 'paragraph'; children: Inline[] } | { kind: 'display'; value: string };

/** The characters a backslash escapes in CommonMark: ASCII punctuation. */
const ESCAPABLE = /[!-/:-@[-`{-~]/;
/** Characters that start a construct the fast path does not read: emphasis, code, strikethrough, JSX, expressions. */
const UNSUPPORTED = new Set(['*', '_', '`', '~', '<', '{']);
const WORD = /^[A-Za-z0-9]$/;
/**
 * Text GFM may turn into a link (`www.`, `https://`, `a@b.c`). It finds these in the text after
 * escapes are read, so even `www\.x.org` becomes a link: the fast path leaves all such text to MDX.
 */
const AUTOLINK_LITERAL = /www\.|[a-z]:\/\/|mailto:|xmpp:|@/i;
/** A line that opens a block other than a paragraph, as MDX reads it. */
const BLOCK_START = /^(?:[\s#>+\-*_=`~<{|$]|\d{1,9}[.)](?:\s|$)|import\s|export\s)/;

/** The blocks of a body in the fast path's subset of MDX, or undefined when it uses anything more. */
export function parsePlainBody(body: string): Block[] | undefined {
  if (body.includes('\r')) return undefined;
  const blocks: Block[] = [];
  for (const chunk of body.split('\n\n')) {
    if (chunk === '') return undefined;
    const lines = chunk.split('\n');
    if (lines[0] === '$$') {
      if (lines.length < 3 || lines.at(-1) !== '$$') return undefined;
      const inner = lines.slice(1, -1);
      if (inner.some((line) => line.startsWith('$$'))) return undefined;
      blocks.push({ kind: 'display', value: inner.join('\n') });
      continue;
    }
    if (lines.length > 1) return undefined;
    const line = lines[0]!;
    if (BLOCK_START.test(line) || /\s$/.test(line)) {
      // `$` opens inline math at the start of a line as long as it is not a `$$` fence.
      if (!(line.startsWith('$') && !line.startsWith('$$') && !/\s$/.test(line))) return undefined;
    }
    const children = parseInline(line);
    if (!children) return undefined;
    blocks.push({ kind: 'paragraph', children });
  }
  return blocks;
}

function parseInline(line: string): Inline[] | undefined {
  const children: Inline[] = [];
  let raw = '';
  const flush = (): boolean => {
    if (raw === '') return true;
    const value = decodeString(raw);
    if (AUTOLINK_LITERAL.test(value)) return false;
    const last = children.at(-1);
    if (last?.kind === 'text') last.value += value;
    else children.push({ kind: 'text', value });
    raw = '';
    return true;
  };
  let i = 0;
  while (i < line.length) {
    const char = line[i]!;
    if (char === '\\') {
      const next = line[i + 1];
      raw += next !== undefined && ESCAPABLE.test(next) ? `\\${next}` : '\\';
      i += next !== undefined && ESCAPABLE.test(next) ? 2 : 1;
      continue;
    }
    if (char === '$') {
      const math = readMath(line, i);
      if (math) {
        if (!flush()) return undefined;
        children.push({ kind: 'math', value: math.value });
        i = math.end;
      } else {
        const run = runLength(line, i, '$');
        raw += '$'.repeat(run);
        i += run;
      }
      continue;
    }
    if (char === '[') {
      const link = readLink(line, i);
      if (!link || !flush()) return undefined;
      children.push({ kind: 'link', url: link.url, text: link.text });
      i = link.end;
      continue;
    }
    if (unsupported(line, i)) return undefined;
    raw += char;
    i += 1;
  }
  return flush() ? children : undefined;
}

/** Whether the character at `i` may start a construct the fast path does not read. */
function unsupported(line: string, i: number): boolean {
  const char = line[i]!;
  // An underscore between letters or digits (`x_i`, `a_b`) never starts emphasis.
  if (char === '_') return !(WORD.test(line[i - 1] ?? '') && WORD.test(line[i + 1] ?? ''));
  return UNSUPPORTED.has(char) || (char === '!' && line[i + 1] === '[');
}

function runLength(line: string, from: number, char: string): number {
  let end = from;
  while (line[end] === char) end += 1;
  return end - from;
}

/** Inline math as micromark reads it: a run of dollars closed by a run of the same length. */
function readMath(line: string, from: number): { value: string; end: number } | undefined {
  const size = runLength(line, from, '$');
  let i = from + size;
  while (i < line.length) {
    if (line[i] === '$') {
      const run = runLength(line, i, '$');
      if (run === size) {
        let value = line.slice(from + size, i);
        // Like code spans: one space is stripped from each side when both sides have one.
        if (value.length > 2 && value.startsWith(' ') && value.endsWith(' ') && value.trim() !== '') {
          value = value.slice(1, -1);
        }
        return value === '' ? undefined : { value, end: i + run };
      }
      i += run;
    } else {
      i += 1;
    }
  }
  return undefined;
}

/** `[text](destination)` with plain text and a plain destination; anything fancier is left to MDX. */
function readLink(line: string, from: number): { text: string; url: string; end: number } | undefined {
  let i = from + 1;
  let rawText = '';
  while (i < line.length && line[i] !== ']') {
    const char = line[i]!;
    if (char === '\\' && line[i + 1] !== undefined && ESCAPABLE.test(line[i + 1]!)) {
      rawText += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (unsupported(line, i) || char === '$' || char === '[' || char === '!') return undefined;
    rawText += char;
    i += 1;
  }
  if (line[i] !== ']' || line[i + 1] !== '(' || rawText === '') return undefined;
  const close = line.indexOf(')', i + 2);
  if (close === -1) return undefined;
  const destination = line.slice(i + 2, close);
  if (destination === '' || /[\s()<>\\&]/.test(destination)) return undefined;
  return { text: decodeString(rawText), url: normalizeUri(destination), end: close + 1 };
}
