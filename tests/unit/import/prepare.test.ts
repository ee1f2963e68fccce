import { describe, expect, test } from 'vitest';
import type { PaperRecord } from '../../../src/schema.ts';
import {
  MAX_ABSTRACT_LENGTH,
  MAX_TITLE_LENGTH,
  prepareRecord,
  withoutVersion,
} from '../../../src/lib/import/prepare.ts';

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
    const prepared = prepareRecord(record({ upvotes: 3 }), { source: 'content/sources/x.txt' });
    expect(prepared).toMatchObject({
      ok: true,
      paper: { frontmatter: { title: 'A paper', upvotes: 3, source: 'content/sources/x.txt' } },
    });
  });

  test('rejects an impossible date and a missing title, naming the field', () => {
    expect(prepareRecord(record({ date: '2025-02-30' }), { source: 's' })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^date: /)],
    });
    expect(prepareRecord(record({ title: ' \u0000 ' }), { source: 's' })).toMatchObject({
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
      { source: 's' },
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
    expect(prepareRecord([] as unknown as PaperRecord, { source: 's' })).toMatchObject({ ok: false });
  });

  test('keeps formulas as math, even ones KaTeX cannot typeset: typesetting shows those as source', () => {
    const prepared = prepareRecord(record({ abstract: 'Broken $\\frac{1}{$ here and fine $x^2$.' }), { source: 's' });
    if (!prepared.ok) throw new Error('expected the record to be kept');
    expect(prepared.warnings).toEqual([]);
    expect(prepared.paper.abstractMdx).toBe('Broken $\\frac{1}{$ here and fine $x^2$.');
  });

  test('ignores the fields the import sets itself', () => {
    const prepared = prepareRecord(
      { ...record({}), source: '/etc/passwd', importKeys: ['arxiv:1'], importHash: '0000000000000000' } as PaperRecord,
      { source: 's' },
    );
    expect(prepared).toMatchObject({ ok: true, paper: { frontmatter: { source: 's' } } });
    if (prepared.ok) expect(prepared.paper.frontmatter.importKeys).toBeUndefined();
    if (prepared.ok) expect(prepared.warnings).toHaveLength(3);
  });

  test('refuses a record whose abstract or title is over the size limit, naming the field', () => {
    const abstract = prepareRecord(record({ abstract: 'x'.repeat(MAX_ABSTRACT_LENGTH + 1) }), { source: 's' });
    expect(abstract).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^abstract: .* over the limit of 1,000,000; record skipped$/)],
    });
    const title = prepareRecord(record({ title: 'T'.repeat(MAX_TITLE_LENGTH + 1) }), { source: 's' });
    expect(title).toMatchObject({ ok: false, errors: [expect.stringMatching(/^title: /)] });
  });

  test('says where the record came from', () => {
    const prepared = prepareRecord(record({}), { source: 'content/sources/a.json', at: 'record 3' });
    expect(prepared).toMatchObject({ ok: true, paper: { origin: 'content/sources/a.json, record 3' } });
  });

  test('strips control characters and NUL bytes from text', () => {
    const prepared = prepareRecord(record({ title: 'Nul\u0000 and\u0007 bell', abstract: 'a\u0000b' }), {
      source: 's',
    });
    expect(prepared).toMatchObject({ ok: true, paper: { frontmatter: { title: 'Nul and bell' }, abstractMdx: 'ab' } });
  });

  test('gives the plain-text title used for slugs and page titles', () => {
    const prepared = prepareRecord(record({ title: 'Bounds of $\\mathcal{O}(\\epsilon)$' }), { source: 's' });
    expect(prepared).toMatchObject({ ok: true, paper: { plainTitle: 'Bounds of O(ε)' } });
  });
});

test('keeps a huge abstract under the limit whole', () => {
  const sentence = 'A long abstract with $x_i$ and {braces} <tags> repeats. ';
  const prepared = prepareRecord(record({ abstract: sentence.repeat(15_000) }), { source: 's' });
  if (!prepared.ok) throw new Error('expected the record to be kept');
  expect(prepared.paper.abstractMdx.match(/repeats\./g)).toHaveLength(15_000);
});

describe('withoutVersion', () => {
  test('strips the version of new and old style arXiv ids, and leaves anything else to the schema', () => {
    expect(withoutVersion('2512.00011v1')).toBe('2512.00011');
    expect(withoutVersion('hep-th/9901001v12')).toBe('hep-th/9901001');
    expect(withoutVersion('2512.00011')).toBe('2512.00011');
    expect(withoutVersion('not-an-idv2')).toBe('not-an-idv2');
  });

  test("makes a versioned id in any record the paper's id, with nothing to report", () => {
    const prepared = prepareRecord(record({ arxivId: '2512.00011v3' }), { source: 's' });
    expect(prepared).toMatchObject({ ok: true, warnings: [], paper: { frontmatter: { arxivId: '2512.00011' } } });
    if (prepared.ok) expect(prepared.paper.keys[0]).toBe('arxiv:2512.00011');
  });
});
