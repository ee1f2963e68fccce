import type { ImportedRecord } from '../../schema.ts';
import { detectFormat, IMPORTERS, isFormat, SCRAPED_FORMATS, type Format } from '../importers/index.ts';
import { prepareRecord, type Prepared, type PreparedPaper } from './prepare.ts';

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
 * A source file as its importer read it, before its records are prepared: each record with its
 * place in the file (`line 12`), and what the importer had to skip.
 */
export interface ParsedSource {
  name: string;
  /** The format it was read as; undefined when none fits. */
  format?: Format;
  /** Whether it is a scraped page (see SCRAPED_FORMATS). */
  scraped: boolean;
  records: { at: string; record: ImportedRecord }[];
  /** Records the importer could not read, each a line naming the file and the place. */
  problems: string[];
  error?: string;
  note?: string;
}

/**
 * Reads one source file with its format's importer (detected unless given), without preparing
 * its records. Pure: text in, records and problems out.
 * @example parseSource('a.jsonl', '{"title":"T","date":"2025-01-02"}').records[0].at // 'line 1'
 */
export function parseSource(name: string, text: string, format?: Format): ParsedSource {
  const parsed: ParsedSource = { name, scraped: false, records: [], problems: [] };
  if (text.trim() === '') return { ...parsed, note: `${name}: empty file, nothing to import from it` };
  const detected = format ?? detectFormat(name, text);
  if (detected === undefined || !isFormat(detected)) {
    return { ...parsed, error: `format not recognised; pass --format (${Object.keys(IMPORTERS).join(', ')})` };
  }
  const result = IMPORTERS[detected](text, name);
  return {
    ...parsed,
    format: detected,
    scraped: SCRAPED_FORMATS.has(detected),
    records: result.records,
    problems: result.problems.map((problem) => `${name}, ${problem.at}: ${problem.message}`),
    ...(result.error ? { error: result.error } : {}),
  };
}

/**
 * Prepares one record of a parsed source, without its place: the same record in the same file
 * always gives the same result, so the import can keep it by the record and re-attach the place
 * (`assembleSource`).
 */
export function prepareSourceRecord(record: ImportedRecord, source: { name: string; scraped: boolean }): Prepared {
  return prepareRecord(record, { source: source.name, scraped: source.scraped });
}

/**
 * Puts a source together from its parse and the outcome of each of its records (in the same
 * order), each paper and message naming its record's place.
 */
export function assembleSource(parsed: ParsedSource, outcomes: readonly Prepared[]): PreparedSource {
  const { name } = parsed;
  const source: PreparedSource = {
    name,
    records: parsed.records.length,
    papers: [],
    skipped: [...parsed.problems],
    cleaned: [],
    cleanedRecords: 0,
    ...(parsed.error ? { error: parsed.error } : {}),
    ...(parsed.note ? { note: parsed.note } : {}),
  };
  parsed.records.forEach(({ at }, index) => {
    const outcome = outcomes[index]!;
    if (!outcome.ok) {
      source.skipped.push(`${name}, ${at}: skipped: ${outcome.errors.join('; ')}`);
      return;
    }
    if (outcome.warnings.length > 0) {
      source.cleanedRecords += 1;
      source.cleaned.push(...outcome.warnings.map((warning) => `${name}, ${at}: ${warning}`));
    }
    // Its place in the source's listing, which orders a day without upvotes as the source did.
    const frontmatter = { ...outcome.paper.frontmatter, position: index + 1 };
    source.papers.push({ ...outcome.paper, frontmatter, origin: at ? `${name}, ${at}` : name });
  });
  return source;
}

/**
 * Reads one source file: detects its format (unless given), parses it with that format's
 * importer and prepares every record. Pure: text in, papers and problems out.
 * @example prepareSource('content/sources/a.json', '[{"title":"T","date":"2025-01-02"}]').papers.length // 1
 */
export function prepareSource(name: string, text: string, format?: Format): PreparedSource {
  const parsed = parseSource(name, text, format);
  return assembleSource(
    parsed,
    parsed.records.map(({ record }) => prepareSourceRecord(record, parsed)),
  );
}
