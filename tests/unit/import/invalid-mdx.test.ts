import { describe, expect, test } from 'vitest';
import { entryBody } from '../../../src/lib/entries.ts';
import { bodyPlace, invalidMdxProblem } from '../../../src/lib/import/invalid-mdx.ts';
import { renderEntryView } from '../../../src/lib/render/entry-view.ts';

const PATH = 'content/papers/2025/01/02/x.mdx';
const ENTRY = [
  '---',
  'title: A paper',
  'date: "2025-01-02"',
  '---',
  '',
  'The abstract.',
  '',
  '## Notes',
  '',
  'Read on Friday: <Unclosed',
  '',
].join('\n');

/** What the MDX parser throws for the body of `text`. */
function parseError(text: string): unknown {
  try {
    renderEntryView('A paper', entryBody(text), 40);
  } catch (error) {
    return error;
  }
  throw new Error('the body parsed');
}

describe('bodyPlace', () => {
  test('finds the line and column the body starts at, past the frontmatter and blank lines', () => {
    expect(bodyPlace(ENTRY)).toEqual({ line: 6, column: 1 });
    expect(bodyPlace('---\ntitle: T\n---\n   Indented start.\n')).toEqual({ line: 4, column: 4 });
  });
});

describe('invalidMdxProblem', () => {
  test('names the entry file and the line and column in the file, not in the body, in one line', () => {
    // The parser stops at the end of `Read on Friday: <Unclosed`, the file's line 10.
    expect(invalidMdxProblem(PATH, bodyPlace(ENTRY), parseError(ENTRY))).toMatch(
      /^content\/papers\/2025\/01\/02\/x\.mdx:10:26: the notes are not valid MDX: Unexpected end of file in name, [^\n]+; fix them, the build stops here$/,
    );
  });

  test('counts columns from where the body starts when the error is on its first line', () => {
    const text = '---\ntitle: T\n---\n  <Unclosed\n';
    expect(invalidMdxProblem(PATH, bodyPlace(text), parseError(text))).toMatch(
      /^content\/papers\/2025\/01\/02\/x\.mdx:4:12: /,
    );
  });

  test('leaves any other error to be thrown as it is', () => {
    expect(invalidMdxProblem(PATH, { line: 1, column: 1 }, new TypeError('a bug'))).toBeUndefined();
  });
});
