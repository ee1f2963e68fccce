import type { Paper } from '../content.config.ts';
import type { PreparedPaper } from './prepare.ts';
import { normalizeTitle, PaperIndex } from './slugs.ts';

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
  const where = `${a.source} and ${b.source}`;
  if (normalizeTitle(a.title) !== normalizeTitle(b.title))
    conflicts.push(`${name}: titles differ in ${where}; kept "${a.title}"`);
  if (a.date !== b.date) conflicts.push(`${name}: listed on ${a.date} and ${b.date} in ${where}; kept ${a.date}`);
  if (base.abstractMdx && other.abstractMdx && normalizeTitle(base.abstractMdx) !== normalizeTitle(other.abstractMdx)) {
    conflicts.push(`${name}: abstracts differ in ${where}; kept the one from ${a.source}`);
  }
  const authors = b.authors.length > a.authors.length ? b.authors : a.authors;
  const frontmatter: Paper = {
    ...b,
    ...definedOnly(a),
    authors,
    authorCount: Math.max(a.authorCount, b.authorCount, authors.length),
    ...maxOf('upvotes', a, b),
    ...maxOf('githubStars', a, b),
    ...maxOf('comments', a, b),
    ...unionOf('categories', a, b),
    ...unionOf('keywords', a, b),
    ...(a.links || b.links ? { links: { ...b.links, ...a.links } } : {}),
    ...(a.ai || b.ai ? { ai: { ...b.ai, ...a.ai } } : {}),
  };
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

function maxOf(field: 'upvotes' | 'githubStars' | 'comments', a: Paper, b: Paper): Partial<Paper> {
  const values = [a[field], b[field]].filter((value): value is number => value !== undefined);
  return values.length > 0 ? { [field]: Math.max(...values) } : {};
}

function unionOf(field: 'categories' | 'keywords', a: Paper, b: Paper): Partial<Paper> {
  const values = [...(a[field] ?? []), ...(b[field] ?? [])];
  return values.length > 0 ? { [field]: [...new Set(values)] } : {};
}
