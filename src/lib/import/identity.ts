import { createHash } from 'node:crypto';

/*
 * When two records, or a record and an entry on disk, are the same paper. A paper's identities
 * are its keys, strongest first: `arxiv:<id>` when known, then `title:<normalised title>|<day>`.
 * A title with no letters or digits (`🚀🚀🚀`, `…`) identifies nothing, so such a paper is known by
 * its abstract instead: `abstract:<hash>|<day>`.
 */

/** A title reduced to what identifies it: case, punctuation and spacing do not count. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The keys a paper is known by, strongest first. Two records with different arXiv ids are never
 * the same paper. `abstract` is asked for only when the title has no letters or digits.
 * @example paperKeys({ arxivId: '2301.00001', title: 'Deep Nets', date: '2025-01-02' }) // ['arxiv:2301.00001', 'title:deep nets|2025-01-02']
 */
export function paperKeys(
  paper: { arxivId?: string | undefined; title: string; date: string },
  abstract: () => string = () => '',
): string[] {
  const title = normalizeTitle(paper.title);
  const byText = title
    ? `title:${title}|${paper.date}`
    : `abstract:${createHash('sha256')
        .update(`${paper.title}\n${normalizeTitle(abstract())}`)
        .digest('hex')
        .slice(0, 16)}|${paper.date}`;
  return paper.arxivId ? [`arxiv:${paper.arxivId}`, byText] : [byText];
}

/** The arXiv key among a paper's keys, if it has one. */
const arxivKey = (keys: readonly string[]) => keys.find((key) => key.startsWith('arxiv:'));

/**
 * Finds which of some known papers a record is, by `paperKeys`: its arXiv id first; failing that,
 * any other key, unless the match has a different arXiv id.
 */
export class PaperIndex<T extends { keys: readonly string[] }> {
  readonly #byKey = new Map<string, T[]>();

  add(item: T): void {
    for (const key of item.keys) {
      const items = this.#byKey.get(key);
      if (!items) this.#byKey.set(key, [item]);
      else if (!items.includes(item)) items.push(item);
    }
  }

  /** The first known paper the keys identify. */
  find(keys: readonly string[]): T | undefined {
    return this.findAll(keys)[0];
  }

  /** Every known paper the keys identify, in the order they were added. */
  findAll(keys: readonly string[]): T[] {
    const own = arxivKey(keys);
    const found: T[] = [];
    for (const key of keys) {
      for (const item of this.#byKey.get(key) ?? []) {
        const theirs = arxivKey(item.keys);
        if (own && theirs && own !== theirs) continue;
        if (!found.includes(item)) found.push(item);
      }
    }
    return found;
  }
}
