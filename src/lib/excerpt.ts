import type { Root, RootContent } from 'mdast';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { NOTES_MARKER } from './entries.ts';
import type { Segment } from './math/segments.ts';

const parser = unified().use(remarkParse).use(remarkMath);
const notesHeading = NOTES_MARKER.replace(/^#+\s*/, '');

/**
 * The first `words` words of an entry's abstract as segments, for cards on day pages. Formulas
 * count as one word and are never cut; the maintainer's notes are not part of the abstract.
 * @example abstractExcerpt('We bound $O(n)$ steps.', 3) // { segments: [text 'We bound ', math 'O(n)'], truncated: true }
 */
export function abstractExcerpt(body: string, words: number): { segments: Segment[]; truncated: boolean } {
  const tree = parser.parse(body) as Root;
  const segments: Segment[] = [];
  let count = 0;
  for (const block of tree.children) {
    if (block.type === 'heading' && textOf(block).trim() === notesHeading) break;
    for (const node of inlineNodes(block)) {
      if (count >= words) return { segments: trimEnd(segments), truncated: true };
      if (node.type === 'inlineMath' || node.type === 'math') {
        segments.push({ kind: 'math', value: node.value, display: false });
        count += 1;
        continue;
      }
      // Words with the space after them; space before the first word (after a formula) stays too.
      const lead = /^\s*/.exec(node.value)![0];
      const tokens = node.value.slice(lead.length).match(/\S+\s*/g) ?? [];
      const kept = tokens.slice(0, words - count);
      count += kept.length;
      segments.push({ kind: 'text', value: lead + kept.join('') });
      if (kept.length < tokens.length) return { segments: trimEnd(segments), truncated: true };
    }
    segments.push({ kind: 'text', value: ' ' });
  }
  return { segments: trimEnd(segments), truncated: false };
}

type Leaf = { type: 'text' | 'inlineMath' | 'math'; value: string };

function inlineNodes(node: RootContent): Leaf[] {
  if (node.type === 'text' || node.type === 'inlineMath' || node.type === 'math') return [node as Leaf];
  if ('children' in node) return (node.children as RootContent[]).flatMap(inlineNodes);
  return [];
}

function textOf(node: RootContent): string {
  return inlineNodes(node)
    .map((leaf) => leaf.value)
    .join('');
}

/** Drops trailing spaces and punctuation that would sit before the ellipsis. */
function trimEnd(segments: Segment[]): Segment[] {
  const last = segments.at(-1);
  if (last?.kind !== 'text') return segments;
  const value = last.value.replace(/[\s,;:]+$/, '');
  return value ? [...segments.slice(0, -1), { kind: 'text', value }] : trimEnd(segments.slice(0, -1));
}
