import type { Root, RootContent } from 'mdast';
import { NOTES_MARKER } from '../entries.ts';
import { description } from '../head.ts';
import { escapeHtml } from '../html.ts';
import { textToHtml } from '../math/html.ts';
import { typesetInto, type MathReport } from '../math/katex.ts';
import { segmentsToPlainText } from '../math/plain-text.ts';
import { splitMath, type Segment } from '../math/segments.ts';
import { markdownToHtml, needsMdx, parseMdxBody } from './markdown.ts';
import { parsePlainBody, type Block } from './plain-body.ts';

/**
 * Everything the site shows of an entry, typeset once and kept in the render cache: the pages,
 * the feed and the search index all read it instead of typesetting again.
 */
export interface EntryView {
  /**
   * How the body became HTML: `fast` (the import's own subset of MDX, read directly), `markdown`
   * (MDX's grammar without MDX-only syntax) or `mdx` (Astro compiles it; no HTML here).
   */
  renderer: 'fast' | 'markdown' | 'mdx';
  titleHtml: string;
  plainTitle: string;
  /** The first words of the abstract, typeset, with `…` when cut. */
  excerptHtml: string;
  /** The same excerpt as plain text, formulas in their plain form. */
  excerptText: string;
  /** The whole body (abstract and notes) as plain text, for the search index. */
  searchText: string;
  /** The abstract's first sentence as plain text, for the page's description (empty without an abstract). */
  description: string;
  /** Formulas KaTeX could not typeset, each with KaTeX's reason. */
  mathErrors: string[];
  /** Commands KaTeX does not know, shown as their names (`\\rsun`), each once. */
  unknownCommands: string[];
}

/** A run of an excerpt or of the plain text: prose, or one formula. */
type Leaf = Segment;

/**
 * Typesets an entry: its title and its MDX body. The body's HTML is undefined when only Astro's
 * MDX can render it (JSX, expressions, imports, images, code blocks in the notes).
 */
export function renderEntryView(
  title: string,
  body: string,
  excerptWords: number,
): { view: EntryView; bodyHtml: string | undefined } {
  const report: MathReport = { errors: [], unknown: [] };
  const typeset = (tex: string, display: boolean) => typesetInto(report, tex, display);
  const titleSegments = splitMath(title);
  const titleHtml = textToHtml(titleSegments, report);

  let renderer: EntryView['renderer'];
  let bodyHtml: string | undefined;
  let blocks: Leaf[][];
  const plain = parsePlainBody(body);
  if (plain) {
    renderer = 'fast';
    bodyHtml = plain.map((block) => blockToHtml(block, typeset)).join('\n');
    blocks = plain.map(blockLeaves);
  } else {
    const tree = parseMdxBody(body);
    blocks = treeLeaves(tree);
    if (needsMdx(tree)) {
      renderer = 'mdx';
    } else {
      renderer = 'markdown';
      const rendered = markdownToHtml(tree);
      bodyHtml = rendered.html;
      report.errors.push(...rendered.mathErrors);
      report.unknown.push(...rendered.unknownCommands);
    }
  }

  const abstractBlocks = blocks.slice(0, notesStart(blocks, body));
  const excerpt = firstWords(abstractBlocks, excerptWords);
  const ellipsis = excerpt.truncated ? '…' : '';
  return {
    view: {
      renderer,
      titleHtml,
      plainTitle: segmentsToPlainText(titleSegments),
      excerptHtml: textToHtml(excerpt.leaves, report) + ellipsis,
      excerptText: segmentsToPlainText(excerpt.leaves) + ellipsis,
      searchText: blocks
        .map((leaves) => segmentsToPlainText(leaves))
        .join(' ')
        .trim(),
      description: description(abstractBlocks.map((leaves) => segmentsToPlainText(leaves)).join(' ')),
      // The excerpt typesets some of the body's formulas again: each problem once.
      mathErrors: [...new Set(report.errors)],
      unknownCommands: [...new Set(report.unknown)],
    },
    bodyHtml,
  };
}

function blockToHtml(block: Block, typeset: (tex: string, display: boolean) => string): string {
  if (block.kind === 'display') return typeset(block.value, true);
  const inner = block.children
    .map((child) => {
      if (child.kind === 'text') return escapeHtml(child.value);
      if (child.kind === 'math') return typeset(child.value, false);
      return `<a href="${escapeHtml(child.url)}">${escapeHtml(child.text)}</a>`;
    })
    .join('');
  return `<p>${inner}</p>`;
}

function blockLeaves(block: Block): Leaf[] {
  if (block.kind === 'display') return [{ kind: 'math', value: block.value, display: false }];
  return block.children.map((child) =>
    child.kind === 'math'
      ? { kind: 'math', value: child.value, display: false }
      : { kind: 'text', value: child.kind === 'link' ? child.text : child.value },
  );
}

/** The prose and formulas of each top-level block; a heading starts a block of its own. */
function treeLeaves(tree: Root): Leaf[][] {
  return tree.children.map((block) => {
    const leaves: Leaf[] = [];
    const walk = (node: RootContent) => {
      if (node.type === 'text') leaves.push({ kind: 'text', value: node.value });
      else if (node.type === 'inlineCode') leaves.push({ kind: 'text', value: node.value });
      else if (node.type === 'inlineMath' || node.type === 'math')
        leaves.push({ kind: 'math', value: node.value, display: false });
      else if ('children' in node) (node.children as RootContent[]).forEach(walk);
    };
    walk(block);
    return leaves;
  });
}

/** Where the maintainer's notes begin: the block that is the `## Notes` heading, or the end. */
function notesStart(blocks: Leaf[][], body: string): number {
  const heading = NOTES_MARKER.replace(/^#+\s*/, '');
  if (!body.includes(NOTES_MARKER)) return blocks.length;
  const index = blocks.findIndex(
    (leaves) => leaves.length === 1 && leaves[0]!.kind === 'text' && leaves[0]!.value.trim() === heading,
  );
  return index === -1 ? blocks.length : index;
}

/**
 * The first `words` words; a formula counts as one word and is never cut, and blocks are joined
 * by a space.
 */
function firstWords(blocks: Leaf[][], words: number): { leaves: Leaf[]; truncated: boolean } {
  const leaves: Leaf[] = [];
  let count = 0;
  const done = (truncated: boolean) => ({ leaves: trimEnd(leaves), truncated });
  for (const [index, block] of blocks.entries()) {
    if (index > 0) leaves.push({ kind: 'text', value: ' ' });
    for (const leaf of block) {
      if (count >= words) return done(true);
      if (leaf.kind === 'math') {
        leaves.push(leaf);
        count += 1;
        continue;
      }
      const lead = /^\s*/.exec(leaf.value)![0];
      const tokens = leaf.value.slice(lead.length).match(/\S+\s*/g) ?? [];
      const kept = tokens.slice(0, words - count);
      count += kept.length;
      leaves.push({ kind: 'text', value: lead + kept.join('') });
      if (kept.length < tokens.length) return done(true);
    }
  }
  return done(false);
}

/** Drops trailing spaces and punctuation that would sit before the ellipsis. */
function trimEnd(leaves: Leaf[]): Leaf[] {
  const result = [...leaves];
  while (result.length > 0) {
    const last = result.at(-1)!;
    if (last.kind !== 'text') break;
    const value = last.value.replace(/[\s,;:]+$/, '');
    if (value) {
      result[result.length - 1] = { kind: 'text', value };
      break;
    }
    result.pop();
  }
  return result;
}
