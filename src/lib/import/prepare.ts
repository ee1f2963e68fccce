import {
  ARXIV_ID,
  IMPORT_OWNED_FIELDS,
  paperSchema,
  REQUIRED_FIELDS,
  type ImportedRecord,
  type Paper,
} from '../../schema.ts';
import { abstractToMdx } from '../entries.ts';
import { segmentsToPlainText } from '../math/plain-text.ts';
import { joinSegments, splitMath, type Segment } from '../math/segments.ts';
import { texLettersToUnicode } from '../tex-letters.ts';
import { plural } from '../words.ts';
import { paperKeys } from './identity.ts';

/** The longest abstract a record may have, in characters: more is not an abstract, and would swamp the build. */
export const MAX_ABSTRACT_LENGTH = 1_000_000;
/** The longest title a record may have, in characters. */
export const MAX_TITLE_LENGTH = 2_000;

/** A record checked against the schema and ready to be written as an entry. */
export interface PreparedPaper {
  /** Identities of the paper, strongest first: `arxiv:<id>`, then `title:<title>|<day>` (see identity.ts). */
  keys: string[];
  /** Where the record came from, for messages: `content/sources/a.json, record 3`. */
  origin: string;
  /** Whether the source is a scraped page (which loses markup) rather than structured data. */
  scraped: boolean;
  frontmatter: Paper;
  abstractMdx: string;
  plainTitle: string;
}

export type Prepared = { ok: true; paper: PreparedPaper; warnings: string[] } | { ok: false; errors: string[] };

// C0 controls other than tab and line breaks, DEL, and lone surrogates: never meaningful in a title.
const CONTROL =
  // eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes control characters and NUL bytes. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * Turns an importer's record into frontmatter and an MDX body. Text is cleaned and every field is
 * validated by the schema. A bad optional field is dropped with a warning and the paper kept; a
 * paper without a valid title or day, or with an abstract or title over the size limits, is
 * refused. Formulas are checked when the entry is typeset, not here.
 */
export function prepareRecord(
  record: ImportedRecord,
  { source, at = '', scraped = false }: { source: string; at?: string; scraped?: boolean },
): Prepared {
  const warnings: string[] = [];
  const { abstract: rawAbstract, ...fields } = record as ImportedRecord & Record<string, unknown>;
  for (const field of IMPORT_OWNED_FIELDS) {
    if (!(field in fields)) continue;
    delete fields[field];
    warnings.push(`${field}: the import sets this field itself; ignored`);
  }
  const tooLong =
    overLimit(rawAbstract, MAX_ABSTRACT_LENGTH, 'abstract') ?? overLimit(fields.title, MAX_TITLE_LENGTH, 'title');
  if (tooLong) return { ok: false, errors: [tooLong] };
  const cleaned = cleanStrings(fields) as Record<string, unknown>;
  if (hasControl(record)) warnings.push('control characters removed');

  let abstract: Segment[] = [];
  if (typeof rawAbstract === 'string') abstract = lettersOutsideMath(splitMath(stripControl(rawAbstract)));
  else if (rawAbstract !== undefined && rawAbstract !== null) warnings.push('abstract: not text; dropped');
  let title: Segment[] | undefined;
  if (typeof cleaned['title'] === 'string') {
    title = lettersOutsideMath(splitMath(cleaned['title']));
    cleaned['title'] = joinSegments(title);
  }
  decodeLetters(cleaned);
  // Entries keep the paper's id, not a version's: every source then lists a paper under one id.
  if (typeof cleaned['arxivId'] === 'string') cleaned['arxivId'] = withoutVersion(cleaned['arxivId']);
  if (Array.isArray(cleaned['authors']))
    cleaned['authors'] = cleaned['authors'].filter((name) => typeof name === 'string' && name);
  const named = Array.isArray(cleaned['authors']) ? cleaned['authors'].length : 0;
  if (cleaned['authorCount'] === undefined) cleaned['authorCount'] = named;
  const candidate: Record<string, unknown> = { ...cleaned, source };

  // One problem at a time: dropping a list item shifts the places of the others.
  for (let attempt = 0; attempt < 100; attempt++) {
    const parsed = paperSchema.safeParse(candidate);
    if (parsed.success) {
      const frontmatter = {
        ...parsed.data,
        authorCount: Math.max(parsed.data.authorCount, parsed.data.authors.length),
      };
      return {
        ok: true,
        warnings,
        paper: {
          keys: paperKeys(frontmatter, () => segmentsToPlainText(abstract)),
          origin: at ? `${source}, ${at}` : source,
          scraped,
          frontmatter,
          abstractMdx: abstractToMdx(abstract),
          plainTitle: segmentsToPlainText(title ?? []),
        },
      };
    }
    const fatal = parsed.error.issues.filter(
      (issue) =>
        (REQUIRED_FIELDS as readonly unknown[]).includes(issue.path[0]) ||
        (issue.path.length === 0 && issue.code !== 'unrecognized_keys'),
    );
    if (fatal.length > 0) return { ok: false, errors: fatal.map(describe) };
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) dropAt(candidate, [...issue.path, key]);
      warnings.push(`unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} ignored`);
    } else if (issue.path[0] === 'authorCount') {
      candidate['authorCount'] = named;
      warnings.push(`${describe(issue)}; counted the names instead`);
    } else {
      dropAt(candidate, issue.path);
      warnings.push(`${describe(issue)}; dropped`);
    }
  }
  return { ok: false, errors: ['too many invalid fields'] };
}

