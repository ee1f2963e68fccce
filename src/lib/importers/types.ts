import type { PaperRecord } from '../../content.config.ts';

/** Where in a source file something was found, for messages: `line 13`, `record 4`. */
export type Location = string;

/** A record an importer could not turn into a paper, or a field it had to drop or clean. */
export interface ImportProblem {
  at: Location;
  message: string;
}

/** What every importer returns: the papers it read and what was wrong, nothing thrown. */
export interface ImportResult {
  records: { at: Location; record: PaperRecord }[];
  problems: ImportProblem[];
}
