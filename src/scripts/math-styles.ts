/**
 * Links KaTeX's stylesheet, once, on a page whose script draws typeset math it did not have when it
 * was built (search results, saved papers): pages load it only when they show math.
 */
export function loadMathStyles(href: string): void {
  if (document.querySelector('link[data-katex]')) return;
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
  link.dataset['katex'] = '';
  document.head.append(link);
}
