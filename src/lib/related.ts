/*
 * Related papers, computed at build time from the abstracts: TF-IDF cosine similarity over an
 * inverted index. Each paper is reduced to its TERMS_PER_PAPER heaviest terms (a normalized
 * vector); a paper's related papers are those whose vectors share the most weight with its own,
 * scored over the PAPERS_PER_TERM papers that weigh each term most.
 *
 * A paper's list is chosen among the papers listed on its day or before, and its vector weighs
 * terms by the document frequencies over those same papers, so a new day never changes an earlier
 * page. The lists are a pure function of the archive's ids, days and texts: the lists of day D
 * depend on the papers of days <= D and on nothing else, not on the order they arrived in nor on
 * what an earlier build kept. src/lib/related-cache.ts uses that to rescore only the days from the
 * earliest one that changed, and counts the frequencies again by day prefix, from each paper's kept
 * term counts, or from the totals kept for a prefix of days that did not change.
 */

/** Terms kept per paper: enough to find its topic, few enough that scoring stays fast at 50,000 papers. */
export const TERMS_PER_PAPER = 24;
/**
 * Papers kept per term: the ones that weigh it most ("champion lists"). A common term would
 * otherwise make every paper score against thousands; this bounds the work per paper.
 */
export const PAPERS_PER_TERM = 200;

/** Common English and paper boilerplate, which says nothing of a paper's topic. */
const STOPWORDS = new Set(
  (
    'about above across after again against all almost also although among and any are around based because been ' +
    'before being between both but can could does done during each either enable enables even every first for ' +
    'from further given has have having here however into its itself just less many may more most much must ' +
    'new not novel now often only other our over paper per propose proposed provide provides rather same several ' +
    'should show shows shown since some such than that the their them then there these they this those through ' +
    'thus under until upon use used uses using via was well were what when where whether which while who whose ' +
    'will with within without work would yet approach method methods result results present study demonstrate ' +
    'existing significantly significant achieve achieves introduce experiments extensive'
  ).split(' '),
);

/** The words of a text that carry meaning: lower case, three letters or more, plurals folded. */
export function terms(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z][a-z0-9]*(?:-[a-z0-9]+)*/g) ?? [];
  const kept: string[] = [];
  for (const word of words) {
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    kept.push(word.length > 4 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word);
  }
  return kept;
}

/** Distinct terms of a text with how often each occurs. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** A paper as scoring sees it: its heaviest terms, weights normalized to length 1. */
export type TermVector = [term: string, weight: number][];

/**
 * A paper's vector from its term counts, given how many of `documents` papers have each term
 * (`documentFrequency`, this paper included).
 */
export function termVector(
  counts: ReadonlyMap<string, number>,
  documentFrequency: (term: string) => number,
  documents: number,
): TermVector {
  const terms = [...counts.keys()];
  const weights = weighTerms(terms, [...counts.values()], terms.map(documentFrequency), documents);
  return weights.map(([at, weight]) => [terms[at]!, weight]);
}

/**
 * termVector over parallel arrays: `terms[i]` occurs `counts[i]` times in the paper, and
 * `frequencies[i]` of `documents` papers have it. Gives each kept term's place in `terms`, with
 * its weight, so that a caller that knows terms by number keeps them so.
 * @example weighTerms(['graph', 'protein'], [1, 2], [40, 3], 100) // [[1, 0.9…], [0, 0.3…]]
 */
export function weighTerms(
  terms: readonly string[],
  counts: readonly number[],
  frequencies: readonly number[],
  documents: number,
): [at: number, weight: number][] {
  const weighted = terms.map((_, at): [number, number] => [
    at,
    (1 + Math.log(counts[at]!)) * Math.log(1 + documents / Math.max(1, frequencies[at]!)),
  ]);
  weighted.sort((a, b) => b[1] - a[1] || (terms[a[0]]! < terms[b[0]]! ? -1 : 1));
  const top = weighted.slice(0, TERMS_PER_PAPER);
  const length = Math.hypot(...top.map(([, weight]) => weight)) || 1;
  return top.map(([at, weight]) => [at, Math.round((weight / length) * 1e4) / 1e4]);
}

/** Two strings in code-unit order: -1, 0 or 1, the same in every locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A paper to find related papers for, or among. */
export interface RelatedCandidate {
  id: string;
  date: string;
  vector: TermVector;
}

/**
 * The papers seen so far, by term: each term's champion list. Papers are added a day at a time,
 * oldest day first, so that a paper is scored against exactly the papers listed on or before its
 * day, whatever later days the archive has. Each paper added is a doc, numbered from 0 in the
 * order added.
 *
 * A champion list does not depend on which other terms are indexed: papers may be added with only
 * the terms of the papers to be scored (all of each of those), and get exactly the lists a full
 * index gives. A build that scores one new day indexes only the terms that day's papers have.
 */
