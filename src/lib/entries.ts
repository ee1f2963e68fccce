import type { BlockContent, Paragraph, PhrasingContent, Root } from 'mdast';
import 'mdast-util-math';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';
import { createHash } from 'node:crypto';
import { paperSchema, type Paper } from '../schema.ts';
import type { Segment } from './math/segments.ts';

/** The heading a maintainer writes notes under; everything from it to the end is theirs. */
export const NOTES_MARKER = '## Notes';

/** An entry file split into what the importer owns (frontmatter, abstract) and what people own. */
export interface EntryParts {
  frontmatter: unknown;
  /** Everything after the frontmatter, as MDX compiles it: the abstract and the notes. */
  body: string;
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
      blocks.push({ type: 'math', value: segment.value });
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

/** Phrasing nodes for segments: prose as text (HTML is never interpreted), formulas as inline math. */
function segmentsToPhrasing(segments: readonly Segment[]): PhrasingContent[] {
  const nodes: PhrasingContent[] = [];
  for (const segment of segments) {
    if (segment.kind === 'text') {
      if (segment.value) nodes.push({ type: 'text', value: segment.value });
      continue;
    }
    // Formulas side by side (`$p$$+$$p$`) cannot be written apart in Markdown: their fences would
    // run together into one longer fence. As one formula they show the same.
    const last = nodes.at(-1);
    if (last?.type === 'inlineMath') last.value += ` ${segment.value}`;
    else nodes.push({ type: 'inlineMath', value: segment.value });
  }
  return nodes;
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
 * abstract, then the maintainer's notes untouched. Also returns the frontmatter as written.
 */
export function renderEntryFile(
  frontmatter: Paper,
  abstractMdx: string,
  notes?: string,
): { text: string; frontmatter: Paper } {
  const withHash = { ...frontmatter, importHash: importHash(frontmatter, abstractMdx) };
  // YAML 1.1 quoting, so readers that take `2025-10-06` or `no` for a date or a boolean
  // (Astro's frontmatter parser among them) still read strings back as strings.
  const yaml = stringifyYaml(withHash, { version: '1.1', lineWidth: 0 });
  const body = abstractMdx ? `${abstractMdx}\n` : '';
  return { text: `---\n${yaml}---\n\n${body}${notes === undefined ? '' : `\n${notes}`}`, frontmatter: withHash };
}

/** The text of an entry file; see `renderEntryFile`. */
export function renderEntry(frontmatter: Paper, abstractMdx: string, notes?: string): string {
  return renderEntryFile(frontmatter, abstractMdx, notes).text;
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

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** An entry file's body (everything after the frontmatter, as MDX compiles it), without reading the YAML. */
export function entryBody(text: string): string {
  const match = FRONTMATTER.exec(text);
  return (match ? text.slice(match[0].length) : text).trim();
}

/** Splits an entry file into its parts; throws when it has no frontmatter block or invalid YAML. */
export function parseEntry(text: string): EntryParts {
  const match = FRONTMATTER.exec(text);
  if (!match) throw new Error('no frontmatter block (--- … ---) at the top');
  const rest = text.slice(match[0].length);
  const marker = new RegExp(`^${NOTES_MARKER}[ \\t]*$`, 'm').exec(rest);
  const abstract = (marker ? rest.slice(0, marker.index) : rest).trim();
  return {
    frontmatter: parseYaml(match[1]!),
    body: entryBody(text),
    abstract,
    ...(marker ? { notes: rest.slice(marker.index) } : {}),
  };
}

/** An entry file read and checked against the schema, or what is wrong with it, with its line. */
export type EntryRead = { ok: true; frontmatter: Paper; parts: EntryParts } | { ok: false; problem: string };

/**
 * Reads an entry file and checks its frontmatter against the schema. A problem names the line it
 * is on, as a maintainer would look for it in an editor.
 * @example readEntryFile('---\ntitle: [\n---\n') // { ok: false, problem: 'line 2: invalid YAML: …' }
 */
export function readEntryFile(text: string): EntryRead {
  let parts: EntryParts;
  try {
    parts = parseEntry(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      // Line 1 is the opening `---`.
      const line = (error.linePos?.[0]?.line ?? 0) + 1;
      return {
        ok: false,
        problem: `line ${line}: invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      };
    }
    return { ok: false, problem: `line 1: ${(error as Error).message}` };
  }
  const parsed = paperSchema.safeParse(parts.frontmatter);
  if (parsed.success) return { ok: true, frontmatter: parsed.data, parts };
  const yaml = FRONTMATTER.exec(text)![1]!.split(/\r?\n/);
  const lineOf = (field: string) => {
    const index = yaml.findIndex((line) => line.startsWith(`${field}:`));
    return index === -1 ? 'line 2' : `line ${index + 2}`;
  };
  const problems = parsed.error.issues.slice(0, 3).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${lineOf(key)}: unknown field "${key}"`).join('; ');
    }
    if (issue.path.length === 0)
      return `line 2: the frontmatter must be fields (name: value), not ${Array.isArray(parts.frontmatter) ? 'a list' : typeof parts.frontmatter}`;
    return `${lineOf(String(issue.path[0]))}: ${issue.path.join('.')}: ${issue.message}`;
  });
  return { ok: false, problem: problems.join('; ') };
}
