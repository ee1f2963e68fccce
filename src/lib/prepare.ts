import katex from 'katex';
import { paperSchema, type Paper, type PaperRecord } from '../content.config.ts';
import { abstractToMdx } from './entries.ts';
import { segmentsToPlainText } from './math/plain-text.ts';
import { joinSegments, mergeText, splitMath, type Segment } from './math/segments.ts';
import { paperKey } from './slugs.ts';

/** A record checked against the schema and ready to be written as an entry. */
export interface PreparedPaper {
  key: string;
  frontmatter: Paper;
  abstractMdx: string;
  plainTitle: string;
}

export type Prepared = { ok: true; paper: PreparedPaper; warnings: string[] } | { ok: false; errors: string[] };

// C0 controls other than tab and line breaks, DEL, and lone surrogates: never meaningful in a title.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes control characters and NUL bytes. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * Turns an importer's record into frontmatter and an MDX body: text cleaned, formulas checked with
 * KaTeX (one it cannot typeset is kept as its source text, with a warning), fields validated.
 */
export function prepareRecord(record: PaperRecord, source: string): Prepared {
  const warnings: string[] = [];
  const title = checkMath(splitMath(stripControl(record.title).replace(/\s+/g, ' ').trim()), 'title', warnings);
  const abstract = checkMath(splitMath(stripControl(record.abstract)), 'abstract', warnings);
  const { abstract: _body, ...fields } = record;
  const parsed = paperSchema.safeParse({
    ...fields,
    title: joinSegments(title),
    authors: record.authors?.map((name) => stripControl(name).replace(/\s+/g, ' ').trim()),
    ...(record.organization === undefined ? {} : { organization: stripControl(record.organization) }),
    source,
  });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`),
    };
  }
  const frontmatter = parsed.data;
  return {
    ok: true,
    warnings,
    paper: {
      key: paperKey(frontmatter),
      frontmatter,
      abstractMdx: abstractToMdx(abstract),
      plainTitle: segmentsToPlainText(title),
    },
  };
}

function checkMath(segments: Segment[], field: string, warnings: string[]): Segment[] {
  return mergeText(
    segments.map((segment) => {
      if (segment.kind === 'text') return segment;
      try {
        katex.renderToString(segment.value, { throwOnError: true, displayMode: segment.display });
        return segment;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        warnings.push(`invalid LaTeX in the ${field}, shown as text: ${segment.value} (${reason})`);
        const fence = segment.display ? '$$' : '$';
        return { kind: 'text', value: `${fence}${segment.value}${fence}` };
      }
    }),
  );
}
