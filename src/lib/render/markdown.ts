import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import type { Root } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { rehypeMathPlugins } from '../math/katex.ts';

/*
 * Entry bodies the fast reader gives up on. They are read with MDX's own grammar (so JSX,
 * expressions and ESM are recognised exactly as MDX would) and, unless they use something only
 * MDX can render, turned into HTML with the plugins MDX runs: GFM, math, KaTeX, heading ids.
 */

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkMath);
const toHtml = unified()
  .use(remarkRehype)
  .use(rehypeMathPlugins.map(([plugin, options]) => [plugin, options]) as PluggableList)
  .use(rehypeHeadingIds)
  .use(rehypeStringify);

/**
 * Node types whose HTML is the same whether Astro's MDX or this pipeline renders them. Anything
 * else (JSX, expressions, ESM, images Astro optimises, code blocks Shiki highlights) needs MDX.
 */
const PLAIN_NODES = new Set([
  'root',
  'paragraph',
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'break',
  'link',
  'linkReference',
  'definition',
  'heading',
  'thematicBreak',
  'blockquote',
  'list',
  'listItem',
  'table',
  'tableRow',
  'tableCell',
  'math',
  'inlineMath',
  'footnoteReference',
  'footnoteDefinition',
]);

/** A body's syntax tree, read as MDX reads it. Throws on MDX syntax errors. */
export function parseMdxBody(body: string): Root {
  return parser.runSync(parser.parse(body)) as Root;
}

/** Whether a body uses anything only Astro's MDX can render. */
export function needsMdx(tree: Root): boolean {
  let found = false;
  visit(tree, (node) => {
    if (!PLAIN_NODES.has(node.type)) found = true;
    return found ? false : undefined;
  });
  return found;
}

/**
 * HTML for a body that does not need MDX, as MDX would render it, with the formulas KaTeX rejected
 * and the commands it showed as their names.
 */
export function markdownToHtml(tree: Root): { html: string; mathErrors: string[]; unknownCommands: string[] } {
  // Heading ids are computed as for an `.mdx` file.
  const file = new VFile({ path: 'entry.mdx' });
  const hast = toHtml.runSync(structuredClone(tree), file);
  const from = (source: string) =>
    file.messages.filter((message) => message.source === source).map((message) => message.reason);
  return {
    html: toHtml.stringify(hast, file),
    mathErrors: from('paperboy-math'),
    unknownCommands: from('paperboy-math-unknown'),
  };
}
