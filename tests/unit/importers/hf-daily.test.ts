import { describe, expect, test } from 'vitest';
import { parseHfDaily } from '../../../src/lib/importers/hf-daily.ts';
import { prepareRecord } from '../../../src/lib/import/prepare.ts';
import { fixture } from '../../helpers/fixtures.ts';

describe('parseHfDaily', () => {
  test('reads a 2025 daily dump with every optional field', () => {
    const { records, problems, error } = parseHfDaily(fixture('hf-daily/2025-03-04.json'));
    expect(error).toBeUndefined();
    expect(problems).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]!.record).toMatchObject({
      title: 'Scaling Laws for Sparse Mixture-of-Experts\n  under a Fixed Compute Budget',
      authors: ['Zoë Łukasiewicz', 'Jiří Novák', '王小明'],
      authorCount: 3,
      organization: 'Example Lab',
      date: '2025-03-04',
      upvotes: 42,
      arxivId: '2503.01234',
      githubStars: 128,
      comments: 3,
      submittedBy: 'Zoë Łukasiewicz',
      keywords: ['mixture-of-experts', 'scaling laws', 'sparsity'],
      ai: { summary: 'Sparse experts follow a steeper power law than dense models under fixed compute.' },
      links: {
        arxiv: 'https://arxiv.org/abs/2503.01234',
        pdf: 'https://arxiv.org/pdf/2503.01234',
        huggingface: 'https://huggingface.co/papers/2503.01234',
        github: 'https://github.com/example/sparse-scaling',
        project: 'https://example.github.io/sparse-scaling',
      },
    });
  });

  test('lists a paper under the day it was submitted to the daily page, not its arXiv day', () => {
    const [first] = parseHfDaily(fixture('hf-daily/2025-03-04.json')).records;
    expect(first!.record.date).toBe('2025-03-04');
  });

  test('falls back to the item date in 2024 files, which lack most optional fields', () => {
    const { records } = parseHfDaily(fixture('hf-daily/2024-02-01.json'));
    expect(records[0]!.record).toMatchObject({
      date: '2024-02-01',
      upvotes: 5,
      authors: ['Ravi Kumar', 'Mei Chen'],
      comments: 1,
    });
    expect(records[0]!.record).not.toHaveProperty('githubStars');
  });

  test('accepts a single paper object from /api/papers/<id>', () => {
    const { records } = parseHfDaily(fixture('hf-daily/paper.json'));
    expect(records).toHaveLength(1);
    expect(records[0]!.record).toMatchObject({ arxivId: '2503.01234', upvotes: 45, date: '2025-03-04' });
  });

  test('shows the macros Hugging Face leaves behind as math and plain text', () => {
    const [first] = parseHfDaily(fixture('hf-daily/2025-03-04.json')).records;
    expect(first!.record.abstract).toContain('number of experts ${\\sigma}$ and show a power law');
    expect(first!.record.abstract).toContain('which is $1.67\\times$ steeper');
  });

  test('keeps HTML and braces in titles as text', () => {
    const [, second] = parseHfDaily(fixture('hf-daily/2025-03-04.json')).records;
    const prepared = prepareRecord(second!.record, { source: 'x.json' });
    expect(prepared).toMatchObject({
      ok: true,
      paper: { frontmatter: { title: '<think> Tokens Are All You Need? Reasoning in {0,1}-Valued Networks' } },
    });
  });

  test('reports items that are not objects and a file that is not JSON', () => {
    expect(
      parseHfDaily(
        '[{"paper": {"id": "2501.00001", "title": "T", "summary": "S", "publishedAt": "2025-01-02T00:00:00Z", "upvotes": 1, "authors": []}}, 3]',
      ).problems,
    ).toEqual([{ at: 'record 2', message: 'not an object; skipped' }]);
    expect(parseHfDaily('{"paper": ').error).toMatch(/^not valid JSON/);
    expect(parseHfDaily('"text"').error).toMatch(/expected an array/);
  });
});

describe('a real day recorded from the API (2024-10-25)', () => {
  const { records, problems, error } = parseHfDaily(fixture('recorded/hf-daily-papers-2024-10-25.json'));

  test('every paper imports, under the day it was on the daily page', () => {
    expect(error).toBeUndefined();
    expect(problems).toEqual([]);
    expect(records).toHaveLength(29);
    for (const { record } of records) {
      expect(record.date).toBe('2024-10-25');
      expect(prepareRecord(record, { source: 'hf/2024-10-25.json' }).ok, String(record.arxivId)).toBe(true);
    }
  });

  test('keeps what the API says of a paper', () => {
    expect(records[0]!.record).toMatchObject({
      arxivId: '2410.17243',
      upvotes: 64,
      comments: 3,
      submittedBy: 'Zesen Cheng',
      authors: expect.arrayContaining(['Zesen Cheng', 'Lidong Bing']),
      authorCount: 9,
    });
  });
});
