import { describe, expect, test } from 'vitest';
import {
  entryFromFile,
  entryPath,
  planImport,
  type ExistingEntry,
  type ImportOptions,
} from '../../../src/lib/import/plan.ts';
import { prepareRecord, type PreparedPaper } from '../../../src/lib/import/prepare.ts';
import { digestOf } from '../../../src/lib/render/cache.ts';

const FULL: ImportOptions = { complete: true, prune: false };

function paper(
  title: string,
  { date = '2025-03-04', arxivId, abstract }: { date?: string; arxivId?: string; abstract?: string } = {},
): PreparedPaper {
  const prepared = prepareRecord(
    { title, date, abstract: abstract ?? `About ${title}.`, authorCount: 1, ...(arxivId ? { arxivId } : {}) },
    { source: 'content/sources/s.json', at: `record for ${title}` },
  );
  if (!prepared.ok) throw new Error(prepared.errors.join('; '));
  return prepared.paper;
}

/** The entry a first import writes for `prepared`, as the next import finds it on disk (edited or not). */
function onDisk(
  prepared: PreparedPaper,
  edit: (content: string) => string = (content) => content,
  path?: string,
): ExistingEntry {
  const [write] = planImport([prepared], [], FULL).writes;
  const content = edit(write!.content);
  return entryFromFile(path ?? write!.path, digestOf(content), content);
}

