/**
 * The import's heavy, independent work, item by item: parsing source files, preparing their
 * records and typesetting entries. Runs on this thread or in workers (scripts/lib/worker.ts),
 * with the same results.
 */
import type { ImportedRecord } from '../../src/schema.ts';
import type { Prepared } from '../../src/lib/import/prepare.ts';
import { invalidMdxProblem, type Place } from '../../src/lib/import/invalid-mdx.ts';
import { parseSource, prepareSourceRecord, type ParsedSource } from '../../src/lib/import/sources.ts';
import type { Format } from '../../src/lib/importers/index.ts';
import { RenderCache } from '../../src/lib/render/cache.ts';
import { renderEntryView } from '../../src/lib/render/entry-view.ts';

export interface SourceJob {
  name: string;
  text: string;
  format?: Format | undefined;
}

export function parseSources(jobs: SourceJob[]): ParsedSource[] {
  return jobs.map((job) => parseSource(job.name, job.text, job.format));
}

/** One record to prepare, with what of its source file it depends on. */
export interface RecordJob {
  record: ImportedRecord;
  name: string;
  scraped: boolean;
}

export function prepareRecords(jobs: RecordJob[]): Prepared[] {
  return jobs.map((job) => prepareSourceRecord(job.record, job));
}

export interface RenderJob {
  path: string;
  digest: string;
  title: string;
  body: string;
  /** Where the body starts in the entry file: messages name the file's line, not the body's. */
  bodyStart: Place;
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
  /** Why the entry could not be typeset at all (its MDX does not parse): a line naming the file's line. */
  problem?: string;
}

/**
 * Typesets entries into the render cache; returns what each entry's math needs a maintainer to
 * know. An entry whose MDX does not parse is reported, not thrown: the others are typeset.
 */
export function renderEntries(jobs: RenderJob[], settings: RenderSettings): RenderedEntry[] {
  const cache = RenderCache.open(settings.root);
  return jobs.map((job) => {
    let rendered: ReturnType<typeof renderEntryView>;
    try {
      rendered = renderEntryView(job.title, job.body, settings.excerptWords);
    } catch (error) {
      const problem = invalidMdxProblem(job.path, job.bodyStart, error);
      if (!problem) throw error;
      return { path: job.path, mathErrors: [], unknownCommands: [], problem };
    }
    cache.save(job.digest, rendered.view, rendered.bodyHtml);
    return { path: job.path, mathErrors: rendered.view.mathErrors, unknownCommands: rendered.view.unknownCommands };
  });
}
