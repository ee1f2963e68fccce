/*
 * Related papers for the whole archive, kept between builds (see src/lib/related.ts): a paper's
 * vector and its list are computed when it first appears (or its entry changes) and reused after,
 * so that a daily build scores only the new day's papers and renders no earlier page again.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byDay, termCounts, TermIndex, termVector, type TermVector } from './related.ts';
import { CACHE_DIR, fingerprintFiles, writeFileAtomic } from './render/cache.ts';

export const RELATED_FILE = `${CACHE_DIR}/related.json`;
/** The code the kept vectors and lists depend on: when it changes, they are made afresh. */
const RELATED_CODE = ['src/lib/related.ts', 'src/lib/related-cache.ts'];

interface RelatedCacheFile {
  code: string;
  /** How many papers the document frequencies count. */
  documents: number;
  /** How many papers have each term. */
  frequencies: Record<string, number>;
  /** By entry digest: the paper's vector and, once scored, its related papers' ids. */
  papers: Record<string, { vector: TermVector; related?: string[] }>;
}

/** A paper of the archive, as related papers need it; `text` is read only for new papers. */
export interface RelatedSource {
  id: string;
  date: string;
  digest: string;
  text: () => string;
}

/** Each paper's related papers (ids, best first), computing only what the last build did not. */
export function relatedForArchive(root: string, papers: readonly RelatedSource[], count = 5): Map<string, string[]> {
  const path = join(root, RELATED_FILE);
  const cache = readCache(path, fingerprintFiles(root, RELATED_CODE));
  const ids = new Set(papers.map((paper) => paper.id));
  const index = new TermIndex(papers.length);
  let changed = Object.keys(cache.papers).length !== papers.length;

  for (const day of byDay(papers)) {
    // The day's new papers count towards the frequencies, then are weighed by them.
    const fresh = day.filter((paper) => !cache.papers[paper.digest]);
    const counts = fresh.map((paper) => termCounts(paper.text()));
    for (const paperCounts of counts) {
      cache.documents += 1;
      for (const term of paperCounts.keys()) cache.frequencies[term] = (cache.frequencies[term] ?? 0) + 1;
    }
    fresh.forEach((paper, at) => {
      const vector = termVector(counts[at]!, (term) => cache.frequencies[term] ?? 1, cache.documents);
      cache.papers[paper.digest] = { vector };
    });
    for (const paper of day) index.add({ ...paper, vector: cache.papers[paper.digest]!.vector });
    // A list is scored when new, or when it names a paper the archive no longer has.
    for (const paper of day) {
      const kept = cache.papers[paper.digest]!;
      if (kept.related && kept.related.every((id) => ids.has(id))) continue;
      kept.related = index.related({ ...paper, vector: kept.vector }, count);
      changed = true;
    }
  }

  if (changed) {
    const kept = Object.fromEntries(papers.map((paper) => [paper.digest, cache.papers[paper.digest]!]));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileAtomic(path, JSON.stringify({ ...cache, papers: kept }));
  }
  return new Map(papers.map((paper) => [paper.id, cache.papers[paper.digest]!.related!]));
}

function readCache(path: string, code: string): RelatedCacheFile {
  try {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as RelatedCacheFile;
    if (cache.code === code) return cache;
  } catch {
    // No cache yet, or an unreadable one: start afresh.
  }
  return { code, documents: 0, frequencies: {}, papers: {} };
}