describe('planImport', () => {
  test('files new entries by day and slug, remembering the keys they were imported under', () => {
    expect(entryPath('2025-03-04', 'my-paper')).toBe('content/papers/2025/03/04/my-paper.mdx');
    const [write] = planImport([paper('Deep Nets', { arxivId: '2503.01234' })], [], FULL).writes;
    expect(write).toMatchObject({ path: 'content/papers/2025/03/04/2503.01234.mdx', status: 'new' });
    expect(write!.expected).toBeUndefined();
    expect(write!.content).toContain('importKeys:\n  - arxiv:2503.01234\n  - title:deep nets|2025-03-04\n');
    expect(write!.entry).toMatchObject({ slug: '2503.01234', asImported: true, digest: digestOf(write!.content) });
  });

  test('changes nothing when nothing changed', () => {
    const plan = planImport([paper('Deep Nets')], [onDisk(paper('Deep Nets'))], FULL);
    expect(plan.writes).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  test('updates the imported part only if the file is still as read, keeping the notes byte for byte', () => {
    const notes = '## Notes\n\nSee <Figure src="x.png" /> and {1 + 1}.\n';
    const existing = onDisk(paper('Deep Nets'), (content) => `${content}\n${notes}`);
    const [write] = planImport([paper('Deep Nets', { abstract: 'A corrected abstract.' })], [existing], FULL).writes;
    expect(write).toMatchObject({ status: 'updated', expected: existing.digest });
    expect(write!.content).toContain('A corrected abstract.');
    expect(write!.content.endsWith(notes)).toBe(true);
  });

  test('keeps the slug when the paper gains an arXiv id, and moves the file when its day changes', () => {
    const existing = onDisk(paper('Deep Nets'));
    const [write] = planImport([paper('Deep Nets', { arxivId: '2503.01234' })], [existing], FULL).writes;
    expect(write!.path).toBe('content/papers/2025/03/04/deep-nets.mdx');
    const withId = onDisk(paper('Deep Nets', { arxivId: '2503.01234' }), undefined, existing.path);
    const moved = planImport([paper('Deep Nets', { date: '2025-03-06', arxivId: '2503.01234' })], [withId], FULL);
    expect(moved.writes[0]).toMatchObject({
      path: 'content/papers/2025/03/06/deep-nets.mdx',
      replaces: { path: existing.path, digest: withId.digest },
    });
  });

  test('never overwrites an entry edited by hand above the notes, and says so', () => {
    const existing = onDisk(paper('Deep Nets'), (content) => content.replace('About Deep Nets.', 'My own abstract.'));
    const plan = planImport([paper('Deep Nets')], [existing], FULL);
    expect(plan.writes).toEqual([]);
    expect(plan.handEdited).toBe(1);
    expect(plan.warnings).toEqual([expect.stringContaining(`${existing.path}: edited by hand above "## Notes"`)]);
  });

  test('takes an edited title for a hand edit of the same paper, not for a new paper', () => {
    const existing = onDisk(paper('Deep Nets'), (content) =>
      content.replace('title: Deep Nets', 'title: Deep Nets, Revisited'),
    );
    expect(existing.frontmatter!.title).toBe('Deep Nets, Revisited');
    const plan = planImport([paper('Deep Nets')], [existing], FULL);
    expect(plan.writes).toEqual([]);
    expect(plan.warnings).toEqual([expect.stringContaining('edited by hand')]);
  });

  test('never writes over an entry that cannot be read, and leaves its paper out until it is fixed', () => {
    const broken = onDisk(paper('Deep Nets', { arxivId: '2503.01234' }), (content) =>
      content.replace('authorCount: 1', 'authorCount: "three"'),
    );
    expect(broken.problem).toMatch(/^line \d+: authorCount: /);
    const plan = planImport([paper('Deep Nets', { arxivId: '2503.01234' }), paper('Other')], [broken], FULL);
    expect(plan.writes.map((write) => write.path)).toEqual(['content/papers/2025/03/04/other.mdx']);
    expect(plan.unreadable).toBe(1);
    expect(plan.warnings).toEqual([
      expect.stringMatching(
        /^content\/papers\/2025\/03\/04\/2503\.01234\.mdx: line \d+: authorCount: .*; fix the entry/,
      ),
      'content/sources/s.json, record for Deep Nets: left out: its entry content/papers/2025/03/04/2503.01234.mdx cannot be read',
    ]);
  });

  test('keeps the slug of an unreadable entry taken', () => {
    const broken = onDisk(paper('Deep Nets'), () => '---\ntitle: [\n---\n', 'content/papers/2025/03/01/deep-nets.mdx');
    expect(broken.problem).toMatch(/^line 2: invalid YAML/);
    const plan = planImport([paper('Deep Nets', { date: '2025-03-04' })], [broken], FULL);
    // Same slug: it may be the same paper, so it waits for the entry to be fixed.
    expect(plan.writes).toEqual([]);
    expect(plan.unreadable).toBe(1);
  });

  test('makes one entry again of a paper a crash left at two days, keeping notes', () => {
    const notes = '## Notes\n\nMine.\n';
    const withNotes = (content: string) => `${content}\n${notes}`;
    const moved = paper('Deep Nets', { date: '2025-03-06', arxivId: '2503.01234' });
    const old = onDisk(paper('Deep Nets', { arxivId: '2503.01234' }), withNotes);
    const copy = onDisk(moved, withNotes);
    const plan = planImport([moved], [old, copy], FULL);
    expect(plan.writes).toEqual([]);
    expect(plan.removals).toEqual([expect.objectContaining({ path: old.path, digest: old.digest })]);

    // Notes only one copy holds are never removed: both stay, and the maintainer is told.
    const edited = onDisk(
      paper('Deep Nets', { arxivId: '2503.01234' }),
      (content) => `${content}\n## Notes\n\nOnly here.\n`,
    );
    const kept = planImport([moved], [edited, copy], FULL);
    expect(kept.removals).toEqual([]);
    expect(kept.warnings).toEqual([expect.stringContaining('holds notes or edits of its own')]);
  });

  test('tells of entries no source lists, and prunes only those holding nothing of the maintainer', () => {
    const plain = onDisk(paper('Gone Paper'));
    const noted = onDisk(paper('Noted Paper'), (content) => `${content}\n## Notes\n\nKeep me.\n`);
    const listed = paper('Deep Nets');
    expect(planImport([listed], [plain, noted], FULL).notices).toEqual([
      `kept ${plain.path}: no source lists it (--prune removes such entries)`,
      `kept ${noted.path}: no source lists it (--prune removes such entries)`,
    ]);
    const pruned = planImport([listed], [plain, noted], { complete: true, prune: true });
    expect(pruned.removals).toEqual([expect.objectContaining({ path: plain.path })]);
    expect(pruned.warnings).toEqual([expect.stringContaining(`${noted.path}: no source lists it, but it has notes`)]);
    // Importing named files only says nothing of the entries other files list.
    const partial = planImport([listed], [plain, noted], { complete: false, prune: false });
    expect([...partial.notices, ...partial.warnings, ...partial.removals]).toEqual([]);
  });

  test('gives different papers with the same letterless title on one day entries of their own', () => {
    const plan = planImport(
      [paper('🚀🚀🚀', { abstract: 'We fly.' }), paper('🚀🚀🚀', { abstract: 'We swim.' })],
      [],
      FULL,
    );
    expect(plan.writes.map((write) => write.path)).toEqual([
      'content/papers/2025/03/04/paper.mdx',
      'content/papers/2025/03/04/paper-2025-03-04.mdx',
    ]);
    expect(plan.merged).toBe(0);
  });
});
