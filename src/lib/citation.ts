/*
 * What a paper page tells reference managers, scholarly search engines and link previews: a
 * BibTeX entry, Google Scholar's Highwire Press tags and schema.org's ScholarlyArticle. All of it
 * is built from untrusted text, so each format's own escaping applies here; the page escapes HTML.
 *
 * The BibTeX is written for both of its readers: LaTeX, and the parser behind Zotero's BibTeX
 * import (@retorquere/bibtex-parser, Better BibTeX's), which reads TeX through unicode2latex's table
 * and reports any command it does not know as an error. tests/unit/citation*.test.ts hold every
 * entry to that parser: no error, and it reads back what the page shows.
 */
import { combining, latex2unicode } from 'unicode2latex';
import type { Paper } from '../schema.ts';
import { stripControl } from './import/prepare.ts';
import { MATH_MACROS } from './math/macros.ts';
import { bracesPair, splitMath } from './math/segments.ts';

/**
 * The most authors named in Google Scholar's tags, the JSON-LD and the BibTeX entry (which then
 * ends with `and others`). Scholar and link previews read the first names only, and a
 * collaboration of thousands would otherwise repeat them in every format; every name stays on
 * the page's byline, where search finds it.
 */
export const MAX_CITED_AUTHORS = 100;

/** Characters BibTeX or LaTeX read as markup, written so that they print as themselves. */
const TEXT_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  // Not `\{`: BibTeX counts that brace too, so a lone one would end the field early.
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In LaTeX's default font encoding these two print as ¡ and ¿.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/**
 * Text as BibTeX prints it: control characters gone (the parser fails on them), markup escaped,
 * TeX's ligatures (`--` is a dash, ``` `` ``` a quote, `?`` an inverted question mark) broken
 * with `{}`, and every run of white space one space.
 */
