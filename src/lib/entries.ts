import type { BlockContent, Paragraph, PhrasingContent, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { createHash } from 'node:crypto';
import type { Paper } from '../content.config.ts';
import { segmentsToPhrasing } from './math/render.ts';
import type { Segment } from './math/segments.ts';

/** The heading a maintainer writes notes under; everything from it to the end is theirs. */
export const NOTES_MARKER = '## Notes';

/** An entry file split into what the importer owns (frontmatter, abstract) and what people own. */
export interface EntryParts {
  frontmatter: unknown;
  abstract: string;
  /** The notes section, byte for byte, from the marker line to the end of the file. */
  notes?: string;
}

/**
 * The MDX body for an abstract. It is built as a syntax tree and serialised, so every `{`, `<`,
 * `$`, `*` or fence in the text is escaped and shows as itself; nothing in it can become JSX,
 * an expression, HTML or a heading.
 */
export function abstractToMdx(segments: readonly Segment[]): string {
  const tree: Root = { type: 'root', children: toBlocks(segments) };
  return mdxSerializer.stringify(tree).trimEnd();
}

// The same syntax extensions the site renders with (see astro.config.mjs), so that everything
// they would give a meaning to (`~~`, `|`, `$`, `{`) is escaped.
const mdxSerializer = unified()
  .use(remarkMdx)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkStringify, {
    // MDX runs a paragraph that starts with `import ` or `export ` as JavaScript at build time;
    // the serialiser does not know that, so the first letter is written as a character reference.
    unsafe: [
      { character: 'i', atBreak: true, after: 'mport\\s' },
      { character: 'e', atBreak: true, after: 'xport\\s' },
    ],
  });

/** Paragraphs at blank lines; display math as blocks of its own. */
function toBlocks(segments: readonly Segment[]): BlockContent[] {
  const blocks: BlockContent[] = [];
  let paragraph: Segment[] = [];
  const flush = () => {
    const trimmed = trimSegments(paragraph);
    if (trimmed.length > 0) {
      blocks.push({ type: 'paragraph', children: segmentsToPhrasing(trimmed).flatMap(linkify) } satisfies Paragraph);
    }
    paragraph = [];
  };
  for (const segment of segments) {
    if (segment.kind === 'math' && segment.display) {
      flush();
      blocks.push({ type: 'math', value: segment.value } as BlockContent);
    } else if (segment.kind === 'text') {
      const parts = segment.value.split(/\n\s*\n/);
      parts.forEach((part, index) => {
        if (index > 0) flush();
        paragraph.push({ kind: 'text', value: part.replace(/\s+/g, ' ') });
      });
    } else {
      paragraph.push(segment);
    }
  }
  flush();
  return blocks;
}

const WEB_ADDRESS = /https?:\/\/[^\s<>"'`{}|\\^]+[^\s<>"'`{}|\\^.,;:!?)\]]/g;

/** Web addresses in prose become links (to themselves), so a reader can follow a paper's code URL. */
function linkify(node: PhrasingContent): PhrasingContent[] {
  if (node.type !== 'text') return [node];
  const result: PhrasingContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(WEB_ADDRESS)) {
    if (match.index > last) result.push({ type: 'text', value: node.value.slice(last, match.index) });
    result.push({ type: 'link', url: match[0], children: [{ type: 'text', value: match[0] }] });
    last = match.index + match[0].length;
  }
  if (last < node.value.length) result.push({ type: 'text', value: node.value.slice(last) });
  return result;
}

/** Leading and trailing whitespace of a paragraph goes: it would be indentation or a hard break. */
function trimSegments(segments: Segment[]): Segment[] {
  const result = segments.filter((segment) => segment.kind === 'math' || segment.value !== '');
  const first = result[0];
  if (first?.kind === 'text') result[0] = { kind: 'text', value: first.value.trimStart() };
  const last = result.at(-1);
  if (last?.kind === 'text') result[result.length - 1] = { kind: 'text', value: last.value.trimEnd() };
  return result.filter((segment) => segment.kind === 'math' || segment.value !== '');
}

/**
 * A whole entry file: YAML frontmatter (with the fingerprint of what the import wrote), the
 * abstract, then the maintainer's notes untouched.
 */
export function renderEntry(frontmatter: Paper, abstractMdx: string, notes?: string): string {
  const withHash = { ...frontmatter, importHash: importHash(frontmatter, abstractMdx) };
  // YAML 1.1 quoting, so readers that take `2025-10-06` or `no` for a date or a boolean
  // (Astro's frontmatter parser among them) still read strings back as strings.
  const yaml = stringifyYaml(withHash, { version: '1.1', lineWidth: 0 });
  const body = abstractMdx ? `${abstractMdx}\n` : '';
  return `---\n${yaml}---\n\n${body}${notes === undefined ? '' : `\n${notes}`}`;
}

/** Fingerprint of an entry's frontmatter (without the fingerprint itself) and abstract. */
export function importHash(frontmatter: object, abstract: string): string {
  const { importHash: _ignored, ...fields } = frontmatter as Record<string, unknown>;
  return createHash('sha256')
    .update(stableJson(fields))
    .update('\n')
    .update(abstract.trim())
    .digest('hex')
    .slice(0, 16);
}

/** Whether the part above the notes is still exactly what the import wrote. */
export function isAsImported(parts: EntryParts): boolean {
  const recorded = (parts.frontmatter as { importHash?: unknown } | null)?.importHash;
  return typeof recorded === 'string' && recorded === importHash(parts.frontmatter as object, parts.abstract);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Splits an entry file into its parts; throws when it has no frontmatter block. */
export function parseEntry(text: string): EntryParts {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) throw new Error('no frontmatter block (--- … ---) at the top');
  const rest = text.slice(match[0].length);
  const marker = new RegExp(`^${NOTES_MARKER}[ \\t]*$`, 'm').exec(rest);
  const abstract = (marker ? rest.slice(0, marker.index) : rest).trim();
  return {
    frontmatter: parseYaml(match[1]!),
    abstract,
    ...(marker ? { notes: rest.slice(marker.index) } : {}),
  };
}
