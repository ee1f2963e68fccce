import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { generateCorpus } from '../../scripts/bench/corpus.ts';
import { relatedForArchive, RELATED_FILE } from '../../src/lib/related-cache.ts';
import { termCounts, terms, termVector, TERMS_PER_PAPER } from '../../src/lib/related.ts';

const ABSTRACTS: Record<string, [date: string, text: string]> = {
  diffusion1: [
    '2025-01-01',
    'Diffusion models generate images by denoising; we speed up diffusion sampling for images.',
  ],
  diffusion2: ['2025-01-02', 'Faster sampling for image diffusion models with fewer denoising steps.'],
  diffusion3: ['2025-01-03', 'Video diffusion: denoising frames with temporal attention for sampling video.'],
  proteins: ['2025-01-02', 'Protein folding with graph networks predicts protein structure from sequence.'],
  proteins2: ['2025-01-03', 'Protein structure prediction from sequence alignments and graph networks.'],
  robots: ['2025-01-03', 'Robot grasping policies learned from demonstrations in simulation.'],
};

/** The papers above as the cache takes them, each with its text read at most once. */
const sources = (reads: string[] = []) =>
  Object.entries(ABSTRACTS).map(([id, [date, text]]) => ({
    id,
    date,
    digest: `digest-${id}`,
    text: () => (reads.push(id), text),
  }));

describe('terms', () => {
  test('keep meaningful words, lower case, plurals folded, stopwords and short words dropped', () => {
    expect(terms('We propose Diffusion Models for the images of transformers; a 3D long-context model.')).toEqual([
      'diffusion',
      'model',
      'image',
      'transformer',
      'long-context',
      'model',
    ]);
    expect(terms('focus analysis class')).toEqual(['focus', 'analysis', 'class']);
    expect(termCounts('graph graph networks network').get('network')).toBe(2);
  });

  test('weigh rare terms more, keep at most TERMS_PER_PAPER, normalized', () => {
    const counts = new Map(Array.from({ length: 40 }, (_, index) => [`term${index}`, 1 + (index % 3)]));
    const vector = termVector(counts, (term) => (term === 'term0' ? 1 : 50), 100);
    expect(vector).toHaveLength(TERMS_PER_PAPER);
    expect(vector[0]![0]).toBe('term0');
    expect(Math.hypot(...vector.map(([, weight]) => weight))).toBeCloseTo(1, 3);
  });
});

describe('relatedForArchive', () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  test('rank papers on the same topic first, listed on or before the paper’s day, never itself', () => {
    root = mkdtempSync(join(tmpdir(), 'paperboy-related-'));
    const related = relatedForArchive(root, sources(), 2);
    expect(related.get('diffusion3')).toEqual(['diffusion1', 'diffusion2']);
    expect(related.get('proteins2')).toEqual(['proteins']);
    // On its day only the first diffusion paper and the protein paper were listed before or with it.
    expect(related.get('diffusion2')).toEqual(['diffusion1']);
    expect(related.get('diffusion1')).toEqual([]);
    // A paper that shares no term with any other has none.
    expect(related.get('robots')).toEqual([]);
  });

  test('computes each paper once, and scores again only new papers and lists naming a removed one', () => {
    root = mkdtempSync(join(tmpdir(), 'paperboy-related-'));
    const first: string[] = [];
    const lists = relatedForArchive(root, sources(first), 2);
    expect(first.sort()).toEqual(Object.keys(ABSTRACTS).sort());

    const again: string[] = [];
    expect(relatedForArchive(root, sources(again), 2)).toEqual(lists);
    expect(again).toEqual([]);

    // diffusion1 is removed: lists naming it are scored again, without it; no text is read again.
    const reads: string[] = [];
    const after = relatedForArchive(
      root,
      sources(reads).filter((paper) => paper.id !== 'diffusion1'),
      2,
    );
    expect(reads).toEqual([]);
    expect(after.get('diffusion3')).toEqual(['diffusion2']);
    expect(after.get('proteins2')).toEqual(['proteins']);
    const cached = JSON.parse(readFileSync(join(root, RELATED_FILE), 'utf8')) as { papers: object };
    expect(Object.keys(cached.papers)).not.toContain('digest-diffusion1');
  });

  test('a build that adds a day gives the lists a build from scratch gives', () => {
    const corpus = generateCorpus(400, { perDay: [15, 25] });
    const all = corpus.flatMap((day) =>
      day.papers.map((paper) => ({
        id: paper['arxivId'] as string,
        date: day.date,
        digest: `d-${paper['arxivId'] as string}`,
        text: () => `${paper['title'] as string}. ${paper['abstract'] as string}`,
      })),
    );
    const lastDay = corpus.at(-1)!.date;
    root = mkdtempSync(join(tmpdir(), 'paperboy-related-'));
    const before = relatedForArchive(
      root,
      all.filter((paper) => paper.date < lastDay),
    );
    const daily = relatedForArchive(root, all);
    const scratch = mkdtempSync(join(tmpdir(), 'paperboy-related-'));
    try {
      expect(daily).toEqual(relatedForArchive(scratch, all));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // Earlier lists stayed as they were; most papers have five.
    for (const [id, list] of before) expect(daily.get(id)).toEqual(list);
    expect([...daily.values()].filter((list) => list.length === 5).length).toBeGreaterThan(350);
  });
});