export class TermIndex {
  readonly #ids: string[] = [];
  readonly #days: string[] = [];
  readonly #docOf = new Map<string, number>();
  /** Each term's champion list, kept sorted: heaviest first, ties to the smaller id. */
  readonly #postings = new Map<string, Postings>();
  #scores: Float64Array;

  constructor(capacity: number) {
    this.#scores = new Float64Array(capacity);
  }

  add(paper: RelatedCandidate): void {
    const doc = this.addDoc(paper.id, paper.date);
    this.#docOf.set(paper.id, doc);
    for (const [term, weight] of paper.vector) this.addTerm(doc, term, weight);
  }

  /**
   * A paper without its terms, which `addTerm` adds: its doc number. It is only a candidate:
   * `related` knows a paper as itself only when it was added with `add`.
   */
  addDoc(id: string, date: string): number {
    const doc = this.#ids.push(id) - 1;
    this.#days.push(date);
    if (doc >= this.#scores.length) {
      const grown = new Float64Array(doc * 2 + 1);
      grown.set(this.#scores);
      this.#scores = grown;
    }
    return doc;
  }

  /** One term of a paper added with `addDoc`. */
  addTerm(doc: number, term: string, weight: number): void {
    let list = this.#postings.get(term);
    if (!list) this.#postings.set(term, (list = new Postings()));
    list.insert(doc, weight, this.#ids);
  }

  /** The `count` papers added so far most like `paper` (not itself), best first. */
  related(paper: RelatedCandidate, count: number): string[] {
    return this.relatedDocs(paper, count).map((doc) => this.#ids[doc]!);
  }

  /** The same as `related`, as doc numbers. */
  relatedDocs(paper: RelatedCandidate, count: number): number[] {
    const scores = this.#scores;
    const self = this.#docOf.get(paper.id) ?? -1;
    const touched: number[] = [];
    for (const [term, weight] of paper.vector) {
      const list = this.#postings.get(term);
      if (!list) continue;
      const { docs, weights, length } = list;
      for (let index = 0; index < length; index++) {
        const doc = docs[index]!;
        // A weight rounded to 0 adds nothing: skipped, so that a doc is touched (listed) once.
        const share = weight * weights[index]!;
        if (doc === self || share === 0) continue;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = scores[doc]! + share;
      }
    }
    // Better: a higher score, then the newer paper, then the smaller id. Strings compare by code
    // unit, never by locale, so that every process ranks alike.
    const better = (a: number, b: number) =>
      scores[a]! - scores[b]! || compare(this.#days[a]!, this.#days[b]!) || compare(this.#ids[b]!, this.#ids[a]!);
    const best: number[] = [];
    for (const doc of touched) {
      if (best.length === count && better(doc, best[count - 1]!) <= 0) continue;
      let at = Math.min(best.length, count - 1);
      while (at > 0 && better(doc, best[at - 1]!) > 0) at -= 1;
      best.splice(at, 0, doc);
      best.length = Math.min(best.length, count);
    }
    for (const doc of touched) scores[doc] = 0;
    return best;
  }
}

/**
 * One term's champion list: the PAPERS_PER_TERM papers that weigh it most, heaviest first (ties
 * to the smaller id), whatever order they came in. Arrays grow as needed: most terms have few papers.
 */
class Postings {
  docs = new Int32Array(4);
  weights = new Float64Array(4);
  length = 0;

  insert(doc: number, weight: number, ids: readonly string[]): void {
    const { weights, docs } = this;
    // A full list turns most papers away at its last place; the others find theirs by halves.
    const last = this.length - 1;
    if (this.length === PAPERS_PER_TERM && weights[last]! > weight) return;
    let [low, high] = [0, this.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      const ahead = weights[middle]! > weight || (weights[middle] === weight && ids[docs[middle]!]! < ids[doc]!);
      if (ahead) low = middle + 1;
      else high = middle;
    }
    const at = low;
    if (at >= PAPERS_PER_TERM) return;
    if (this.length === this.docs.length && this.length < PAPERS_PER_TERM) {
      const size = Math.min(PAPERS_PER_TERM, this.length * 2);
      const [docs, weights] = [new Int32Array(size), new Float64Array(size)];
      docs.set(this.docs);
      weights.set(this.weights);
      [this.docs, this.weights] = [docs, weights];
    }
    const end = Math.min(this.length, PAPERS_PER_TERM - 1);
    this.docs.copyWithin(at + 1, at, end);
    this.weights.copyWithin(at + 1, at, end);
    this.docs[at] = doc;
    this.weights[at] = weight;
    this.length = end + 1;
  }
}

/** Papers grouped by day, oldest day first, each day's papers by id: the order they are added in. */
export function byDay<T extends { id: string; date: string }>(papers: readonly T[]): T[][] {
  const sorted = [...papers].sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
  const days: T[][] = [];
  for (const paper of sorted) {
    const last = days.at(-1);
    if (last && last[0]!.date === paper.date) last.push(paper);
    else days.push([paper]);
  }
  return days;
}
