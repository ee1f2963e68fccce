import { describe, expect, test } from 'vitest';
import { isAsImported, parseEntry } from '../../src/lib/entries.ts';
import { entryPath, planImport, type ExistingEntry } from '../../src/lib/import-plan.ts';
import { prepareRecord, type PreparedPaper } from '../../src/lib/prepare.ts';

function paper(title: string, date = '2025-03-04', arxivId?: string): PreparedPaper {
  const prepared = prepareRecord(
    { title, date, abstract: `About ${title}.`, authorCount: 1, ...(arxivId ? { arxivId } : {}) },
    's.json',
  );
  if (!prepared.ok) throw new Error(prepared.errors.join('; '));
  return prepared.paper;
}

/** The entry a first import writes for `paper`, as the next import finds it on disk. */
function onDisk(prepared: PreparedPaper, edit: (content: string) => string = (content) => content): ExistingEntry {
  const [file] = planImport([prepared], []).files;
  const content = edit(file!.content);
  const slug = file!.path.replace(/^.*\//, '').replace('.mdx', '');
  return {
    path: file!.path,
    slug,
    keys: prepared.keys,
    content,
    notes: parseEntry(content).notes,
    asImported: isAsImported(parseEntry(content)),
  };
}

describe('planImport', () => {
  test('files entries by day and slug', () => {
    expect(entryPath('2025-03-04', 'my-paper')).toBe('content/papers/2025/03/04/my-paper.mdx');
    const [file] = planImport([paper('Deep Nets', '2025-03-04', '2503.01234')], []).files;
    expect(file).toMatchObject({ path: 'content/papers/2025/03/04/2503.01234.mdx', status: 'new' });
  });

  test('changes nothing when nothing changed', () => {
    const existing = onDisk(paper('Deep Nets'));
    expect(planImport([paper('Deep Nets')], [existing]).files).toEqual([
      { path: existing.path, content: existing.content, status: 'unchanged' },
    ]);
  });

  test('updates the imported part and keeps the notes byte for byte', () => {
    const notes = '## Notes\n\nSee <Figure src="x.png" /> and {1 + 1}.\n';
    const existing = onDisk(paper('Deep Nets'), (content) => `${content}\n${notes}`);
    const updated = paper('Deep Nets');
    updated.abstractMdx = 'A corrected abstract.';
    const [file] = planImport([updated], [existing]).files;
    expect(file!.status).toBe('updated');
    expect(file!.content).toContain('A corrected abstract.');
    expect(file!.content.endsWith(notes)).toBe(true);
  });

  test('keeps the slug when the paper gains an arXiv id, and moves the file when its day changes', () => {
    const existing = onDisk(paper('Deep Nets', '2025-03-04'));
    const [file] = planImport([paper('Deep Nets', '2025-03-04', '2503.01234')], [existing]).files;
    expect(file!.path).toBe('content/papers/2025/03/04/deep-nets.mdx');
    const moved = planImport(
      [{ ...paper('Deep Nets', '2025-03-06', '2503.01234'), keys: ['arxiv:2503.01234', ...existing.keys] }],
      [existing],
    );
    expect(moved.files[0]).toMatchObject({ path: 'content/papers/2025/03/06/deep-nets.mdx', replaces: existing.path });
  });

  test('never overwrites an entry edited by hand above the notes', () => {
    const existing = onDisk(paper('Deep Nets'), (content) => content.replace('About Deep Nets.', 'My own abstract.'));
    const plan = planImport([paper('Deep Nets')], [existing]);
    expect(plan.files).toEqual([]);
    expect(plan.handEdited).toEqual([existing]);
  });

  test('reports entries that no source lists', () => {
    const existing = onDisk(paper('Gone Paper'));
    expect(planImport([paper('Deep Nets')], [existing]).notInSources).toEqual([existing]);
  });
});
