import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { mathToPlainText } from './plain-text.ts';

const hasClass = (node: Element, name: string) =>
  Array.isArray(node.properties['className']) && node.properties['className'].includes(name);

/**
 * Runs after rehype-katex. KaTeX writes each formula three times (MathML, a TeX annotation and
 * styled HTML spans), which would flood Pagefind's index and excerpts with fragments. Every copy is
 * hidden from Pagefind (`data-pagefind-ignore`) and one plain-text form (`O(ε^-3)`) is indexed in
 * their place, in a span the page never shows. Invalid TeX that KaTeX could only show as an error is
 * reported with the file it came from, and the build goes on.
 */
export function rehypeMathSearch() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node) => {
      if (hasClass(node, 'katex-error')) {
        const detail = typeof node.properties['title'] === 'string' ? node.properties['title'] : '';
        console.warn(`[paperboy] invalid LaTeX in ${file.path || 'a title'}: ${toString(node)} (${detail})`);
        return 'skip';
      }
      if (!hasClass(node, 'katex')) return;
      let tex = '';
      visit(node, 'element', (child) => {
        if (child.tagName === 'annotation') tex = toString(child);
        if (hasClass(child, 'katex-mathml') || hasClass(child, 'katex-html')) {
          child.properties['dataPagefindIgnore'] = '';
        }
      });
      // Hidden from view and from screen readers (they read the MathML); Pagefind reads it as text.
      node.children.push({
        type: 'element',
        tagName: 'span',
        properties: { className: ['math-text'], ariaHidden: 'true' },
        children: [{ type: 'text', value: mathToPlainText(tex) }],
      });
      return 'skip';
    });
  };
}