/**
 * An arXiv id without its version suffix; anything that is not a versioned arXiv id is returned
 * as it is (the schema then judges it).
 * @example withoutVersion('2512.00011v1') // '2512.00011'
 * @example withoutVersion('hep-th/9901001v2') // 'hep-th/9901001'
 */
export function withoutVersion(id: string): string {
  const base = id.replace(/v\d+$/, '');
  return base !== id && ARXIV_ID.test(base) ? base : id;
}

/** TeX's accents and special letters (`M\\"uller`, `Pucha{\\l}a`) as Unicode, in prose only. */
function lettersOutsideMath(segments: Segment[]): Segment[] {
  return segments.map((segment) =>
    segment.kind === 'text' ? { ...segment, value: texLettersToUnicode(segment.value) } : segment,
  );
}

/** Fields shown as plain text (names), and fields shown with their math typeset (`$…$` kept). */
const PLAIN_FIELDS = ['organization', 'submittedBy'] as const;
const TEXT_FIELDS = ['comment', 'journalRef'] as const;

/**
 * Every text field but the title and abstract with TeX letters as Unicode, so that a page shows
 * `Müller` and a search for it finds the paper. A field that has none stays byte for byte.
 */
function decodeLetters(fields: Record<string, unknown>): void {
  const inText = (value: unknown) => {
    if (typeof value !== 'string' || !value.includes('\\')) return value;
    const segments = splitMath(value);
    const decoded = lettersOutsideMath(segments);
    return decoded.some((segment, index) => segment.value !== segments[index]!.value) ? joinSegments(decoded) : value;
  };
  const plain = (value: unknown) => (typeof value === 'string' ? texLettersToUnicode(value) : value);
  if (Array.isArray(fields['authors'])) fields['authors'] = fields['authors'].map(plain);
  for (const field of PLAIN_FIELDS) if (field in fields) fields[field] = plain(fields[field]);
  for (const field of TEXT_FIELDS) if (field in fields) fields[field] = inText(fields[field]);
  if (Array.isArray(fields['keywords'])) fields['keywords'] = fields['keywords'].map(inText);
  const ai = fields['ai'];
  if (ai && typeof ai === 'object' && !Array.isArray(ai)) {
    fields['ai'] = Object.fromEntries(Object.entries(ai).map(([part, value]) => [part, inText(value)]));
  }
}

function describe(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`;
}

/** Removes the value at a path: an object key, or one item of a list. */
function dropAt(target: Record<string, unknown>, path: PropertyKey[]): void {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)?.[key], target);
  const key = path.at(-1)!;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<PropertyKey, unknown>)[key];
  // A list or group left empty by the drop goes too.
  if (path.length > 1 && parent && typeof parent === 'object' && Object.keys(parent).length === 0)
    dropAt(target, path.slice(0, -1));
}

function hasControl(value: unknown): boolean {
  if (typeof value === 'string') return new RegExp(CONTROL.source).test(value);
  if (value && typeof value === 'object') return Object.values(value).some(hasControl);
  return false;
}

/** Copies a value with control characters removed and whitespace collapsed in every string, nulls dropped. */
function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return stripControl(value).replace(/\s+/g, ' ').trim();
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value && typeof value === 'object') {
    // `null` is how JSON says a field is absent: treat it so, not as a bad value.
    const present = Object.entries(value).filter(([, item]) => item !== null && item !== undefined);
    return Object.fromEntries(present.map(([key, item]) => [key, cleanStrings(item)]));
  }
  return value;
}

function overLimit(value: unknown, limit: number, field: string): string | undefined {
  if (typeof value !== 'string' || value.length <= limit) return undefined;
  return `${field}: ${plural(value.length, 'character')}, over the limit of ${limit.toLocaleString('en')}; record skipped`;
}
