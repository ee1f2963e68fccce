import type { Paper } from '../../schema.ts';
import { escapeHtml } from '../html.ts';
import { authorLine, CARD_AUTHORS } from '../papers.ts';
import type { EntryView } from '../render/entry-view.ts';
import { paperPath } from '../urls.ts';
import type { Facets } from './facets.ts';

/** What the search index holds of one paper. */
export interface SearchRecord {
  /** The paper's path from the site's base: `/papers/2301.00001/`. */
  url: string;
  /** The indexed text: the abstract and notes with formulas in plain form, or the title when there is no abstract. */
  content: string;
  /** Shown in results, and searched (the title weighs 5× the text, Pagefind's default). */
  meta: Record<string, string>;
  /** What it is filtered and sorted by (src/lib/search/facets.ts), kept beside the index. */
  facets: Facets;
  /** Its authors' names, for the author filter (kept beside the index too). */
  authors: string[];
}

/**
 * A paper as the search index holds it. Every paper is findable, with or without an abstract.
 * Title and authors are searched as metadata; the typeset title is kept (`title_html`) for
 * results when it has math, and results show a short byline (`authors`). Author names are searched, and filtered by from a paper's page
 * (a name links to the search for that author's papers).
 */
export function searchRecord(slug: string, paper: Paper, view: EntryView): SearchRecord {
  const authors = authorLine(paper);
  return {
    url: `/${paperPath(slug)}`,
    content: view.searchText || view.plainTitle,
    meta: {
      title: view.plainTitle,
      ...(view.titleHtml.includes('class="katex"') ? { title_html: view.titleHtml } : {}),
      date: paper.date,
      ...(authors ? { authors } : {}),
      // The short byline drops names past the first few: every name stays searchable.
      ...(paper.authors.length > CARD_AUTHORS ? { names: paper.authors.join(', ') } : {}),
      ...(paper.organization ? { organization: paper.organization } : {}),
      upvotes: String(paper.upvotes ?? 0),
    },
    facets: { date: paper.date, upvotes: paper.upvotes ?? 0, organization: paper.organization },
    authors: paper.authors,
  };
}

/**
 * The record as the smallest HTML page Pagefind's indexer reads. Pagefind's command-line indexer
 * is much faster than its Node API, so records are handed to it as files. The tags sit in
 * `data-pagefind-ignore` (text not indexed, tags still read); `="all"` would drop the tags too.
 */
export function recordToHtml(record: SearchRecord, lang: string): string {
  const tags = [
    ...Object.entries(record.meta).map(([key, value]) =>
      key.endsWith('_html')
        ? `<span data-pagefind-meta="${key}[data-html]" data-html="${escapeHtml(value)}"></span>`
        : `<span data-pagefind-meta="${key}">${escapeHtml(value)}</span>`,
    ),
  ];
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(record.meta['title'] ?? '')}</title></head>` +
    `<body><main data-pagefind-body><div data-pagefind-ignore>${tags.join('')}</div>` +
    `<p>${escapeHtml(record.content)}</p></main></body></html>`
  );
}
