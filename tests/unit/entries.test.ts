import { evaluate } from '@mdx-js/mdx';
import fc from 'fast-check';
import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { abstractToMdx, isAsImported, parseEntry, renderEntry } from '../../src/lib/entries.ts';
import { splitMath } from '../../src/lib/math/segments.ts';
import { stripControl } from '../../src/lib/import/prepare.ts';
import { trickyText } from '../helpers/arbitraries.ts';

type Tree = { type: unknown; props: { children?: unknown } };
const runtime = {
  Fragment: Symbol('Fragment'),
  jsx: (type: unknown, props: Tree['props']): Tree => ({ type, props }),
  jsxs: (type: unknown, props: Tree['props']): Tree => ({ type, props }),
};

/** What a reader sees: the text of each rendered block, blocks separated by a blank line. */
async function visibleText(mdx: string): Promise<string> {
  const { default: Content } = await evaluate(mdx, { ...runtime, remarkPlugins: [remarkGfm, remarkMath] });
  const root = Content({}) as unknown as Tree;
  // One block comes back as itself, several inside a fragment, with newlines between them.
  const children = root.type === runtime.Fragment ? (root.props.children ?? []) : root;
  const blocks = ([] as unknown[]).concat(children).filter((child) => typeof child === 'object');
  return blocks.map((block) => textOf(block)).join('\n\n');
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object' && 'props' in node) return textOf((node as Tree).props.children ?? '');
  return '';
}

/** Node types through which MDX would run code or emit raw markup. */
const EXECUTABLE = new Set([
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxTextExpression',
  'mdxJsxFlowElement',
  'mdxJsxTextElement',
  'html',
]);

function nodeTypes(mdx: string): Set<string> {
  const types = new Set<string>();
  const walk = (node: Root | RootContent) => {
    types.add(node.type);
    if ('children' in node) node.children.forEach(walk);
  };
  walk(unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkMath).parse(mdx));
  return types;
}

