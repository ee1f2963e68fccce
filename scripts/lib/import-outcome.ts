/**
 * What `npm run import` hands the build that runs it (over the IPC channel the build opens), so
 * the build reads the import's result as data; the import's log lines are for people.
 */

/** The import's result, sent once, as it ends. */
export interface ImportOutcome {
  kind: 'paperboy:import-outcome';
  /** The exit code the import ends with; when it is not 0, the import has printed why. */
  code: number;
  /** The archive's newest listing day (`YYYY-MM-DD`), null when it holds no papers or the import stopped early. */
  newestDay: string | null;
  /** The tally line as the import printed it (`[import] 12 imported, 0 skipped, 1 cleaned`), null when it stopped early. */
  tally: string | null;
  imported: number;
  skipped: number;
  cleaned: number;
  unreadableFiles: number;
}

/** Whether a message from a child process is an import's outcome. */
export function isImportOutcome(message: unknown): message is ImportOutcome {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kind?: unknown }).kind === 'paperboy:import-outcome'
  );
}

/** Sends the outcome to the build that started this process, if one did; resolves once it is sent. */
export function sendOutcome(outcome: Omit<ImportOutcome, 'kind'>): Promise<void> {
  const send = process.send?.bind(process);
  if (!send || !process.connected) return Promise.resolve();
  return new Promise((resolve) => {
    send({ kind: 'paperboy:import-outcome', ...outcome } satisfies ImportOutcome, undefined, {}, () => {
      // The channel would keep this process alive; the outcome was its last word.
      process.disconnect();
      resolve();
    });
  });
}
