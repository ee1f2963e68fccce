import { describe, expect, test } from 'vitest';
import { planImport } from '../../../src/lib/import/plan.ts';
import { assembleSource, parseSource, prepareSource, prepareSourceRecord } from '../../../src/lib/import/sources.ts';
import { fixture } from '../../helpers/fixtures.ts';

const ATOM = 'corpus/arxiv/atom/math_2026-06-20_riemann_arxiv_feed.xml';

describe('prepareSource', () => {
  test('is a parse, each record prepared on its own, and an assembly that names each place', () => {
    for (const [name, text] of [
      ['content/sources/feed.xml', fixture(ATOM)],
      ['content/sources/bad.json', fixture('bad/bad-records.json')],
      ['content/sources/day.json', fixture('hf-daily/2025-03-04.json')],
    ]) {
      const parsed = parseSource(name!, text!);
      const outcomes = parsed.records.map(({ record }) => prepareSourceRecord(record, parsed));
      expect(assembleSource(parsed, outcomes)).toEqual(prepareSource(name!, text!));
    }
    const bad = prepareSource('content/sources/bad.json', fixture('bad/bad-records.json'));
    expect(bad.skipped).toContain('content/sources/bad.json, record 2: not an object; skipped');
    expect(bad.papers[0]!.origin).toBe('content/sources/bad.json, record 1');
  });

  test('says why a file cannot be read, and that an empty one holds nothing', () => {
    expect(prepareSource('content/sources/broken.json', fixture('bad/broken.json')).error).toMatch(/^not valid JSON/);
    expect(prepareSource('content/sources/empty.jsonl', ' \n').note).toBe(
      'content/sources/empty.jsonl: empty file, nothing to import from it',
    );
  });
});

describe('a versioned arXiv id', () => {
  test('is the same paper as its unversioned id, whichever importer read it: one entry', () => {
    const feed = prepareSource('content/sources/feed.xml', fixture(ATOM));
    const fromFeed = feed.papers[0]!;
    const id = fromFeed.frontmatter.arxivId!;
    // A hand-made list that names the version it read, as people copy it from arXiv's page.
    const handMade = prepareSource(
      'content/sources/mine.json',
      JSON.stringify([
        { title: 'My own title for it', date: fromFeed.frontmatter.date, arxivId: `${id}v1`, upvotes: 3 },
      ]),
    );
    expect(handMade.cleaned).toEqual([]);
    expect(handMade.papers[0]!.frontmatter.arxivId).toBe(id);

    const plan = planImport([...feed.papers, ...handMade.papers], [], { complete: true, prune: false });
    expect(plan.writes).toHaveLength(feed.papers.length);
    expect(plan.merged).toBe(1);
    expect(plan.writes.filter((write) => write.path.endsWith(`/${id}.mdx`))).toHaveLength(1);
  });
});
