/**
 * What a Save button and the stored list say of a paper, read and written: the button's data
 * attributes (drawn by SaveButton.astro at build time, filled in by scripts), and the list as
 * stored. Pure, with no side effects, so the build can import it too. Apart from
 * src/lib/reading-list.ts because the bundler splits code by module: a paper or day page must not
 * load /saved/'s BibTeX code with its Save button.
 */
import type { SaveButtonPaper, SavedPaper } from '../lib/reading-list.ts';

/**
 * The Save button's data attributes (`data-url`, `data-id`, `data-title`, `data-day` and
 * `data-authors`), from which its script saves the paper.
 */
export function buttonData(paper: SaveButtonPaper): Record<string, string> {
  return {
    url: paper.url,
    id: paper.id,
    title: paper.titleHtml,
    day: paper.day,
    ...(paper.authors ? { authors: paper.authors } : {}),
  };
}

/** The paper a Save button stands for, from its data attributes (`button.dataset`); none if they are missing. */
export function paperOfButton(data: Readonly<Record<string, string | undefined>>): SaveButtonPaper | undefined {
  const { url, id, title, authors, day = '' } = data;
  if (!url || !id || title === undefined) return undefined;
  return { url, id, titleHtml: title, day, ...(authors ? { authors } : {}) };
}

/** A stored record with every field /saved/ needs, each of the right type. */
function isSavedPaper(value: unknown): value is SavedPaper {
  const record = (value ?? 0) as Record<string, unknown>;
  return (
    ['url', 'id', 'titleHtml', 'day', 'savedAt'].every((name) => typeof record[name] === 'string') &&
    ['authors', 'bibtex'].every((name) => ['string', 'undefined'].includes(typeof record[name]))
  );
}

/**
 * The list as stored (JSON), each paper once. Storage another version or another script wrote
 * may hold anything: what is not a saved paper is left out, and what is not JSON is an empty list.
 */
export function readList(json: string | null): SavedPaper[] {
  let value: unknown;
  try {
    value = JSON.parse(json ?? '[]');
  } catch {
    return [];
  }
  const seen = new Set<string>();
  return (Array.isArray(value) ? value : []).filter(
    (paper): paper is SavedPaper => isSavedPaper(paper) && !seen.has(paper.id) && Boolean(seen.add(paper.id)),
  );
}
