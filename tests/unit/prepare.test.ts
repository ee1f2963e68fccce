import { describe, expect, test } from 'vitest';
import type { PaperRecord } from '../../src/content.config.ts';
import { prepareRecord } from '../../src/lib/prepare.ts';

const record = (fields: Partial<PaperRecord>): PaperRecord => ({
  title: 'A paper',
  abstract: 'An abstract.',
  authors: [],
  authorCount: 2,
  date: '2025-01-02',
  ...fields,
});

describe('prepareRecord', () => {
  test('validates against the schema and records the source', () => {
    const prepared = prepareRecord(record({ upvotes: 3 }), 'content/sources/x.txt');
    expect(prepared).toMatchObject({
      ok: true,
      paper: { frontmatter: { title: 'A paper', upvotes: 3, source: 'content/sources/x.txt' } },
    });
  });

  test('rejects an impossible date and a missing title, naming the field', () => {
    expect(prepareRecord(record({ date: '2025-02-30' }), 's')).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^date: /)],
    });
    expect(prepareRecord(record({ title: ' \u0000 ' }), 's')).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^title: /)],
    });
  });

  test('drops each bad item of a list, and counts the names when the author count is bad', () => {
    const prepared = prepareRecord(
      record({
        authors: ['Ada', 'Bo'],
        authorCount: -3,
        keywords: ['ok', '', 'fine', ' '],
        links: { github: 'not a url' },
      }),
      's',
    );
    expect(prepared).toMatchObject({ ok: true, paper: { frontmatter: { authorCount: 2, keywords: ['ok', 'fine'] } } });
    if (prepared.ok) {
      expect(prepared.paper.frontmatter).not.toHaveProperty('links');
      expect(prepared.warnings).toEqual([
        expect.stringContaining('authorCount'),
        expect.stringContaining('links.github'),
        expect.stringContaining('keywords.1'),
        expect.stringContaining('keywords.2'),
      ]);
    }
  });

  test('refuses a record whose fields are not even an object', () => {
    expect(prepareRecord([] as unknown as PaperRecord, 's')).toMatchObject({ ok: false });
  });

  test('keeps invalid LaTeX as its source text with a warning', () => {
    const prepared = prepareRecord(record({ abstract: 'Broken $\\frac{1}{$ here and fine $x^2$.' }), 's');
    if (!prepared.ok) throw new Error('expected the record to be kept');
    expect(prepared.warnings).toEqual([expect.stringContaining('invalid LaTeX in the abstract')]);
    expect(prepared.paper.abstractMdx).toBe('Broken \\$\\frac\\{1}\\{\\$ here and fine $x^2$.');
  });

  test('strips control characters and NUL bytes from text', () => {
    const prepared = prepareRecord(record({ title: 'Nul\u0000 and\u0007 bell', abstract: 'a\u0000b' }), 's');
    expect(prepared).toMatchObject({ ok: true, paper: { frontmatter: { title: 'Nul and bell' }, abstractMdx: 'ab' } });
  });

  test('gives the plain-text title used for slugs and page titles', () => {
    const prepared = prepareRecord(record({ title: 'Bounds of $\\mathcal{O}(\\epsilon)$' }), 's');
    expect(prepared).toMatchObject({ ok: true, paper: { plainTitle: 'Bounds of O(ε)' } });
  });
});

test('keeps a huge abstract whole', () => {
  const sentence = 'A long abstract with $x_i$ and {braces} <tags> repeats. ';
  const prepared = prepareRecord(record({ abstract: sentence.repeat(20_000) }), 's');
  if (!prepared.ok) throw new Error('expected the record to be kept');
  expect(prepared.paper.abstractMdx.match(/repeats\./g)).toHaveLength(20_000);
});
