import { texLettersToUnicode } from '../tex-letters.ts';
import { mergeText, type Segment } from './segments.ts';

/*
 * The TeX that authors write in the prose of titles and abstracts, outside formulas, read as a web
 * page shows text: font switches, citations, links, footnotes, spacing and dashes. arXiv prints
 * these raw; a reader is better served by what they mean.
 */

/** Commands whose one argument is shown as it is: font styles, colours, boxes. */
const SHOW_ARGUMENT =
  /\\(?:emph|textit|textbf|texttt|textrm|textsc|textsf|textsl|textup|textmd|textnormal|underline|mbox|text)\s*(?=\{)/y;
/** Commands that take a first argument that is not shown, then one that is (`\textcolor{blue}{x}`). */
const SHOW_SECOND = /\\(?:textcolor|scalebox|colorbox|raisebox)\s*(?=\{)/y;
/** Citations: `\cite{a,b}` reads `[a, b]`; an optional note (`\cite[p. 3]{a}`) is dropped. */
const CITE =
  /\\(?:cite|citep|citet|citealp|citealt|citeauthor|citeyear|parencite|textcite|autocite)\*?\s*(?:\[[^\]]*\]\s*)*(?=\{)/y;
/** A footnote's text, shown in parentheses where it stands. */
const FOOTNOTE = /\\footnote(?:text)?\s*(?:\[[^\]]*\])?\s*(?=\{)/y;
/** `{\it …}` and the like: a group whose first word switches the font. */
const FONT_SWITCH = /\{\\(?:it|em|bf|sl|tt|rm|sc|sf|small|large|Large|footnotesize|normalsize)(?![A-Za-z])\s*/y;
/** Commands that mean nothing on a page, with their arguments. */
const DROP =
  /\\(?:footnotemark\s*\[[^\]]*\]|footnotemark|noindent|smallskip|medskip|bigskip|newline|linebreak|pagebreak|hfill|vfill|color\s*\{[^{}]*\}|[hv]space\*?\s*\{[^{}]*\})(?![A-Za-z])/g;
/** Words TeX writes as commands, with what they read as. */
const WORDS: Readonly<Record<string, string>> = {
  ie: 'i.e.',
  eg: 'e.g.',
  etal: 'et al.',
  etc: 'etc.',
  ldots: '…',
  dots: '…',
  textellipsis: '…',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  deg: '°',
  textdegree: '°',
  textendash: '–',
  textemdash: '—',
  textquoteright: '’',
  textquoteleft: '‘',
  textbar: '|',
  textless: '<',
  textgreater: '>',
  textasciitilde: '~',
};
const NAMES = Object.keys(WORDS).join('|');
/** One of those words: `\\ie`, `\\ie{}` or `{\\deg}`. */
const WORD_COMMAND = new RegExp(`\\{\\\\(${NAMES})\\}|\\\\(${NAMES})(?![A-Za-z])(?:\\{\\})?`, 'g');

/** Where the group that opens at `open` (a `{`) closes, or -1; escaped braces do not count. */
function groupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i += 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Replaces every command `pattern` finds (a sticky regex ending just before its first argument)
 * that has `count` braced arguments by what `show` makes of them; a command whose arguments are
 * missing stays as it is. Arguments nest, so inner commands are replaced on the next round.
 */
function replaceCommand(text: string, pattern: RegExp, count: number, show: (args: string[]) => string): string {
  let result = '';
  let from = 0;
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', i + 1)) {
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    if (!match) continue;
    const args: string[] = [];
    let end = pattern.lastIndex;
    while (args.length < count && text[end] === '{') {
      const close = groupEnd(text, end);
      if (close === -1) break;
      args.push(text.slice(end + 1, close));
      end = close + 1;
    }
    if (args.length < count) continue;
    result += text.slice(from, i) + show(args);
    from = end;
    i = end - 1;
  }
  return result + text.slice(from);
}

/** `{\it single-loop}` → `single-loop`: the group goes, and the switch with it. */
function dropFontSwitches(text: string): string {
  let result = '';
  let from = 0;
  for (let i = text.indexOf('{\\'); i !== -1; i = text.indexOf('{\\', i + 1)) {
    FONT_SWITCH.lastIndex = i;
    if (!FONT_SWITCH.exec(text)) continue;
    const close = groupEnd(text, i);
    if (close === -1) continue;
    result += text.slice(from, i) + text.slice(FONT_SWITCH.lastIndex, close);
    from = close + 1;
    i = close;
  }
  return result + text.slice(from);
}

/**
 * TeX's prose markup made plain: accents and special letters as Unicode (`M\\"uller` → Müller),
 * font switches and styles as their text, colours and boxes as
 * their content, `\cite{a,b}` as `[a, b]`, `\href{url}{text}` as `text (url)`, a footnote in
 * parentheses, `\ie` as `i.e.`, escaped specials as themselves, spacing commands and ties as
 * spaces, dashes and ``quotes''. A `---` line or a ``` fence stays as it is.
 * @example cleanTexProse('a {\\it single-loop} method \\cite{a,b}') // 'a single-loop method [a, b]'
 */
export function cleanTexProse(text: string): string {
  let result = texLettersToUnicode(text);
  if (result.includes('\\')) {
    for (let round = 0; round < 4; round++) {
      const before = result;
      result = dropFontSwitches(result);
      result = replaceCommand(result, SHOW_ARGUMENT, 1, ([content]) => content!);
      result = replaceCommand(result, SHOW_SECOND, 2, ([, content]) => content!);
      result = replaceCommand(result, CITE, 1, ([keys]) => `[${keys!.split(/\s*,\s*/).join(', ')}]`);
      result = replaceCommand(result, FOOTNOTE, 1, ([note]) => ` (${note!.trim()})`);
      result = replaceCommand(result, /\\href\s*(?=\{)/y, 2, ([url, label]) =>
        label!.trim() === url!.trim() ? url! : `${label} (${url})`,
      );
      result = replaceCommand(result, /\\url\s*(?=\{)/y, 1, ([url]) => url!);
      if (result === before) break;
    }
    result = result
      .replace(/\\verb([^A-Za-z\s])(.*?)\1/g, '$2')
      .replace(DROP, '')
      .replace(WORD_COMMAND, (_, braced?: string, bare?: string) => WORDS[(braced ?? bare)!]!)
      .replace(/\\[-/@]/g, '')
      .replace(/\\([%&#_{}])/g, '$1')
      // TeX's spacing commands between words and units (`13\,TeV`, `$B$\, luminosities`) and a
      // control space (`Eur.\ Phys.`).
      .replace(/\\[,;: ]\s?/g, ' ');
  }
  return (
    result
      .replace(/(\S)~(?=\S)/g, '$1 ')
      // TeX's dashes: between words, spaced (`calculations --- none`), an en dash alone between two
      // formulas (`$D^0$--$\overline{D}^0$`). Not `--` before a word, more likely an option
      // (`--help`), nor a line of `---`, a Markdown rule.
      .replace(/(\w)---(?=\w)| --- /g, (dash, before = '') => (dash.startsWith(' ') ? ' — ' : `${before}—`))
      .replace(/(\w)--(?=\w)| -- |^--$|(?<=[\uE000-\uF8FF])--(?=[\uE000-\uF8FF])/g, (dash, before = '') =>
        dash.startsWith(' ') ? ' – ' : `${before}–`,
      )
      .replace(/``(\S[^`'\n]*?)''/g, '“$1”')
  );
}

/** A formula's place in prose while the prose is cleaned: one private-use character each. */
const HOLE = 0xe000;
const HOLES = 6400;

/**
 * Cleans the prose of segments as one text, formulas held in place, so that markup around a
 * formula is read whole: `\textbf{5$\times$}`, `{\it $p$-adic fields}`.
 * @example cleanProseAround([text '\\emph{by '], math 'n', [text '}']]) // [text 'by ', math 'n']
 */
export function cleanProseAround(segments: readonly Segment[]): Segment[] {
  const formulas = segments.filter((segment) => segment.kind === 'math');
  const prose = segments.filter((segment) => segment.kind === 'text').map((segment) => segment.value);
  // Text that already holds private-use characters, or too many formulas, is cleaned piece by piece.
  if (formulas.length > HOLES || prose.some((value) => /[\uE000-\uF8FF]/.test(value))) {
    return segments.map((segment) =>
      segment.kind === 'text' ? { ...segment, value: cleanTexProse(segment.value) } : segment,
    );
  }
  let index = 0;
  const held = segments
    .map((segment) => (segment.kind === 'text' ? segment.value : String.fromCharCode(HOLE + index++)))
    .join('');
  const cleaned = cleanTexProse(held);
  const result: Segment[] = [];
  let text = '';
  for (const char of cleaned) {
    const code = char.charCodeAt(0);
    if (code >= HOLE && code < HOLE + formulas.length) {
      result.push({ kind: 'text', value: text }, formulas[code - HOLE]!);
      text = '';
    } else {
      text += char;
    }
  }
  result.push({ kind: 'text', value: text });
  return mergeText(result);
}