const escapeText = (text: string) =>
  stripControl(text)
    .replace(/\s+/g, ' ')
    .replace(/[\\{}$&%#_~^<>]/g, (char) => TEXT_ESCAPES[char]!)
    .replace(/(-(?=-)|`(?=`)|'(?=')|[?!](?=`))/g, '$1{}');

/** What unicode2latex's table (the one the parser reads TeX with) says a command stands for. */
const TEX_TO_UNICODE = latex2unicode as unknown as Readonly<Record<string, string | { math?: string; text?: string }>>;

/** The character the table gives a command in math, if it gives one. */
function inMath(tex: string): string | undefined {
  const entry = TEX_TO_UNICODE[tex];
  return typeof entry === 'string' ? entry : entry?.math;
}

/**
 * Commands the parser reads in math besides those of the table: it handles these itself (see
 * `macro()` in @retorquere/bibtex-parser's dist/esm/index.js).
 */
const PARSER_COMMANDS = new Set([
  'mathrm',
  'textrm',
  'textup',
  'textbf',
  'textit',
  'texttt',
  'textsc',
  'emph',
  'mbox',
  'hbox',
  'frac',
  'overline',
  'bar',
  'left',
  'right',
  'rm',
  'it',
  'tt',
  '\\',
]);

/** Accents over one letter (`\hat{x}`), which the parser takes an argument for but cannot read in math. */
const ACCENTS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(combining.tounicode),
  // The table's `\hat` is the wedge ∧; the accent is the circumflex, the table's `\^`.
  ['hat', combining.tounicode['^']],
  ['widehat', combining.tounicode['^']],
]);

/**
 * Commands the parser does not know, written as ones it does that LaTeX prints the same or
 * nearly: Unicode has one script alphabet for `\mathcal` and `\mathscr`, and an operator name is
 * upright text.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['mathcal', 'mathscr'],
  ['cal', 'mathscr'],
  ['frak', 'mathfrak'],
  ['Bbb', 'mathbb'],
  ['bf', 'mathbf'],
  ['bm', 'mathbit'],
  ['boldsymbol', 'mathbit'],
  ['mathit', 'textit'],
  ['operatorname', 'mathrm'],
  ['text', 'textrm'],
  ['textnormal', 'textrm'],
]);

/** Commands the parser does not know, as ones it does: a negative space goes, `\ ` is a space, `\|` a double bar. */
const SPACING: ReadonlyMap<string, string> = new Map([
  ['!', ''],
  [' ', '\\;'],
  ['|', '\\Vert'],
]);

/** A command with a letter name, or a backslash and one other character. */
const COMMAND = /^\\(?:[A-Za-z]+|[^])/u;

/** Macros are expanded this deep at most, so that a site's macro that uses itself still ends. */
const MAX_EXPANSION_DEPTH = 8;

/**
 * A command's argument at `from`, as TeX reads it: a braced group, a command, or one character.
 * @example readArgument('\\hat {x}+1', 4) // { tex: 'x', end: 8 }
 */
function readArgument(tex: string, from: number): { tex: string; end: number } | undefined {
  let i = from;
  while (tex[i] === ' ') i += 1;
  if (i >= tex.length || tex[i] === '}') return undefined;
  if (tex[i] === '{') {
    let depth = 0;
    for (let j = i; j < tex.length; j++) {
      if (tex[j] === '\\') j += 1;
      else if (tex[j] === '{') depth += 1;
      else if (tex[j] === '}' && --depth === 0) return { tex: tex.slice(i + 1, j), end: j + 1 };
    }
    return undefined;
  }
  const command = COMMAND.exec(tex.slice(i))?.[0];
  const token = command ?? String.fromCodePoint(tex.codePointAt(i)!);
  return { tex: token, end: i + token.length };
}

/** A command's argument in Unicode by the table's `\name{…}` entries (`\mathbb{F}` is 𝔽), letter by letter. */
function inUnicode(name: string, argument: string): string | undefined {
  const whole = inMath(`\\${name}{${argument}}`);
  if (whole !== undefined) return whole;
  const tokens = argument.replace(/\s+/g, '').match(/\\(?:[A-Za-z]+|[^])|[^]/gu) ?? [];
  const characters = tokens.map((token) => inMath(`\\${name}{${token}}`));
  return tokens.length > 0 && characters.every((character) => character !== undefined)
    ? characters.join('')
    : undefined;
}

/** A command written as its name in text (`\Bz` prints as \Bz), which every reader accepts. */
const commandAsText = (name: string) => `\\mbox{\\textbackslash{}${escapeText(name)}}`;

/**
 * A formula as both LaTeX and the parser read it. Authors' macros are expanded from the macro
 * table, as the page typesets them; a command the parser cannot read becomes one it can, or the
 * Unicode character it stands for (`\mathbb{F}` is 𝔽, what the page shows), or else its name as
 * text. Bare `%`, `#`, `&` and `$` are escaped: in a title they would end the line, misalign it
 * or end the formula.
 * @example bibtexFormula('\\msun \\Bz') // 'M_\\odot \\mbox{\\textbackslash{}Bz}'
 */
function bibtexFormula(tex: string, depth = 0): string {
  let out = '';
  let i = 0;
  while (i < tex.length) {
    const char = tex[i]!;
    if (char !== '\\') {
      out += '%#&$'.includes(char) ? `\\${char}` : char;
      i += 1;
      continue;
    }
    const command = COMMAND.exec(tex.slice(i))?.[0];
    if (command === undefined) {
      out += commandAsText('');
      i += 1;
      continue;
    }
    let name = command.slice(1);
    i += command.length;
    if (name === 'operatorname' && tex[i] === '*') i += 1;
    const definition = MATH_MACROS[command];
    // A macro with parameters (`#1`) is not expanded: its arguments would need reading as KaTeX does.
    if (definition !== undefined && !definition.includes('#') && depth < MAX_EXPANSION_DEPTH) {
      out += bibtexFormula(definition, depth + 1);
      continue;
    }
    const spacing = SPACING.get(name);
    if (spacing !== undefined) {
      out += spacing;
      continue;
    }
    name = ALIASES.get(name) ?? name;
    const accent = ACCENTS.get(name);
    const symbol = accent === undefined ? inMath(`\\${name}`) : undefined;
    if (PARSER_COMMANDS.has(name) || symbol) {
      out += `\\${name}`;
      continue;
    }
    // The table's commands for nothing (`\@`, `\/`), which the parser reports as unknown, go.
    if (symbol === '') continue;
    const argument = readArgument(tex, i);
    if (argument && accent !== undefined) {
      const base = bibtexFormula(argument.tex, depth + 1);
      // One letter, with any accents it already has, takes the accent as a combining mark.
      if (/^\P{M}\p{M}*$/u.test(base) && !base.startsWith('\\')) {
        out += base + accent;
        i = argument.end;
        continue;
      }
    }
    const unicode = argument && inUnicode(name, argument.tex);
    if (argument && unicode !== undefined) {
      out += unicode;
      i = argument.end;
      continue;
    }
    out += commandAsText(command.slice(1));
  }
  return out;
}

/** A word as BibTeX prints it, braced when it has a capital past its first letter (`(LLMs):` is `({LLMs}):`). */
function protectCase(word: string): string {
  const [, before, core, after] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(word)!;
  return /[\p{L}\p{N}]\p{Lu}/u.test(core!)
    ? `${escapeText(before!)}{${escapeText(core!)}}${escapeText(after!)}`
    : escapeText(word);
}

/**
 * A title for BibTeX: each formula kept as `$…$` in braces (BibTeX styles change case, but not
 * inside braces), everything else escaped. Words with capitals past their first letter (`LLMs`,
 * `ImageNet`, `3D`) are braced too, so that a style's sentence case keeps them.
 */
function bibtexTitle(title: string): string {
  return splitMath(stripControl(title))
    .map((segment) => {
      if (segment.kind === 'text') {
        return segment.value.split(/(\s+)/).map(protectCase).join('');
      }
      if (!bracesPair(segment.value)) return escapeText(`$${segment.value}$`);
      // An environment's frame (`\begin{align}`) cannot stand in a title's inline formula.
      const formula = bibtexFormula(
        segment.value
          .replace(/\\(?:begin|end)\{[^{}]*\}/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      return formula ? `{$${formula}$}` : '';
    })
    .join('');
}

/** Words that make a name a group's (`Gemini Team`, `The CMS Collaboration`): it has no first and last name. */
const GROUP_WORDS = new RegExp(
  `\\b(?:${[
    'collaborations?',
    'consortium',
    'teams?',
    'group',
    'project',
    'laborator(?:y|ies)',
    'labs?',
    'institute',
    'university',
    'association',
    'society',
    'committee',
    'initiative',
    'alliance',
    'foundation',
    'organi[sz]ation',
    'corporation',
    'inc',
    'ltd',
  ].join('|')})\\b|^the\\s`,
  'i',
);

/** `AI` as a word (`Mistral AI`), in capitals: `Hao Ai` is a person. */
const GROUP_AI = /(?:^|\s)AI$/;
/** Names in Chinese, Japanese or Korean script, whose family name comes first and is not a separate word. */
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** A generation, which BibTeX keeps apart from the last name (`King, Jr., Martin Luther`). */
const SUFFIX = /^(?:Jr|Sr)\.?$|^(?:II|III|IV)$/;

/** A word of a split name: escaped, a comma braced (it separates a name's parts), `and` braced (it separates names). */
const nameWord = (word: string) => (/^and$/i.test(word) ? `{${word}}` : escapeText(word).replaceAll(',', '{,}'));

/**
 * An author's name as BibTeX splits it, in the form arXiv's own export uses: `von Last, Jr., First`.
 * The words are split as BibTeX splits `First von Last`: the last word is a last name, and the
 * lowercase words before it start it (`van Beethoven`, `de La Fontaine`). A group's name, a
 * one-word name and a name in East Asian script are braced whole: one name, never split.
 * @example bibtexName('Martin Luther King Jr.') // 'King, Jr., Martin Luther'
 * @example bibtexName('The CMS Collaboration') // '{The CMS Collaboration}'
 */
export function bibtexName(name: string): string {
  const trimmed = name.trim();
  const words = trimmed.split(/\s+/);
  if (words.length < 2 || GROUP_WORDS.test(trimmed) || GROUP_AI.test(trimmed) || EAST_ASIAN.test(trimmed)) {
    // A brace group that starts with a command is one "special character" to BibTeX: `{}` first keeps it a name.
    return `{${escapeText(trimmed).replace(/^\\/, '{}\\')}}`;
  }
  let suffix: string | undefined;
  if (words.length > 2 && SUFFIX.test(words.at(-1)!)) {
    suffix = words.pop();
    words.push(words.pop()!.replace(/,$/, ''));
  }
  // The first word is always a first name.
  const von = words.findIndex((word, index) => index > 0 && index < words.length - 1 && /^\p{Ll}/u.test(word));
  const lastStart = von === -1 ? words.length - 1 : von;
  return [words.slice(lastStart), ...(suffix ? [[suffix]] : []), words.slice(0, lastStart)]
    .map((part) => part.map(nameWord).join(' '))
    .join(', ');
}

/** A URL as a BibTeX field takes it: braces, backslashes and spaces, which would break the field, percent-encoded. */
const bibtexUrl = (url: string) => url.replace(/[{}\\\s]/g, (char) => encodeURIComponent(char));

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The paper's BibTeX entry, as arXiv exports it: `@misc`, with `eprint`, `archivePrefix` and
 * `primaryClass` for an arXiv paper. The key is the paper's slug, which never changes.
 * `pageUrl` is the paper's page, cited when there is no arXiv id. Past MAX_CITED_AUTHORS names,
 * or when the source named fewer authors than the paper has, the list ends with `and others`.
 */
export function bibtex(paper: Paper, slug: string, pageUrl: string): string {
  const [year, month] = paper.date.split('-');
  const fields: [string, string][] = [['title', bibtexTitle(paper.title)]];
  if (paper.authors.length > 0) {
    const names = paper.authors.slice(0, MAX_CITED_AUTHORS).map(bibtexName);
    if (paper.authors.length > MAX_CITED_AUTHORS || paper.authorCount > paper.authors.length) names.push('others');
    fields.push(['author', names.join(' and ')]);
  }
  fields.push(['year', year!], ['month', MONTHS[Number(month) - 1]!]);
  if (paper.arxivId) {
    fields.push(['eprint', paper.arxivId], ['archivePrefix', 'arXiv']);
    if (paper.categories?.[0]) fields.push(['primaryClass', escapeText(paper.categories[0])]);
  }
  // A DOI is written as it is: its characters are safe in BibTeX (see DOI in src/schema.ts).
  if (paper.doi) fields.push(['doi', paper.doi]);
  fields.push(['url', bibtexUrl(paper.links?.arxiv ?? pageUrl)]);
  // A month is written as BibTeX's own macro (`month = jan`), every other field in braces.
  const lines = fields.map(([name, value]) => `  ${name} = ${name === 'month' ? value : `{${value}}`}`);
  return `@misc{${slug},\n${lines.join(',\n')}\n}`;
}

/** Where a paper's PDF is, when known. */
export const pdfUrl = (paper: Paper): string | undefined =>
  paper.links?.pdf ?? (paper.arxivId ? `https://arxiv.org/pdf/${paper.arxivId}` : undefined);

/**
 * Google Scholar's tags for the paper (Highwire Press `citation_*`), as name and content pairs
 * for `<meta name content>`, in the order Scholar documents them. At most MAX_CITED_AUTHORS authors.
 */
export function citationTags(paper: Paper, plainTitle: string): [string, string][] {
  const pdf = pdfUrl(paper);
  return [
    ['citation_title', plainTitle],
    ...paper.authors.slice(0, MAX_CITED_AUTHORS).map((author): [string, string] => ['citation_author', author]),
    ['citation_publication_date', paper.date.replaceAll('-', '/')],
    ...(pdf ? [['citation_pdf_url', pdf] as [string, string]] : []),
    ...(paper.arxivId ? [['citation_arxiv_id', paper.arxivId] as [string, string]] : []),
    ...(paper.doi ? [['citation_doi', paper.doi] as [string, string]] : []),
  ];
}

/** The paper as schema.org's ScholarlyArticle, for JSON-LD. At most MAX_CITED_AUTHORS authors. */
export function scholarlyArticle(
  paper: Paper,
  { plainTitle, description, pageUrl }: { plainTitle: string; description: string; pageUrl: string },
): Record<string, unknown> {
  const authors = paper.authors.slice(0, MAX_CITED_AUTHORS);
  return {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    headline: plainTitle,
    name: plainTitle,
    ...(description ? { description } : {}),
    url: pageUrl,
    datePublished: paper.date,
    ...(authors.length > 0 ? { author: authors.map((name) => ({ '@type': 'Person', name })) } : {}),
    ...(paper.organization ? { sourceOrganization: { '@type': 'Organization', name: paper.organization } } : {}),
    ...(paper.arxivId
      ? {
          identifier: { '@type': 'PropertyValue', propertyID: 'arXiv', value: paper.arxivId },
          sameAs: paper.links?.arxiv ?? `https://arxiv.org/abs/${paper.arxivId}`,
        }
      : {}),
    ...(paper.keywords?.length ? { keywords: paper.keywords.join(', ') } : {}),
  };
}
