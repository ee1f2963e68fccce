/*
 * Notes whose MDX does not parse (`<Unclosed`) stop the build: the message names the entry file
 * and the line in that file (the frontmatter counted), not the line of the body the parser saw.
 */
import { entryBody } from '../entries.ts';

/** A place in a file: 1-based line and column. */
export interface Place {
  line: number;
  column: number;
}

/**
 * Where an entry's body (`entryBody`: the text after the frontmatter, trimmed) starts in its file.
 * @example bodyPlace('---\ntitle: T\n---\n\nAbstract.\n') // { line: 5, column: 1 }
 */
export function bodyPlace(text: string): Place {
  const start = text.trimEnd().length - entryBody(text).length;
  const before = text.slice(0, start);
  return { line: before.split('\n').length, column: start - before.lastIndexOf('\n') };
}

/** What the MDX parser throws (a VFileMessage): a reason and, usually, the body's line and column. */
interface ParseMessage {
  reason: string;
  line?: number | undefined;
  column?: number | undefined;
}

function isParseMessage(error: unknown): error is ParseMessage {
  return error instanceof Error && typeof (error as Partial<ParseMessage>).reason === 'string' && 'line' in error;
}

/**
 * The one line that reports an entry whose MDX does not parse, at the line and column of the
 * file; undefined when `error` is not the MDX parser's (a bug, to be thrown as it is).
 * @example invalidMdxProblem('content/papers/x.mdx', { line: 9, column: 1 }, error) // 'content/papers/x.mdx:14:3: the notes are not valid MDX: …; fix them, the build stops here'
 */
export function invalidMdxProblem(path: string, body: Place, error: unknown): string | undefined {
  if (!isParseMessage(error)) return undefined;
  let place = `${body.line}`;
  if (error.line) {
    const line = body.line + error.line - 1;
    const column = error.line === 1 && error.column ? body.column + error.column - 1 : error.column;
    place = column ? `${line}:${column}` : `${line}`;
  }
  const reason = error.reason.replace(/\s+/g, ' ').trim();
  return `${path}:${place}: the notes are not valid MDX: ${reason}; fix them, the build stops here`;
}
