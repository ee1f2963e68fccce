/*
 * The front door of math on the site: KaTeX's settings, the macro tables, and typesetting one
 * formula. The import (through the fast path), the Markdown pipeline and Astro's MDX (through the
 * rehype plugins below) all typeset here, so a formula looks the same wherever it appears.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import katex, { type KatexOptions } from 'katex';
import rehypeKatex from 'rehype-katex';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { escapeHtml } from '../html.ts';
import { MATH_MACROS } from './macros.ts';

/** The class an unknown command's name is shown with (styled in global.css). */
export const UNKNOWN_COMMAND_CLASS = 'math-unknown';

/** KaTeX's settings for every formula on the site: MDX entries (through rehype-katex) and the fast path alike. */
export const KATEX_OPTIONS: Readonly<Omit<KatexOptions, 'displayMode' | 'throwOnError'>> = {
  // A fresh copy for each formula (rehype-katex and typesetFormula spread these settings): KaTeX
  // writes definitions into the object it is given, and no formula may define one for the next.
  get macros() {
    return { ...MATH_MACROS };
  },
  // `\htmlClass` marks unknown commands, and a formula may link to a web page
  // (`$\href{https://…}{code}$`); nothing else a formula asks for is trusted.
  trust: (context) =>
    (context.command === '\\htmlClass' && context.class === UNKNOWN_COMMAND_CLASS) ||
    ((context.command === '\\href' || context.command === '\\url') && WEB.has(context.protocol ?? '')),
  strict: (code: string) => (code === 'htmlExtension' ? 'ignore' : 'warn'),
};

/** A typeset formula: its HTML, the TeX KaTeX was given, the commands it did not know, and why it failed if it did. */
export interface Typeset {
  html: string;
  /** The formula as typeset: unknown commands and definitions replaced by their names, `%` escaped. */
  prepared: string;
  /** Commands neither KaTeX nor the macro tables know, shown as their names (`\rsun`). */
  unknown: string[];
  error?: string;
}

/** What typesetting a text found: formulas KaTeX could not typeset, and commands shown as their names. */
export interface MathReport {
  errors: string[];
  unknown: string[];
}

/** Typesets a formula and notes in `report` what went wrong with it; returns its HTML. */
export function typesetInto(report: MathReport | undefined, tex: string, display: boolean): string {
  const result = typesetFormula(tex, display);
  if (result.error) report?.errors.push(`${tex} (${result.error})`);
  report?.unknown.push(...result.unknown);
  return result.html;
}

/** Formulas repeat across an archive (`$n$`, `$\epsilon$`): each one is typeset once per process. */
const typeset = new Map<string, Typeset>();
const MAX_REMEMBERED = 50_000;
/** A formula with more unknown commands than this is shown as its source. */
const MAX_UNKNOWN = 12;
/** Commands that define others: a formula in an abstract never defines anything. */
const DEFINITIONS = /\\(?:def|gdef|edef|xdef|global|let|futurelet|newcommand|renewcommand|providecommand)(?![A-Za-z])/g;
/** Where a link in a formula may lead. */
const WEB = new Set(['http', 'https']);
/** How KaTeX shows a command it was not allowed to run (`\includegraphics`, `\href{javascript:…}`): in red. */
const REFUSED = /<span class="mord" style="color:#cc0000;">(\\[A-Za-z]+)<\/span>/;
/** KaTeX's message for a command it does not know, naming the command. */
const UNDEFINED = /^KaTeX parse error: Undefined control sequence: (\\[A-Za-z]+)/;

/**
 * A formula as HTML: KaTeX's markup, or the formula's source in a `math-source` span when KaTeX
 * cannot typeset it (never KaTeX's red error markup). A command KaTeX does not know is shown as
 * its own name and the rest of the formula is typeset, as arXiv's pages show it; a `%` is a
 * percent sign, since a formula of one line has no comments.
 * @example typesetFormula('a = 7.5 \\rsun + \\XQM', false).unknown // ['\\XQM'] (`\\rsun` is in the macro table)
 */
export function typesetFormula(tex: string, display: boolean): Typeset {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let result = typeset.get(key);
  if (result === undefined) {
    result = typesetWithNames(tex, display);
    if (typeset.size >= MAX_REMEMBERED) typeset.clear();
    typeset.set(key, result);
  }
  return result;
}

