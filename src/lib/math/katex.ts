import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import katex, { type KatexOptions } from 'katex';
import rehypeKatex from 'rehype-katex';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { escapeHtml } from '../html.ts';

/** KaTeX's settings for every formula on the site: MDX entries (through rehype-katex) and the fast path alike. */
export const KATEX_OPTIONS: Readonly<Omit<KatexOptions, 'displayMode' | 'throwOnError'>> = {};

/** A typeset formula: its HTML, and why KaTeX could not typeset it when it could not. */
export interface Typeset {
  html: string;
  error?: string;
}

/** Formulas repeat across an archive (`$n$`, `$\epsilon$`): each one is typeset once per process. */
const typeset = new Map<string, Typeset>();
const MAX_REMEMBERED = 50_000;

/**
 * A formula as HTML: KaTeX's markup, or the formula's source in a `math-source` span when KaTeX
 * cannot typeset it (never KaTeX's red error markup).
 * @example typesetFormula('x^2', false).html // '<span class="katex">…</span>'
 */
export function typesetFormula(tex: string, display: boolean): Typeset {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let result = typeset.get(key);
  if (result === undefined) {
    try {
      result = { html: katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true }) };
    } catch (cause) {
      result = { html: formulaAsSource(tex, display), error: cause instanceof Error ? cause.message : String(cause) };
    }
    if (typeset.size >= MAX_REMEMBERED) typeset.clear();
    typeset.set(key, result);
  }
  return result;
}

/** How a formula KaTeX cannot typeset is shown: its TeX source, with its delimiters, as text. */
function formulaAsSource(tex: string, display: boolean): string {
  const fence = display ? '$$' : '$';
  return `<span class="${display ? 'math-source math-source-display' : 'math-source'}">${escapeHtml(fence + tex + fence)}</span>`;
}

/**
 * Runs before rehype-katex in Markdown and MDX: a formula KaTeX cannot typeset is replaced by
 * its source (as the fast path shows it), so rehype-katex only sees formulas it can typeset.
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
      const { error } = typesetFormula(tex, display);
      if (!error || !container) return;
      file.message(`${tex} (${error})`, { source: 'paperboy-math' });
      const replacement: ElementContent = {
        type: 'element',
        tagName: 'span',
        properties: { className: display ? ['math-source', 'math-source-display'] : ['math-source'] },
        children: [{ type: 'text', value: `${display ? '$$' : '$'}${tex}${display ? '$$' : '$'}` }],
      };
      container.children.splice(container.children.indexOf(scope as ElementContent), 1, replacement);
    });
  };
}

/** The rehype plugins math goes through in Markdown and MDX (see astro.config.mjs). */
export const rehypeMathPlugins = [
  [rehypeMathFallback, undefined],
  [rehypeKatex, KATEX_OPTIONS],
] as const;
