import type { PreparedPaper } from './prepare.ts';

/**
 * One paper per key. When several records describe the same paper, the first one read is the
 * base and the others fill it in: real author names beat a bare count, the highest upvote count
 * wins, links are united, a missing organization or abstract is taken from a later record.
 * Differing titles or abstracts are reported as conflicts; the first one read is kept.
 */
export function mergeDuplicates(papers: readonly PreparedPaper[]): { papers: PreparedPaper[]; conflicts: string[] } {
  const merged = new Map<string, PreparedPaper>();
  const conflicts: string[] = [];
  for (const paper of papers) {
    const base = merged.get(paper.key);
    if (!base) {
      merged.set(paper.key, paper);
      continue;
    }
    const a = base.frontmatter;
    const b = paper.frontmatter;
    if (a.title !== b.title) conflicts.push(`${paper.key}: titles differ ("${a.title}" / "${b.title}"); kept the first`);
    if (base.abstractMdx && paper.abstractMdx && base.abstractMdx !== paper.abstractMdx) {
      conflicts.push(`${paper.key}: abstracts differ (from ${a.source} and ${b.source}); kept the first`);
    }
    const upvotes = Math.max(a.upvotes ?? -1, b.upvotes ?? -1);
    const authors = b.authors.length > a.authors.length ? b.authors : a.authors;
    const links = { ...b.links, ...a.links };
    const organization = a.organization ?? b.organization;
    merged.set(paper.key, {
      ...base,
      abstractMdx: base.abstractMdx || paper.abstractMdx,
      frontmatter: {
        ...a,
        authors,
        authorCount: Math.max(a.authorCount, b.authorCount, authors.length),
        ...(organization === undefined ? {} : { organization }),
        ...(upvotes < 0 ? {} : { upvotes }),
        ...(Object.keys(links).length === 0 ? {} : { links }),
      },
    });
  }
  return { papers: [...merged.values()], conflicts };
}
