import { getCollection, type CollectionEntry } from 'astro:content';
import { groupByDay } from './papers.ts';

export type PaperEntry = CollectionEntry<'papers'>;

let cached: Promise<{ papers: PaperEntry[]; days: Map<string, PaperEntry[]>; dates: string[] }> | undefined;

/** All papers and their days, loaded and grouped once per build and shared by every page. */
export function loadArchive() {
  // In `astro dev` entries change under us, so only a build keeps the result.
  if (import.meta.env.DEV) cached = undefined;
  cached ??= getCollection('papers').then((papers) => {
    const days = groupByDay(papers);
    return { papers, days, dates: [...days.keys()] };
  });
  return cached;
}
