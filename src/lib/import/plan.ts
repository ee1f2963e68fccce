import { PAPERS_DIR, type Paper } from '../../schema.ts';
import { importHash, isAsImported, readEntryFile, renderEntryFile } from '../entries.ts';
import { digestOf } from '../render/cache.ts';
import { PaperIndex, paperKeys } from './identity.ts';
import { mergeDuplicates } from './merge.ts';
import type { PreparedPaper } from './prepare.ts';
import { assignSlugs, preferredSlug } from './slugs.ts';

/*
 * The import's policy, as one pure function: prepared papers and the entries on disk in, the
 * files to write and remove and what to tell the maintainer out. The command (scripts/import.ts)
 * only reads, writes and prints. The rules, each with a reason:
 * - A paper already on disk keeps its slug (its permalink) and its notes.
 * - An entry edited by hand above its notes is never overwritten, and an entry that cannot be
 *   read is never written over: the papers they belong to are left out of the import.
 * - An entry remembers the keys it was imported under, so an edited title stays the same paper.
 * - Two entries of one paper (a day move a crash interrupted) become one again, never losing notes.
 * - `--prune` removes only entries no source lists that hold nothing of the maintainer's.
 */

/** An entry file on disk, as far as the import needs to know it. */
export interface ExistingEntry {
  /** Path from the project root: `content/papers/2025/03/04/<slug>.mdx`. */
  path: string;
  slug: string;
  /** Digest of the file as it was read: a write happens only if the file still has it. */
  digest: string;
  /** The keys it is known by: as imported, else from its fields. Empty when it cannot be read. */
  keys: string[];
  frontmatter?: Paper;
  /** The notes section, byte for byte. */
  notes?: string;
  /** False when the part above the notes changed since the import wrote it. */
  asImported: boolean;
  /** Why the file cannot be read as an entry (with the line), when it cannot. */
  problem?: string;
}

export interface PlannedWrite {
  path: string;
  content: string;
  /** The entry as it will be once written. */
  entry: ExistingEntry;
  status: 'new' | 'updated';
  /** The digest the file must still have when written (undefined: the file must not exist). */
  expected?: string;
  /** An older file of the same paper, removed once this one is written (its day changed). */
  replaces?: { path: string; digest: string };
  origin: string;
}

export interface PlannedRemoval {
  path: string;
  digest: string;
  /** Why, as the report says it. */
  reason: string;
}

export interface ImportPlan {
  writes: PlannedWrite[];
  removals: PlannedRemoval[];
  unchanged: number;
  /** Papers merged into other records. */
  merged: number;
  /** Papers whose entry was edited by hand above the notes: left as they are. */
  handEdited: number;
  /** Papers whose entry cannot be read: left out until it is fixed. */
  unreadable: number;
  /** Lines for the maintainer: what was decided and why, each naming its file. */
  notices: string[];
  warnings: string[];
}

export interface ImportOptions {
  /** The import read every source (not only named files), so it knows which entries no source lists. */
  complete: boolean;
  /** Remove entries no source lists, unless they hold notes or hand edits. */
  prune: boolean;
}

/** What the import needs to know of one entry file, read from its text. */
export function entryFromFile(path: string, digest: string, text: string): ExistingEntry {
  const slug = path.slice(path.lastIndexOf('/') + 1).replace(/\.mdx$/, '');
  const read = readEntryFile(text);
  if (!read.ok) {
    // The file name of an arXiv paper is its id: enough to know which paper it is.
    const keys = /^\d{4}\.\d{4,5}$/.test(slug) ? [`arxiv:${slug}`] : [];
    return { path, slug, digest, keys, asImported: false, problem: read.problem };
  }
  const { frontmatter, parts } = read;
  return {
    path,
    slug,
    digest,
    keys: frontmatter.importKeys ?? paperKeys(frontmatter, () => parts.abstract),
    frontmatter,
    ...(parts.notes === undefined ? {} : { notes: parts.notes }),
    asImported: isAsImported(parts),
  };
}

/** Where a paper's entry lives: by day, then permalink slug. */
export function entryPath(date: string, slug: string): string {
  const [year, month, day] = date.split('-');
  return `${PAPERS_DIR}/${year}/${month}/${day}/${slug}.mdx`;
}

