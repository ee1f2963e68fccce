/**
 * The import's heavy, independent work, item by item: preparing source files and typesetting
 * entries. Runs on this thread or in workers (scripts/lib/worker.ts), with the same results.
 */
import type { Format } from '../../src/lib/importers/index.ts';
import { prepareSource, type PreparedSource } from '../../src/lib/import/sources.ts';
import { RenderCache } from '../../src/lib/render/cache.ts';
import { renderEntryView } from '../../src/lib/render/entry-view.ts';

export interface SourceJob {
  name: string;
  text: string;
  format?: Format | undefined;
}

export function prepareSources(jobs: SourceJob[]): PreparedSource[] {
  return jobs.map((job) => prepareSource(job.name, job.text, job.format));
}

export interface RenderJob {
  path: string;
  digest: string;
  title: string;
  body: string;
}

export interface RenderSettings {
  root: string;
  excerptWords: number;
}

/** What typesetting an entry found: formulas KaTeX could not typeset, commands it showed as names. */
export interface RenderedEntry {
  path: string;
  mathErrors: string[];
  unknownCommands: string[];
}

/** Typesets entries into the render cache; returns what each entry's math needs a maintainer to know. */
export function renderEntries(jobs: RenderJob[], settings: RenderSettings): RenderedEntry[] {
  const cache = RenderCache.open(settings.root);
  return jobs.map((job) => {
    const { view, bodyHtml } = renderEntryView(job.title, job.body, settings.excerptWords);
    cache.save(job.digest, view, bodyHtml);
    return { path: job.path, mathErrors: view.mathErrors, unknownCommands: view.unknownCommands };
  });
}
