import { PAPERS_DIR } from '../content.config.ts';
import { renderEntry } from './entries.ts';
import type { PreparedPaper } from './prepare.ts';
import { assignSlugs, preferredSlug } from './slugs.ts';

/** An entry already on disk, as far as the importer needs to know it. */
export interface ExistingEntry {
  path: string;
  slug: string;
  key: string;
  content: string;
  notes?: string | undefined;
}

export interface PlannedFile {
  path: string;
  content: string;
  status: 'new' | 'updated' | 'unchanged';
  /** An older file of the same paper to remove once this one is written (its day changed). */
  replaces?: string;
}

export interface ImportPlan {
  files: PlannedFile[];
  /** Entries on disk that this import did not mention: kept, and reported. */
  notInSources: ExistingEntry[];
}

/** Where a paper's entry lives: by day, then permalink slug. */
export function entryPath(date: string, slug: string): string {
  const [year, month, day] = date.split('-');
  return `${PAPERS_DIR}/${year}/${month}/${day}/${slug}.mdx`;
}

/**
 * Decides every file an import writes. Pure: entries on disk and prepared papers in, files out.
 * A paper already on disk keeps its slug and its notes; new papers get slugs no one has.
 */
export function planImport(papers: readonly PreparedPaper[], existing: readonly ExistingEntry[]): ImportPlan {
  const byKey = new Map(existing.map((entry) => [entry.key, entry]));
  const taken = new Map(existing.map((entry) => [entry.slug, entry.key]));
  const newSlugs = assignSlugs(
    papers
      .filter((paper) => !byKey.has(paper.key))
      .map((paper) => ({ key: paper.key, slug: preferredSlug(paper), date: paper.frontmatter.date })),
    taken,
  );
  const files = papers.map((paper): PlannedFile => {
    const old = byKey.get(paper.key);
    const slug = old?.slug ?? newSlugs.get(paper.key)!;
    const path = entryPath(paper.frontmatter.date, slug);
    const content = renderEntry(paper.frontmatter, paper.abstractMdx, old?.notes);
    if (!old) return { path, content, status: 'new' };
    const status = old.path === path && old.content === content ? 'unchanged' : 'updated';
    return { path, content, status, ...(old.path === path ? {} : { replaces: old.path }) };
  });
  const imported = new Set(papers.map((paper) => paper.key));
  return { files, notInSources: existing.filter((entry) => !imported.has(entry.key)) };
}