/** Decides every file an import writes or removes. Pure: nothing here touches the disk. */
export function planImport(
  prepared: readonly PreparedPaper[],
  existing: readonly ExistingEntry[],
  options: ImportOptions,
): ImportPlan {
  const notices: string[] = [];
  const warnings: string[] = [];
  const { papers, conflicts } = mergeDuplicates(prepared);
  for (const conflict of conflicts) warnings.push(`merged: ${conflict}`);

  const readable = existing.filter((entry) => !entry.problem);
  const broken = existing.filter((entry) => entry.problem);
  for (const entry of broken) {
    warnings.push(`${entry.path}: ${entry.problem}; fix the entry (or delete it to import it again)`);
  }
  const index = new PaperIndex<ExistingEntry>();
  readable.forEach((entry) => index.add(entry));
  const slugOf = (paper: PreparedPaper) =>
    preferredSlug({ arxivId: paper.frontmatter.arxivId, plainTitle: paper.plainTitle });
  // An unreadable entry is known by what could still be read of it, and by its file name.
  const unreadableEntryOf = (paper: PreparedPaper) =>
    broken.find((entry) => entry.slug === slugOf(paper) || entry.keys.some((key) => paper.keys.includes(key)));

  // Which entries each paper has on disk; papers whose entry cannot be read wait for a fix.
  const claimed = new Set<ExistingEntry>();
  const plans: { paper: PreparedPaper; entries: ExistingEntry[] }[] = [];
  let unreadable = 0;
  let handEdited = 0;
  for (const paper of papers) {
    const entries = index.findAll(paper.keys).filter((entry) => !claimed.has(entry));
    const broken = unreadableEntryOf(paper);
    if (broken) {
      unreadable += 1;
      warnings.push(`${paper.origin}: left out: its entry ${broken.path} cannot be read`);
      entries.forEach((entry) => claimed.add(entry));
      continue;
    }
    entries.forEach((entry) => claimed.add(entry));
    plans.push({ paper, entries });
  }

  const taken = new Map(existing.map((entry) => [entry.slug, entry.keys[0] ?? `unreadable:${entry.path}`]));
  const newSlugs = assignSlugs(
    plans
      .filter(({ entries }) => entries.length === 0)
      .map(({ paper }) => ({ key: paper.keys[0]!, slug: slugOf(paper), date: paper.frontmatter.date })),
    taken,
  );

  const writes: PlannedWrite[] = [];
  const removals: PlannedRemoval[] = [];
  let unchanged = 0;
  for (const { paper, entries } of plans) {
    const slug = entries[0]?.slug ?? newSlugs.get(paper.keys[0]!)!;
    const path = entryPath(paper.frontmatter.date, slug);
    // The entry to keep: the one already where the paper belongs, else the first found.
    const keeper = entries.find((entry) => entry.path === path) ?? entries[0];
    const others = entries.filter((entry) => entry !== keeper);
    if (keeper && !keeper.asImported) {
      handEdited += 1;
      warnings.push(
        `${keeper.path}: edited by hand above "## Notes", so not updated; move your text below "## Notes" (or delete the file) to let the import update it`,
      );
      continue;
    }
    for (const other of others) {
      if (other.asImported && (other.notes ?? '') === (keeper?.notes ?? '')) {
        removals.push({
          path: other.path,
          digest: other.digest,
          reason: `a second entry of ${paper.origin} (${keeper!.path} is kept)`,
        });
      } else {
        warnings.push(
          `${other.path} and ${keeper!.path} are the same paper, and ${other.path} holds notes or edits of its own; merge them by hand and delete one`,
        );
      }
    }
    const frontmatter = { ...paper.frontmatter, importKeys: paper.keys };
    // The import's fingerprint says whether the part above the notes would change; no need to write it out to see.
    if (keeper?.path === path && keeper.frontmatter?.importHash === importHash(frontmatter, paper.abstractMdx)) {
      unchanged += 1;
      continue;
    }
    const file = renderEntryFile(frontmatter, paper.abstractMdx, keeper?.notes);
    const digest = digestOf(file.text);
    const entry: ExistingEntry = {
      path,
      slug,
      digest,
      keys: paper.keys,
      frontmatter: file.frontmatter,
      asImported: true,
      ...(keeper?.notes === undefined ? {} : { notes: keeper.notes }),
    };
    const write = { path, content: file.text, entry, origin: paper.origin };
    if (!keeper) writes.push({ ...write, status: 'new' });
    else if (keeper.path === path) writes.push({ ...write, status: 'updated', expected: keeper.digest });
    else writes.push({ ...write, status: 'updated', replaces: { path: keeper.path, digest: keeper.digest } });
  }

  for (const entry of readable) {
    if (claimed.has(entry)) continue;
    const precious = entry.notes !== undefined || !entry.asImported;
    if (!options.complete) continue;
    if (options.prune && !precious) {
      removals.push({ path: entry.path, digest: entry.digest, reason: 'no source lists it (--prune)' });
    } else {
      if (options.prune) {
        warnings.push(
          `${entry.path}: no source lists it, but it has notes or hand edits, so --prune kept it; delete it yourself if it should go`,
        );
      } else {
        notices.push(`kept ${entry.path}: no source lists it (--prune removes such entries)`);
      }
    }
  }
  return {
    writes,
    removals,
    unchanged,
    merged: prepared.length - papers.length,
    handEdited,
    unreadable,
    notices,
    warnings,
  };
}
