import { getCollection, type CollectionEntry } from 'astro:content';
import { readFileSync } from 'node:fs';
import { entryBody } from './entries.ts';
import { hasMath } from './math/assets.ts';
import { groupByDay, monthSummaries, type MonthSummary } from './papers.ts';
import { relatedForArchive } from './related-cache.ts';
import { RenderCache } from './render/cache.ts';
import { renderEntryView, type EntryView } from './render/entry-view.ts';
import { partsOf, planParts, type IndexPart } from './search/parts.ts';
import { SITE } from '../site.ts';

export type PaperEntry = CollectionEntry<'papers'>;

interface Archive {
  papers: PaperEntry[];
  /** Each day's papers in the order of its page, newest day first. */
  days: Map<string, PaperEntry[]>;
  /** The days, newest first. */
  dates: string[];
  /** The months, newest first, with their days and paper counts. */
  months: MonthSummary[];
}

let cached: Promise<Archive> | undefined;

/** All papers, their days and months, loaded and grouped once per build and shared by every page. */
export function loadArchive(): Promise<Archive> {
  // In `astro dev` entries change under us, so only a build keeps the result.
  if (import.meta.env.DEV) cached = undefined;
  cached ??= getCollection('papers').then((papers) => {
    const days = groupByDay(papers);
    return { papers, days, dates: [...days.keys()], months: monthSummaries(days) };
  });
  return cached;
}

let related: Promise<Map<string, PaperEntry[]>> | undefined;

/** Each paper's related papers, best first (src/lib/related.ts), computed once per build. */
export function loadRelated(): Promise<Map<string, PaperEntry[]>> {
  if (import.meta.env.DEV) related = undefined;
  related ??= loadArchive().then(({ papers }) => {
    const byId = new Map(papers.map((paper) => [paper.id, paper]));
    const lists = relatedForArchive(
      process.cwd(),
      papers.map((paper) => ({
        id: paper.id,
        date: paper.data.date,
        digest: String(paper.digest),
        text: () => {
          const { plainTitle, searchText } = viewOf(paper);
          return `${plainTitle}. ${searchText}`;
        },
      })),
    );
    return new Map([...lists].map(([id, ids]) => [id, ids.map((other) => byId.get(other)!)]));
  });
  return related;
}

// Builds run from the project root (npm scripts do); the loader filled this cache.
let renderCache: RenderCache | undefined;
const cache = () => (renderCache ??= RenderCache.open(process.cwd()));

// A paper's view is read by its day's page and by its own page: once from disk is enough.
const views = new Map<string, EntryView>();

/**
 * Typesets a paper again from its entry file, when its cached view or body was missing or damaged
 * (the render cache said which, in one line): a damaged cache never fails the build.
 */
function typesetAgain(paper: PaperEntry): { view: EntryView; bodyHtml: string | undefined } {
  if (!paper.filePath) throw new Error(`${paper.id}: not in the render cache, and no entry file to typeset it from`);
  const rendered = renderEntryView(
    paper.data.title,
    entryBody(readFileSync(paper.filePath, 'utf8')),
    SITE.excerptWords,
  );
  cache().save(String(paper.digest), rendered.view, rendered.bodyHtml);
  return rendered;
}

/** A paper's typeset title, excerpt and plain texts, as the import or the loader cached them. */
export function viewOf(paper: PaperEntry): EntryView {
  const digest = String(paper.digest);
  let view = views.get(digest);
  if (!view) {
    view = cache().view(digest) ?? typesetAgain(paper).view;
    views.set(digest, view);
  }
  return view;
}

/**
 * Whether a listing of `papers` shows math: in a title, or in an excerpt where cards show them.
 * Only such pages load KaTeX's stylesheet.
 */
export function listsMath(papers: readonly PaperEntry[], { excerpts }: { excerpts: boolean }): boolean {
  return papers.some((paper) => {
    const view = viewOf(paper);
    return hasMath(view.titleHtml) || (excerpts && hasMath(view.excerptHtml));
  });
}

/** A paper's body as HTML, or undefined when Astro's MDX renders it (`render(entry)`). */
export function bodyHtmlOf(paper: PaperEntry): string | undefined {
  if (viewOf(paper).renderer === 'mdx') return undefined;
  return cache().bodyHtml(String(paper.digest)) ?? typesetAgain(paper).bodyHtml;
}

/** The parts of the search index, newest first: the same plan the indexer builds them by. */
export async function searchParts(): Promise<IndexPart[]> {
  const { days } = await loadArchive();
  const perDay = new Map([...days].map(([date, papers]) => [date, papers.length]));
  return partsOf(planParts(perDay, { maxPapers: SITE.searchPartPapers, onePartUpTo: SITE.searchOnePartUpTo }));
}
