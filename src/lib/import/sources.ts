import { detectFormat, IMPORTERS, isFormat, SCRAPED_FORMATS, type Format } from '../importers/index.ts';
import { prepareRecord, type PreparedPaper } from './prepare.ts';

/** One source file read, cleaned and checked: what the import takes from it and what it says about it. */
export interface PreparedSource {
  name: string;
  /** How many records the file held. */
  records: number;
  papers: PreparedPaper[];
  /** Records left out, each a line naming the file, the record and the reason. */
  skipped: string[];
  /** What was cleaned in kept records (a bad field dropped, text cleaned), a line each. */
  cleaned: string[];
  /** How many kept records were cleaned. */
  cleanedRecords: number;
  /** Why nothing could be read from the file, when nothing could. */
  error?: string;
  /** A remark about the whole file that is not an error (it is empty). */
  note?: string;
}

/**
 * Reads one source file: detects its format (unless given), parses it with that format's
 * importer and prepares every record. Pure: text in, papers and problems out.
 * @example prepareSource('content/sources/a.json', '[{"title":"T","date":"2025-01-02"}]').papers.length // 1
 */
export function prepareSource(name: string, text: string, format?: Format): PreparedSource {
  const source: PreparedSource = { name, records: 0, papers: [], skipped: [], cleaned: [], cleanedRecords: 0 };
  if (text.trim() === '') return { ...source, note: `${name}: empty file, nothing to import from it` };
  const detected = format ?? detectFormat(name, text);
  if (detected === undefined || !isFormat(detected)) {
    return { ...source, error: `format not recognised; pass --format (${Object.keys(IMPORTERS).join(', ')})` };
  }
  const result = IMPORTERS[detected](text, name);
  if (result.error) source.error = result.error;
  source.records = result.records.length;
  for (const problem of result.problems) source.skipped.push(`${name}, ${problem.at}: ${problem.message}`);
  const scraped = SCRAPED_FORMATS.has(detected);
  for (const { at, record } of result.records) {
    const outcome = prepareRecord(record, { source: name, at, scraped });
    if (!outcome.ok) {
      source.skipped.push(`${name}, ${at}: skipped: ${outcome.errors.join('; ')}`);
      continue;
    }
    if (outcome.warnings.length > 0) {
      source.cleanedRecords += 1;
      source.cleaned.push(...outcome.warnings.map((warning) => `${name}, ${at}: ${warning}`));
    }
    source.papers.push(outcome.paper);
  }
  return source;
}
