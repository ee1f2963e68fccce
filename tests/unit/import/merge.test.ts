import { describe, expect, test } from 'vitest';
import type { ImportedRecord } from '../../../src/schema.ts';
import { paperSchema } from '../../../src/schema.ts';
import { MERGE_RULES, mergeDuplicates } from '../../../src/lib/import/merge.ts';
import { prepareRecord, type PreparedPaper } from '../../../src/lib/import/prepare.ts';

function paper(fields: ImportedRecord, source = 'a.json', scraped = false): PreparedPaper {
  const prepared = prepareRecord(
    { title: 'Shared Title', date: '2025-03-04', abstract: 'Text.', ...fields },
    { source, scraped },
  );
  if (!prepared.ok) throw new Error(prepared.errors.join('; '));
  return prepared.paper;
}

describe('mergeDuplicates', () => {
  test('makes one paper of records with the same arXiv id', () => {
    const { papers, conflicts } = mergeDuplicates([
      paper({ arxivId: '2503.01234', authorCount: 5, upvotes: 3, links: { github: 'https://github.com/a/b' } }),
      paper(
        {
          arxivId: '2503.01234',
          authors: ['Ada', 'Bo'],
          upvotes: 9,
          links: { project: 'https://a.org' },
          keywords: ['x'],
        },
        'b.json',
      ),
    ]);
    expect(papers).toHaveLength(1);
    expect(papers[0]!.frontmatter).toMatchObject({
      authors: ['Ada', 'Bo'],
      authorCount: 5,
      upvotes: 9,
      links: { github: 'https://github.com/a/b', project: 'https://a.org' },
      keywords: ['x'],
      source: 'a.json',
    });
    expect(conflicts).toEqual([]);
  });

  test('matches a scraped record without an id to the structured one by title and day', () => {
    const { papers } = mergeDuplicates([
      paper({ title: 'shared title', authorCount: 4, upvotes: 12, abstract: 'Scraped text.' }, 'listing.txt', true),
      paper({ arxivId: '2503.01234', authors: ['Ada'], upvotes: 2, abstract: 'Structured text.' }, 'hf.json'),
    ]);
    expect(papers).toHaveLength(1);
    expect(papers[0]!.frontmatter).toMatchObject({
      title: 'Shared Title',
      arxivId: '2503.01234',
      upvotes: 12,
      authorCount: 4,
      source: 'hf.json',
    });
    expect(papers[0]!.abstractMdx).toBe('Structured text.');
    expect(papers[0]!.keys[0]).toBe('arxiv:2503.01234');
  });

  test('reports records that disagree, keeping the first structured one', () => {
    const { papers, conflicts } = mergeDuplicates([
      paper({ arxivId: '2503.01234', title: 'First Title', date: '2025-03-04' }),
      paper({ arxivId: '2503.01234', title: 'Second Title', date: '2025-03-05', abstract: 'Other.' }, 'b.json'),
    ]);
    expect(papers[0]!.frontmatter).toMatchObject({ title: 'First Title', date: '2025-03-04' });
    expect(conflicts).toEqual([
      expect.stringContaining('titles differ'),
      expect.stringContaining('listed on 2025-03-04 and 2025-03-05'),
      expect.stringContaining('abstracts differ'),
    ]);
  });

  test('keeps papers with different arXiv ids apart even when their titles match', () => {
    const { papers } = mergeDuplicates([paper({ arxivId: '2503.00001' }), paper({ arxivId: '2503.00002' })]);
    expect(papers).toHaveLength(2);
  });
});

describe('MERGE_RULES', () => {
  test('follow from the schema, so a new count or list field merges without being listed', () => {
    expect(MERGE_RULES).toMatchObject({
      upvotes: 'max',
      githubStars: 'max',
      comments: 'max',
      authorCount: 'max',
      categories: 'union',
      keywords: 'union',
      links: 'fill',
      ai: 'fill',
      authors: 'longest',
      title: 'base',
      date: 'base',
    });
    for (const [field, type] of Object.entries(paperSchema.shape)) {
      const json = JSON.stringify(type.toJSONSchema?.() ?? {});
      if (/"type":"integer"|"type":"number"/.test(json))
        expect(MERGE_RULES[field as keyof typeof MERGE_RULES]).toBe('max');
    }
  });
});
