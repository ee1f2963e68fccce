import { HTMLElement, Node, NodeType, parse, TextNode } from 'node-html-parser';

/**
 * HTML reduced to what a browser makes of it: tags, attributes (sorted, values decoded, styles as
 * their declarations) and text (decoded), with whitespace between tags dropped. Two pieces of HTML that differ only in how
 * they escape characters or quote attributes come out the same.
 */
export function normalizeHtml(html: string): string {
  const walk = (node: Node): string => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      const text = (node as TextNode).text;
      return text.trim() === '' && /\n/.test(text) ? '' : text.replace(/[&<>]/g, (char) => `&#${char.charCodeAt(0)};`);
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return '';
    const element = node as HTMLElement;
    const attributes = Object.entries(element.attributes)
      // A style is a list of declarations: `a:1;b:2;` and `a:1;b:2` are the same style.
      .map(([name, value]) => [
        name.toLowerCase(),
        name.toLowerCase() === 'style'
          ? value
              .split(';')
              .map((part) => part.trim())
              .filter(Boolean)
              .join(';')
          : value,
      ])
      .map(([name, value]) => ` ${name}="${value!.replace(/[&"]/g, (char) => `&#${char.charCodeAt(0)};`)}"`)
      .sort()
      .join('');
    const name = element.rawTagName?.toLowerCase() ?? '';
    const inner = element.childNodes.map(walk).join('');
    return name ? `<${name}${attributes}>${inner}</${name}>` : inner;
  };
  return walk(parse(html, { comment: false }));
}