function typesetWithNames(tex: string, display: boolean): Typeset {
  const unknown: string[] = [];
  let prepared = tex.replace(/(?<!\\)%/g, '\\%');
  const showAsName = (command: string) => {
    unknown.push(command);
    prepared = prepared.replace(new RegExp(`\\${command}(?![A-Za-z])`, 'g'), commandName(command));
  };
  for (const definition of new Set(prepared.match(DEFINITIONS))) showAsName(definition);
  for (;;) {
    try {
      const html = katex.renderToString(prepared, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true });
      // A command that is not trusted is shown by name, as an unknown one is, never in error red.
      const refused = REFUSED.exec(html)?.[1];
      if (!refused) return { html, prepared, unknown };
      if (unknown.includes(refused) || unknown.length >= MAX_UNKNOWN) {
        return { html: formulaAsSource(tex, display), prepared: tex, unknown: [], error: `${refused} is not allowed` };
      }
      showAsName(refused);
    } catch (cause) {
      const error = cause instanceof Error ? cause.message : String(cause);
      const command = UNDEFINED.exec(error)?.[1];
      if (!command || unknown.includes(command) || unknown.length >= MAX_UNKNOWN) {
        return { html: formulaAsSource(tex, display), prepared: tex, unknown: [], error };
      }
      showAsName(command);
    }
  }
}

/**
 * How an unknown command shows in a formula: its name, marked, so a reader sees what the author
 * wrote. Braced, so that it is one argument wherever the command stood for one (`L_\\sun`,
 * `\\sqrt\\CalS`).
 */
const commandName = (command: string) =>
  `{\\htmlClass{${UNKNOWN_COMMAND_CLASS}}{\\text{\\textbackslash{}${command.slice(1)}}}}`;

/** How a formula KaTeX cannot typeset is shown: its TeX source, with its delimiters, as text. */
function formulaAsSource(tex: string, display: boolean): string {
  const fence = display ? '$$' : '$';
  return `<span class="${display ? 'math-source math-source-display' : 'math-source'}">${escapeHtml(fence + tex + fence)}</span>`;
}

/**
 * Runs before rehype-katex in Markdown and MDX: each formula is prepared as the fast path prepares
 * it (unknown commands shown as names), and one KaTeX cannot typeset at all is replaced by its
 * source, so rehype-katex only sees formulas it can typeset and gives the fast path's HTML.
 */
function rehypeMathFallback() {
  return (tree: Root, file: VFile) => {
    visitParents(tree, 'element', (element, parents) => {
      const classes = Array.isArray(element.properties['className']) ? element.properties['className'] : [];
      const display = classes.includes('math-display');
      if (!display && !classes.includes('math-inline')) return;
      // Display math is `<pre><code class="language-math math-display">`: the `<pre>` goes.
      const parent = parents.at(-1);
      const scope = display && parent?.type === 'element' && parent.tagName === 'pre' ? parent : element;
      const container = (scope === element ? parent : parents.at(-2)) as Element | Root | undefined;
      const tex = toText(scope, { whitespace: 'pre' });
      const { error, prepared, unknown } = typesetFormula(tex, display);
      for (const command of unknown) file.message(command, { source: 'paperboy-math-unknown' });
      if (!error) {
        element.children = [{ type: 'text', value: prepared }];
        return;
      }
      if (!container) return;
      file.message(`${tex} (${error})`, { source: 'paperboy-math' });
      const replacement: ElementContent = {
        type: 'element',
        tagName: 'span',
        properties: { className: display ? ['math-source', 'math-source-display'] : ['math-source'] },
        children: [{ type: 'text', value: `${display ? '$$' : '$'}${tex}${display ? '$$' : '$'}` }],
      };
      container.children.splice(container.children.indexOf(scope), 1, replacement);
    });
  };
}

/** The rehype plugins math goes through in Markdown and MDX (see astro.config.mjs). */
export const rehypeMathPlugins = [
  [rehypeMathFallback, undefined],
  [rehypeKatex, KATEX_OPTIONS],
] as const;
