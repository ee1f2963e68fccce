import slugify from '@sindresorhus/slugify';
import { createHash } from 'node:crypto';

/** Longest permalink slug, suffix included. */
export const MAX_SLUG_LENGTH = 80;

/**
 * The slug a paper asks for: its arXiv id as written (`2301.00001`; old-style `hep-th/9901001`
 * becomes `hep-th-9901001`), else its title in lowercase ASCII words joined by hyphens.
 */
export function preferredSlug(paper: { arxivId?: string | undefined; plainTitle: string }): string {
  if (paper.arxivId) return paper.arxivId.replace('/', '-');
  const slug = truncate(slugify(paper.plainTitle, { decamelize: false }), MAX_SLUG_LENGTH) || 'paper';
  // Names Windows reserves for devices cannot be file names, with or without an extension.
  return /^(?:con|prn|aux|nul|com\d|lpt\d)$/.test(slug) ? `${slug}-paper` : slug;
}

function truncate(slug: string, length: number): string {
  if (slug.length <= length) return slug;
  const cut = slug.slice(0, length + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > length / 2 ? cut.slice(0, lastHyphen) : slug.slice(0, length)).replace(/-+$/, '');
}

export interface SlugRequest {
  key: string;
  slug: string;
  date: string;
}

/**
 * Permalinks for new papers, given the slugs already taken (`taken`: slug → key). A taken slug is
 * never reassigned, so a published URL never changes. Among new papers asking for the same slug,
 * the earliest day (then the key's hash) wins it and the others get `-<day>`, then a hash, as a
 * suffix: the outcome depends on the papers, never on the order they were read in.
 */
export function assignSlugs(requests: readonly SlugRequest[], taken: ReadonlyMap<string, string>): Map<string, string> {
  const claimed = new Map(taken);
  const assigned = new Map<string, string>();
  const ordered = [...requests].sort((a, b) => a.date.localeCompare(b.date) || hash(a.key).localeCompare(hash(b.key)));
  for (const request of ordered) {
    const candidates = [
      request.slug,
      withSuffix(request.slug, request.date),
      withSuffix(request.slug, `${request.date}-${hash(request.key).slice(0, 12)}`),
      hash(request.key).slice(0, 40),
    ];
    const slug = candidates.find((candidate) => !claimed.has(candidate) || claimed.get(candidate) === request.key)!;
    claimed.set(slug, request.key);
    assigned.set(request.key, slug);
  }
  return assigned;
}

function withSuffix(slug: string, suffix: string): string {
  return `${truncate(slug, MAX_SLUG_LENGTH - suffix.length - 1)}-${suffix}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
