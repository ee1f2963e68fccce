import { PAPERS_DIR } from '../content.config.ts';
import { renderEntry } from './entries.ts';
import type { PreparedPaper } from './prepare.ts';
import { assignSlugs, PaperIndex, preferredSlug } from './slugs.ts';

/** An entry already on disk, as far as the importer needs to know it. */
export interface ExistingEntry {
  path: string;
  slug: string;
  keys: string[];
  content: string;
  notes?: string | undefined;
  /** False when someone changed the part above the notes since the import wrote it. */
  asImported: boolean;
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
  /** Entries that sources list but that were edited by hand above the notes: left untouched. */
  handEdited: ExistingEntry[];
  /** Entries on disk that no source lists. */
  notInSources: ExistingEntry[];
}

/** Where a paper's entry lives: by day, then permalink slug. */
export function entryPath(date: string, slug: string): string {
  const [year, month, day] = date.split('-');
  return `${PAPERS_DIR}/${year}/${month}/${day}/${slug}.mdx`;
}

/**
 * Decides every file an import writes. Pure: entries on disk and prepared papers in, files out.
 * A paper already on disk keeps its slug and its notes, and an entry edited by hand is never
 * overwritten. New papers get slugs no one has.
 */
export function planImport(papers: readonly PreparedPaper[], existing: readonly ExistingEntry[]): ImportPlan {
  const index = new PaperIndex<ExistingEntry>();
  existing.forEach((entry) => index.add(entry));
  const matched = new Map(papers.map((paper) => [paper, index.find(paper.keys)]));
  const taken = new Map(existing.map((entry) => [entry.slug, entry.keys[0]!]));
  const newSlugs = assignSlugs(
    papers
      .filter((paper) => !matched.get(paper))
      .map((paper) => ({
        key: paper.keys[0]!,
        slug: preferredSlug({ ...paper.frontmatter, plainTitle: paper.plainTitle }),
        date: paper.frontmatter.date,
      })),
    taken,
  );
  const files: PlannedFile[] = [];
  const handEdited: ExistingEntry[] = [];
  for (const paper of papers) {
    const old = matched.get(paper);
    if (old && !old.asImported) {
      handEdited.push(old);
      continue;
    }
    const slug = old?.slug ?? newSlugs.get(paper.keys[0]!)!;
    const path = entryPath(paper.frontmatter.date, slug);
    const content = renderEntry(paper.frontmatter, paper.abstractMdx, old?.notes);
    if (!old) {
      files.push({ path, content, status: 'new' });
      continue;
    }
    const status = old.path === path && old.content === content ? 'unchanged' : 'updated';
    files.push({ path, content, status, ...(old.path === path ? {} : { replaces: old.path }) });
  }
  const listed = new Set([...matched.values()]);
  return { files, handEdited, notInSources: existing.filter((entry) => !listed.has(entry)) };
}
