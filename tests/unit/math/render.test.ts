import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { mathToPlainText } from '../../../src/lib/math/plain-text.ts';
import { renderInline } from '../../../src/lib/math/render.ts';

describe('renderInline', () => {
  test('typesets formulas and escapes the prose around them', () => {
    const html = renderInline('Bounds <b>of</b> $\\mathcal{O}(\\epsilon)$');
    expect(html.startsWith('Bounds &#x3C;b>of&#x3C;/b> <span class="katex"')).toBe(true);
    expect(html).toContain('<span class="math-text" aria-hidden="true">O(ε)</span>');
    expect(html).not.toContain('<b>');
  });

  test('keeps KaTeX markup out of the search index', () => {
    const html = renderInline('$x^2$');
    expect(html).toMatch(/class="katex-mathml" data-pagefind-ignore/);
    expect(html).toMatch(/class="katex-html" aria-hidden="true" data-pagefind-ignore/);
  });
});

describe('mathToPlainText', () => {
  test.each([
    ['\\mathcal{O}(\\epsilon^{-3})', 'O(ε^-3)'],
    ['|\\nabla F(w)|\\leq \\alpha', '|∇ F(w)|≤ α'],
    ['\\frac{1}{n} + \\frac{\\sqrt{d}}{n+1}', '1/n + √d/(n+1)'],
    ['88.2 \\pm 0.3', '88.2 ± 0.3'],
  ])('%s reads as %s', (tex, plain) => {
    expect(mathToPlainText(tex)).toBe(plain);
  });
});

test('the KaTeX stylesheet the site ships matches the KaTeX that typesets its math', () => {
  // Markup from one KaTeX version under another version's CSS misplaces fractions and scripts.
  const require = createRequire(import.meta.url);
  const ours = require('katex/package.json').version;
  const rehypeKatexDir = require.resolve('rehype-katex').replace(/\/lib\/.*$|\/index\.js$/, '');
  const theirs = createRequire(`${rehypeKatexDir}/package.json`)('katex/package.json').version;
  expect(theirs).toBe(ours);
});
