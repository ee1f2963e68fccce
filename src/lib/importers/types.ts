import type { ImportedRecord } from '../../schema.ts';

/** Where in a source file something was found, for messages: `line 13`, `record 4`. */
export type Location = string;

/** A record an importer could not turn into a paper. */
export interface ImportProblem {
  at: Location;
  message: string;
}

/**
 * What every importer returns, never throwing: the records it read, the records it had to skip,
 * and `error` when the file cannot be read as that format at all. An importer that can type its
 * fields says so with `Record`.
 */
export interface ImportResult<Record extends ImportedRecord = ImportedRecord> {
  records: { at: Location; record: Record }[];
  problems: ImportProblem[];
  error?: string;
}