/** The text an abstract should show: paragraphs at blank lines, inner whitespace collapsed. */
function expectedText(input: string): string {
  return input
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

const asText = (value: string) => abstractToMdx([{ kind: 'text', value }]);

describe('abstractToMdx', () => {
  test.each([
    ['an expression', '{process.exit(1)}'],
    ['a script tag', '<script>alert(1)</script>'],
    ['a closing tag', '</div> and <think>'],
    ['an import line', 'import fs from "node:fs"'],
    ['an export line', 'export const x = process.exit(1)'],
    ['an import after a blank line', 'Intro.\n\nimport x from "y"'],
    ['an unbalanced dollar', 'costs $5 and $10'],
    ['a thematic break', '---'],
    ['a code fence', '```js\nconsole.log(1)\n```'],
    ['a heading and a list', '# Title\n\n- item\n\n1. first'],
    ['entities and escapes', '&amp; &lt; \\{ \\ &#x69;'],
    ['a link and an autolink', '[x](javascript:alert(1)) <https://example.com>'],
    ['strikethrough, a table row and a footnote', '~~gone~~ | a | b | [^1] ~one~'],
    ['straight quotes and dashes', 'the "best" -- or \'only\' --- choice...'],
  ])('shows %s as the text it is, and runs nothing', async (_name, input) => {
    const mdx = asText(input);
    expect([...nodeTypes(mdx)].filter((type) => EXECUTABLE.has(type))).toEqual([]);
    expect(await visibleText(mdx)).toBe(expectedText(input));
  });

  test('makes web addresses links to themselves', () => {
    expect(asText('Code at https://github.com/a/b_c. Done.')).toBe(
      'Code at [https://github.com/a/b_c](https://github.com/a/b_c). Done.',
    );
  });

  test('keeps formulas as math nodes that KaTeX will typeset', () => {
    const mdx = abstractToMdx(splitMath('We need $O(\\epsilon^{-3})$ steps:\n\n$$\\sum_i x_i$$'));
    expect(mdx).toBe('We need $O(\\epsilon^{-3})$ steps:\n\n$$\n\\sum_i x_i\n$$');
    expect(nodeTypes(mdx)).toContain('inlineMath');
    expect(nodeTypes(mdx)).toContain('math');
  });

  test('writes formulas side by side as one, since their fences would run together', async () => {
    // fast-check found `$\$$$\frac{1}{$`: two formulas whose fences ran into `$$$`, and a `{` MDX then read as code.
    const cases = [
      ['$\\$$$\\frac{1}{$', '$$\\$ \\frac{1}{$$', '\\$ \\frac{1}{'],
      ['$p$$+$$p$', '$p + p$', 'p + p'],
    ];
    for (const [input, written, formula] of cases) {
      const mdx = abstractToMdx(splitMath(input!));
      expect(mdx).toBe(written);
      // It compiles as MDX, to that one formula and nothing else.
      expect(await visibleText(mdx)).toBe(formula);
    }
  });

  test('any text compiles, shows exactly that text, and contains nothing executable', async () => {
    const text = trickyText(
      [
        '{',
        '}',
        '<',
        '>',
        '</',
        '/>',
        '$',
        '$$',
        '\\',
        '`',
        '```',
        '~~~',
        'import ',
        'export ',
        '---',
        '***',
        '#',
        '*',
        '_',
        '&',
        '&amp;',
        '&#x69;',
        '[',
        ']',
        '(',
        ')',
        '!',
        '|',
        ':',
        '-',
        '+',
        '=',
        '"',
        "'",
        '\n',
        '\n\n',
        ' ',
        '\t',
        '1.',
        'http://a.b',
        'www.x.org',
        '~',
        '~~',
        '|',
        '[^1]',
        '[ ]',
        'a@b.co',
        '<div>',
        '{x}',
        '\\(',
        '\\[',
        '\u0000',
        '\u00a0',
        'é',
        '𝔼',
      ],
      { pieces: 30, pieceLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(text, async (raw) => {
        const input = stripControl(raw);
        const mdx = asText(input);
        expect([...nodeTypes(mdx)].filter((type) => EXECUTABLE.has(type))).toEqual([]);
        expect(await visibleText(mdx)).toBe(expectedText(input));
      }),
      { numRuns: 400 },
    );
  });
});

describe('renderEntry and parseEntry', () => {
  const frontmatter = { title: 'On $x$: yes, no', authors: [], authorCount: 2, date: '2025-10-06', source: 'a.txt' };

  test('quote values a YAML 1.1 reader would take for dates or booleans', () => {
    const tricky = { ...frontmatter, title: 'yes', organization: 'off', categories: ['no', 'on'] };
    const entry = renderEntry(tricky, 'Body.');
    expect(entry).toContain('date: "2025-10-06"');
    expect(entry.startsWith('---\n')).toBe(true);
    // A YAML 1.1 reader (as some editors and older tools are) reads back strings, not dates or booleans.
    const read = parseYaml(entry.split('---\n')[1]!, { version: '1.1' }) as Record<string, unknown>;
    expect(read).toMatchObject({ title: 'yes', organization: 'off', categories: ['no', 'on'], date: '2025-10-06' });
  });

  test('read back the frontmatter and the abstract that were written', () => {
    const parts = parseEntry(renderEntry(frontmatter, 'Body text.'));
    expect(parts.frontmatter).toEqual({ ...frontmatter, importHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(parts.abstract).toBe('Body text.');
    expect(parts.notes).toBeUndefined();
  });

  test('tell an entry as the import wrote it from one edited by hand', () => {
    const entry = renderEntry(frontmatter, 'Body text.', '## Notes\n\nMine.\n');
    expect(isAsImported(parseEntry(entry))).toBe(true);
    expect(isAsImported(parseEntry(entry.replace('Body text.', 'Body text, corrected.')))).toBe(false);
    expect(isAsImported(parseEntry(entry.replace('authorCount: 2', 'authorCount: 3')))).toBe(false);
    expect(isAsImported(parseEntry(entry.replace('Mine.', 'Mine, rewritten.')))).toBe(true);
    expect(isAsImported(parseEntry('---\ntitle: Written by hand\n---\n\nText.\n'))).toBe(false);
  });

  test('keep notes byte for byte, components and all', () => {
    const notes = '## Notes\n\nRead with <Aside>care</Aside> {1 + 1}.\n\n  trailing spaces  \n';
    const parts = parseEntry(renderEntry(frontmatter, 'Body.', notes));
    expect(parts.notes).toBe(notes);
    expect(renderEntry(frontmatter, 'New body.', parts.notes).endsWith(notes)).toBe(true);
  });
});
