import type { z } from 'astro/zod';
import { paperSchema, type Paper } from '../../schema.ts';
import { normalizeTitle, PaperIndex } from './identity.ts';
import type { PreparedPaper } from './prepare.ts';

/**
 * How each field of the schema is merged, read off its type so a new field is merged sensibly
 * without being listed here: counts take the highest value, lists are united, groups of fields
 * (links, AI summaries) are filled in field by field, and single values come from the base.
 * Author names are a list with a rule of their own (the longest list wins).
 */
export const MERGE_RULES = Object.fromEntries(
  Object.entries(paperSchema.shape).map(([field, type]) => {
    let inner = type as z.ZodType;
    while (inner.def.type === 'optional' || inner.def.type === 'default') {
      inner = (inner.def as unknown as { innerType: z.ZodType }).innerType;
    }
    const rule =
      field === 'authors' ? 'longest' : { number: 'max', array: 'union', object: 'fill' }[inner.def.type as string];
    return [field, rule ?? 'base'];
  }),
) as Record<keyof Paper, 'max' | 'union' | 'fill' | 'longest' | 'base'>;

/**
 * One paper per identity (see `paperKeys`). When several records describe the same paper:
 * - the base is the record from structured data (JSON, XML) rather than a scraped page, and among
 *   those the first one read; its title, abstract, day and other single values win, and records
 *   after it only fill in what it lacks;
 * - real author names beat a bare count, and the longest list of names wins;
 * - the highest upvote, star and comment counts win;
 * - links, categories and keywords are united.
 * Titles, abstracts or days that disagree are reported as conflicts.
 */
export function mergeDuplicates(papers: readonly PreparedPaper[]): { papers: PreparedPaper[]; conflicts: string[] } {
  const groups: PreparedPaper[][] = [];
  const index = new PaperIndex<{ keys: string[]; group: PreparedPaper[] }>();
  for (const paper of papers) {
    const found = index.find(paper.keys);
    if (found) {
      found.group.push(paper);
      // A record with an arXiv id makes the group findable by that id too.
      index.add({ keys: paper.keys, group: found.group });
    } else {
      const group = [paper];
      groups.push(group);
      index.add({ keys: paper.keys, group });
    }
  }
  const conflicts: string[] = [];
  const merged = groups.map((group) => {
    if (group.length === 1) return group[0]!;
    const ordered = [...group.filter((paper) => !paper.scraped), ...group.filter((paper) => paper.scraped)];
    return ordered.reduce((base, other) => combine(base, other, conflicts));
  });
  return { papers: merged, conflicts };
}

function combine(base: PreparedPaper, other: PreparedPaper, conflicts: string[]): PreparedPaper {
  const a = base.frontmatter;
  const b = other.frontmatter;
  const name = a.arxivId ? `arXiv ${a.arxivId}` : `"${a.title}"`;
  const where = `${base.origin} and ${other.origin}`;
  if (normalizeTitle(a.title) !== normalizeTitle(b.title))
    conflicts.push(`${name}: titles differ in ${where}; kept "${a.title}"`);
  if (a.date !== b.date) conflicts.push(`${name}: listed on ${a.date} and ${b.date} in ${where}; kept ${a.date}`);
  if (base.abstractMdx && other.abstractMdx && normalizeTitle(base.abstractMdx) !== normalizeTitle(other.abstractMdx)) {
    conflicts.push(`${name}: abstracts differ in ${where}; kept the one from ${base.origin}`);
  }
  const merged: Record<string, unknown> = { ...b, ...definedOnly(a) };
  for (const [field, rule] of Object.entries(MERGE_RULES) as [keyof Paper, string][]) {
    const [x, y] = [a[field], b[field]] as [unknown, unknown];
    if (x === undefined || y === undefined) continue;
    if (rule === 'max') merged[field] = Math.max(x as number, y as number);
    else if (rule === 'union') merged[field] = [...new Set([...(x as unknown[]), ...(y as unknown[])])];
    else if (rule === 'fill') merged[field] = { ...(y as object), ...(x as object) };
    else if (rule === 'longest') merged[field] = (y as unknown[]).length > (x as unknown[]).length ? y : x;
  }
  const frontmatter = merged as Paper;
  frontmatter.authorCount = Math.max(frontmatter.authorCount, frontmatter.authors.length);
  return {
    ...base,
    // The arXiv id stays the strongest key, whichever record brought it.
    keys: [...new Set([...base.keys, ...other.keys])].sort(
      (x, y) => Number(y.startsWith('arxiv:')) - Number(x.startsWith('arxiv:')),
    ),
    frontmatter,
    abstractMdx: base.abstractMdx || other.abstractMdx,
  };
}

function definedOnly(paper: Paper): Partial<Paper> {
  return Object.fromEntries(Object.entries(paper).filter(([, value]) => value !== undefined));
}
