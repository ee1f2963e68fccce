/*
 * arXiv keeps a paper's authors as the one line its submitter typed: names separated by commas and
 * "and", affiliations in parentheses, a collaboration in front of a colon, accents in TeX. Kaggle's
 * snapshot, the OAI `arXivRaw` format and listing bots hand that line over as it is.
 */

/** A run of text and, index for index, the same text with the inside of `{…}` groups blanked out. */
interface Span {
  text: string;
  /** Where separators are looked for: a comma in `{\"O}`-style TeX braces never splits. */
  mask: string;
}

const BLANK = '\u0000';
const SUFFIX = /^(?:Jr|Sr)\.?$|^(?:II|III|IV)$/;
const ET_AL = /(?:^|\s)et\.?\s*al\.?\s*$/i;
/** Words that make a piece a group rather than a person: its "and" joins collaborations. */
const GROUP = /\b(?:collaborations?|consortium|consortia|team|groups?)\b/i;
/** What a piece holding more than one plain name has in it somewhere. */
const MAYBE_SEVERAL = /\s(?:and|&|for|on|representing)\s|et\.?\s*al|collaboration|consorti|team|group/i;
/** `J. Smith for the ATLAS Collaboration`, `on behalf of the LHCb Collaboration`. */
const ON_BEHALF = /(?:^|\s)(?:for|on behalf of|representing)\s+(?:the\s+)?/i;

/**
 * The names in one of arXiv's author strings, in order, with their TeX as typed.
 * @example splitArxivAuthors('A. Greilich (1), D. Yakovlev (2) ((1) Universit\\"at Dortmund, (2) Ioffe)')
 * // ['A. Greilich', 'D. Yakovlev']
 * @example splitArxivAuthors('The CMS and LHCb Collaborations: V. Khachatryan, A. M. Sirunyan')
 * // ['The CMS and LHCb Collaborations', 'V. Khachatryan', 'A. M. Sirunyan']
 */
export function splitArxivAuthors(text: string): string[] {
  const segments = split(withoutAffiliations(text.replace(/\s{2,}|[^\S ]/g, ' ')), /(:)/);
  const names: string[] = [];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    // Everything before the first colon is the collaboration the names belong to, kept whole.
    if (index === 0 && !last) {
      names.push(tidy(segment.text));
      return;
    }
    const pieces = split(segment, /([,;])/);
    // A later colon closes another collaboration's name: the piece just before it.
    const header = last ? undefined : pieces.pop();
    for (const piece of pieces) {
      const suffix = tidy(piece.text);
      // `Fred Bloggs, Jr` is one person.
      if (SUFFIX.test(suffix) && names.length > 0) names.push(`${names.pop()!} ${suffix}`);
      else names.push(...namesIn(piece));
    }
    if (header) names.push(tidy(header.text));
  });
  return names.filter(Boolean);
}

/**
 * A name from its parts as Kaggle's `authors_parsed` and OAI's `<keyname>/<forenames>/<suffix>`
 * give them: `First Last Suffix`, without the parts that are empty.
 * @example nameFromParts(['Bloggs', 'Fred', 'Jr']) // 'Fred Bloggs Jr'
 */
export function nameFromParts([last, first, suffix]: readonly unknown[]): string {
  return [first, last, suffix]
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

/** The persons (and the collaboration they speak for) in one comma-separated piece. */
function namesIn(piece: Span): string[] {
  // Most pieces are one plain name; the expressions below are for the few that are not.
  if (!MAYBE_SEVERAL.test(piece.mask)) return [tidy(piece.text)];
  const end = piece.mask.search(ET_AL);
  const { text, mask } = end < 0 ? piece : { text: piece.text.slice(0, end), mask: piece.mask.slice(0, end) };
  const behalf = ON_BEHALF.exec(mask);
  if (behalf && GROUP.test(mask.slice(behalf.index))) {
    const persons = { text: text.slice(0, behalf.index), mask: mask.slice(0, behalf.index) };
    return [...namesIn(persons), tidy(text.slice(behalf.index + behalf[0].length))];
  }
  if (GROUP.test(mask)) return [tidy(text)];
  return split({ text, mask }, /(\s(?:and|&)\s)/).map((name) => tidy(name.text));
}

/**
 * The text with every balanced `(…)` group dropped (affiliations and their numbers) and the inside
 * of every balanced `{…}` group blanked in the mask. Unbalanced brackets are kept as plain text, so
 * a stray `(` cannot swallow the names after it.
 */
function withoutAffiliations(text: string): Span {
  if (!/[({]/.test(text)) return { text, mask: text };
  // Pairs in the order they close: an inner pair before the pair around it.
  const pairs: [number, number][] = [];
  const open: number[] = [];
  for (const index of bracketPositions(text)) {
    const char = text[index];
    if (char === '(' || char === '{') open.push(index);
    else if (open.length > 0 && text[open[open.length - 1]!] === (char === ')' ? '(' : '{')) {
      pairs.push([open.pop()!, index]);
    }
  }
  // Walking back from the last to close, a pair that starts before every outer pair kept so far is
  // itself outermost; the inner ones go with their outer pair.
  const outermost: [number, number][] = [];
  for (let index = pairs.length - 1, start = Infinity; index >= 0; index--) {
    const pair = pairs[index]!;
    if (pair[0] < start) {
      outermost.push(pair);
      start = pair[0];
    }
  }
  const kept: string[] = [];
  const mask: string[] = [];
  let from = 0;
  for (const [start, end] of outermost.reverse()) {
    const before = text.slice(from, start);
    kept.push(before);
    mask.push(before);
    if (text[start] === '(') {
      kept.push(' ');
      mask.push(' ');
    } else {
      kept.push(text.slice(start, end + 1));
      mask.push(`{${BLANK.repeat(end - start - 1)}}`);
    }
    from = end + 1;
  }
  kept.push(text.slice(from));
  mask.push(text.slice(from));
  return { text: kept.join(''), mask: mask.join('') };
}

/** Where the text has brackets, in order: `indexOf` finds them far faster than a look at every character. */
function bracketPositions(text: string): Int32Array {
  const positions: number[] = [];
  for (const bracket of '(){}') {
    for (let at = text.indexOf(bracket); at >= 0; at = text.indexOf(bracket, at + 1)) positions.push(at);
  }
  return Int32Array.from(positions).sort();
}

/**
 * The span cut wherever the separator matches outside braces. The separator is one capturing group
 * around the whole match, so that `String.split` hands back how long each separator was.
 */
function split(span: Span, separator: RegExp): Span[] {
  const pieces = span.mask.split(separator);
  const parts: Span[] = [];
  let from = 0;
  for (let index = 0; index < pieces.length; index += 2) {
    const mask = pieces[index]!;
    parts.push({ text: span.text.slice(from, from + mask.length), mask });
    from += mask.length + (pieces[index + 1]?.length ?? 0);
  }
  return parts;
}

/** A name's words on one line. */
function tidy(name: string): string {
  // Dropped affiliations leave double spaces behind; everything else is single-spaced already.
  return (name.includes('  ') ? name.replace(/ {2,}/g, ' ') : name).trim();
}
