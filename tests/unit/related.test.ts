import { describe, expect, test } from 'vitest';
import { byDay, termCounts, TermIndex, terms, termVector, TERMS_PER_PAPER, weighTerms } from '../../src/lib/related.ts';
import { fixture } from '../helpers/fixtures.ts';

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

describe('weighTerms', () => {
  test('gives each kept term by its place, with the weight termVector gives it', () => {
    const counts = new Map([
      ['graph', 1],
      ['protein', 2],
      ['folding', 1],
    ]);
    const frequencies = { graph: 40, protein: 3, folding: 3 } as Record<string, number>;
    const weights = weighTerms([...counts.keys()], [...counts.values()], [40, 3, 3], 100);
    expect(weights.map(([at]) => at)).toEqual([1, 2, 0]);
    const vector = termVector(counts, (term) => frequencies[term]!, 100);
    expect(weights.map(([at, weight]) => [[...counts.keys()][at], weight])).toEqual(vector);
  });
});

describe('byDay', () => {
  test('groups papers by day, oldest first, each day by id, whatever order they came in', () => {
    const papers = [
      { id: 'b', date: '2025-01-02' },
      { id: 'c', date: '2025-01-01' },
      { id: 'a', date: '2025-01-02' },
    ];
    expect(byDay(papers).map((day) => day.map((paper) => paper.id))).toEqual([['c'], ['a', 'b']]);
  });
});

describe('TermIndex', () => {
  // Real abstracts (a daily-arXiv crawl, one paper a line, some twice), spread over ten days of
  // 40: the last day's are scored against all of them.
  const unique = new Map(
    fixture('corpus/daily-arxiv/2026-05-12.jsonl')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; title: string; summary: string })
      .map((paper) => [paper.id, paper]),
  );
  const papers = [...unique.values()].slice(0, 400).map((paper, index) => ({
    id: paper.id,
    date: `2026-05-${String(1 + Math.floor(index / 40)).padStart(2, '0')}`,
    counts: termCounts(`${paper.title}. ${paper.summary}`),
  }));
  const frequencies = new Map<string, number>();
  for (const paper of papers)
    for (const term of paper.counts.keys()) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
  const vectored = byDay(papers).map((day) =>
    day.map((paper) => ({ ...paper, vector: termVector(paper.counts, (term) => frequencies.get(term)!, 400) })),
  );
  const newest = vectored.at(-1)!;

  test('never lists a paper as related to itself, and lists each paper once', () => {
    const index = new TermIndex(400);
    for (const paper of vectored.flat()) index.add(paper);
    for (const paper of newest) {
      const related = index.related(paper, 5);
      expect(related).toHaveLength(5);
      expect(new Set(related).size).toBe(5);
      expect(related).not.toContain(paper.id);
    }
  });

  test('gives the same lists when earlier papers are added with only the terms of the papers scored', () => {
    const full = new TermIndex(400);
    for (const paper of vectored.flat()) full.add(paper);

    const wanted = new Set(newest.flatMap((paper) => paper.vector.map(([term]) => term)));
    const partial = new TermIndex(400);
    for (const paper of vectored.slice(0, -1).flat()) {
      const doc = partial.addDoc(paper.id, paper.date);
      for (const [term, weight] of paper.vector) if (wanted.has(term)) partial.addTerm(doc, term, weight);
    }
    for (const paper of newest) partial.add(paper);

    // Most terms of earlier papers were left out, and every list is the same.
    expect(wanted.size).toBeLessThan(frequencies.size / 4);
    for (const paper of newest) expect(partial.related(paper, 5)).toEqual(full.related(paper, 5));
  });
});
