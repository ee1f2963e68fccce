import type { PhrasingContent, Root } from 'mdast';
import 'mdast-util-math';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { rehypeMathSearch } from './rehype-math-search.ts';
import { splitMath, type Segment } from './segments.ts';

/** The rehype plugins every piece of math on the site goes through, bodies and titles alike. */
export const rehypeMathPlugins = [rehypeKatex, rehypeMathSearch] as const;

const inlineProcessor = unified().use(remarkRehype).use(rehypeKatex).use(rehypeMathSearch).use(rehypeStringify);

/** Phrasing nodes for segments: prose as text (HTML is never interpreted), formulas as inline math. */
export function segmentsToPhrasing(segments: readonly Segment[]): PhrasingContent[] {
  return segments.map((segment) =>
    segment.kind === 'text'
      ? { type: 'text', value: segment.value }
      : {
          type: 'inlineMath',
          value: segment.value,
          // What remark-math's parser attaches, so rehype-katex finds the formula.
          data: {
            hName: 'code',
            hProperties: { className: ['language-math', 'math-inline'] },
            hChildren: [{ type: 'text', value: segment.value }],
          },
        },
  );
}

/**
 * HTML for a line of text with math, such as a title or an excerpt: prose escaped, formulas
 * typeset by KaTeX at build time exactly as in abstracts.
 * @example renderInline('Bounds for $\\epsilon$') // 'Bounds for <span class="katex">…</span>'
 */
export function renderInline(input: string | readonly Segment[]): string {
  const segments = typeof input === 'string' ? splitMath(input) : input;
  const tree: Root = { type: 'root', children: [{ type: 'paragraph', children: segmentsToPhrasing(segments) }] };
  const html = inlineProcessor.stringify(inlineProcessor.runSync(tree));
  return html.replace(/^<p>|<\/p>$/g, '');
}
