import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { abstractToMdx } from '../../../src/lib/entries.ts';
import { stripControl } from '../../../src/lib/import/prepare.ts';
import { splitMath } from '../../../src/lib/math/segments.ts';
import { renderEntryView } from '../../../src/lib/render/entry-view.ts';
import { markdownToHtml, parseMdxBody } from '../../../src/lib/render/markdown.ts';
import { normalizeHtml } from '../../helpers/html.ts';
import { trickyText } from '../../helpers/arbitraries.ts';

const bodyOf = (text: string) => abstractToMdx(splitMath(text));
const view = (text: string, words = 40) => renderEntryView('A title', bodyOf(text), words).view;

describe('renderEntryView', () => {
  test('typesets the title and the body once, through the fast path for what the import writes', () => {
    const { view: result, bodyHtml } = renderEntryView(
      'Bounds of $\\mathcal{O}(\\epsilon)$',
      bodyOf('We need $x^2$ steps.\n\n$$\\sum_i x_i$$'),
      40,
    );
    expect(result.renderer).toBe('fast');
    expect(result.titleHtml).toMatch(/^Bounds of <span class="katex">/);
    expect(result.plainTitle).toBe('Bounds of O(ε)');
    expect(bodyHtml).toMatch(/^<p>We need <span class="katex">.*<\/p>\n<span class="katex-display">/s);
    expect(result.searchText).toBe('We need x^2 steps. ∑_i x_i');
  });

  test('keeps the first words of the abstract, and says when it cut', () => {
    expect(view('One two three four five.', 3)).toMatchObject({
      excerptText: 'One two three…',
      excerptHtml: 'One two three…',
    });
    expect(view('One two three.', 5).excerptText).toBe('One two three.');
  });

  test('counts a formula as one word and never cuts inside it', () => {
    const result = view('We need $O(\\epsilon^{-3} + n)$ steps here.', 3);
    expect(result.excerptText).toBe('We need O(ε^-3 + n)…');
    expect(result.excerptHtml).toMatch(/^We need <span class="katex">.*<\/span>…$/s);
  });

  test('shows escaped characters as the reader sees them, escaped for HTML', () => {
    const result = view('<think> {0,1} costs \\$5 & more', 10);
    expect(result.excerptText).toBe('<think> {0,1} costs $5 & more');
    expect(result.excerptHtml).toBe('&#x3C;think&#x3E; {0,1} costs $5 &#x26; more');
  });

  test('stops the excerpt before the notes, and searches them too', () => {
    const result = renderEntryView('T', `${bodyOf('Short abstract.')}\n\n## Notes\n\nMy notes on *this*.`, 40).view;
    expect(result.renderer).toBe('markdown');
    expect(result.excerptText).toBe('Short abstract.');
    expect(result.searchText).toBe('Short abstract. Notes My notes on this.');
  });

  test('leaves notes with JSX, expressions or imports to MDX', () => {
    const { view: result, bodyHtml } = renderEntryView(
      'T',
      `${bodyOf('Abstract.')}\n\n## Notes\n\n<Figure src="x.png" /> and {1 + 1}`,
      40,
    );
    expect(result.renderer).toBe('mdx');
    expect(bodyHtml).toBeUndefined();
    expect(result.excerptText).toBe('Abstract.');
  });

  test('shows a formula KaTeX cannot typeset as its source, and reports it once', () => {
    const { view: result, bodyHtml } = renderEntryView('T', bodyOf('Broken $\\frac{1}{$ here.'), 40);
    expect(bodyHtml).toContain('<span class="math-source">$\\frac{1}{$</span>');
    expect(bodyHtml).not.toContain('katex-error');
    expect(result.mathErrors).toEqual([expect.stringMatching(/^\\frac\{1\}\{ \(KaTeX parse error/)]);
  });

  test('the fast path gives the same HTML as the MDX-grammar pipeline for anything the import writes', () => {
    const text = trickyText(
      [
        '{',
        '}',
        '<',
        '>',
        '$',
        '$$',
        '\\',
        '`',
        '_',
        '*',
        '&',
        '&amp;',
        '[',
        ']',
        '(',
        ')',
        '!',
        '|',
        '#',
        '\n\n',
        ' ',
        'x_i',
        'a_b',
        'https://x.org/a_b',
        'www.x.org',
        'a@b.co',
        '$x^2$',
        '$$\\sum$$',
        '\\$',
        '1. ',
        '- ',
        'import ',
        'export ',
        'é',
        '𝔼',
        '$\\frac{1}{$',
        '$a$b$',
        '$\\XQM x$',
        '$5% y$',
        '$\\msun$',
      ],
      { pieces: 25, pieceLength: 6 },
    );
    let fast = 0;
    fc.assert(
      fc.property(text, (raw) => {
        const body = bodyOf(stripControl(raw));
        const { view: result, bodyHtml } = renderEntryView('T', body, 40);
        if (result.renderer !== 'fast') return;
        fast += 1;
        expect(normalizeHtml(bodyHtml!)).toBe(normalizeHtml(markdownToHtml(parseMdxBody(body)).html));
      }),
      { numRuns: 500 },
    );
    // Most of what the import writes takes the fast path.
    expect(fast).toBeGreaterThan(250);
  });
});
