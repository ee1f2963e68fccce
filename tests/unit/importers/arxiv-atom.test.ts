import { describe, expect, test } from 'vitest';
import { parseArxivAtom } from '../../../src/lib/importers/arxiv-atom.ts';
import { preferredSlug } from '../../../src/lib/import/slugs.ts';
import { fixture } from '../../helpers/fixtures.ts';

describe('parseArxivAtom', () => {
  const { records, problems, error } = parseArxivAtom(fixture('arxiv/atom-with-math.xml'));

  test('reads every entry of the feed', () => {
    expect(error).toBeUndefined();
    expect(problems).toEqual([]);
    expect(records).toHaveLength(2);
  });

  test('keeps the version apart from the id and lists the paper under its first version', () => {
    expect(records[0]!.record).toMatchObject({
      arxivId: '2503.01234',
      date: '2025-03-02',
      authors: ['Zoë Łukasiewicz', 'Jiří Novák', '王小明'],
      authorCount: 3,
      categories: ['cs.LG', 'stat.ML'],
      comment: '12 pages, 4 figures; accepted at ICML 2025',
      links: { arxiv: 'https://arxiv.org/abs/2503.01234', pdf: 'https://arxiv.org/pdf/2503.01234' },
    });
  });

  test('decodes entities, keeps TeX math and makes TeX prose plain', () => {
    const abstract = records[0]!.record.abstract as string;
    expect(abstract).toContain('$L(E) \\propto E^{-\\alpha}$ with $\\alpha \\approx 0.31$, a power law');
    expect(abstract).toContain('holds for 99% of runs & all budgets < $10^{21}$ FLOPs.');
    expect(abstract).toContain('FLOPs.\n\nA second paragraph keeps its break.');
    expect(records[1]!.record.title).toBe('Holography & the Large $N$ Limit of Gauge Theories');
  });

  test('gives an old-style id a path-safe slug that still reads as the id', () => {
    expect(records[1]!.record.arxivId).toBe('hep-th/9901001');
    expect(preferredSlug({ arxivId: 'hep-th/9901001', plainTitle: '' })).toBe('hep-th-9901001');
  });

  test('names what is wrong with a file that is not an Atom feed', () => {
    expect(parseArxivAtom('<feed><entry><title>x</feed>').error).toMatch(/^not valid XML/);
    expect(parseArxivAtom('<rss></rss>').error).toBe('not an Atom feed: no <feed> element');
    expect(parseArxivAtom('<feed></feed>').records).toEqual([]);
  });
});

describe('real pages recorded from the API', () => {
  test('a page in the older format (2019): ten papers, each with its categories', () => {
    const { records, problems, error } = parseArxivAtom(fixture('recorded/arxiv-api-2019-04-06.xml'));
    expect(error).toBeUndefined();
    expect(problems).toEqual([]);
    expect(records).toHaveLength(10);
    expect(records[0]!.record).toMatchObject({
      arxivId: '1904.02670',
      date: '2019-04-04',
      title: 'What Twitter Profile and Posted Images Reveal About Depression and Anxiety',
      categories: ['cs.HC', 'cs.SI'],
      comment: 'ICWSM 2019',
    });
    // arXiv wraps a long comment; it reads as one line.
    expect(records[4]!.record['comment']).toBe(
      'The 17th World Congress of Medical and Health Informatics [MedInfo 2019]',
    );
  });

  test('a page in the current format (2026): https links, no scheme on the primary category', () => {
    const { records, error } = parseArxivAtom(fixture('recorded/arxiv-api-2026-04-12.xml'));
    expect(error).toBeUndefined();
    expect(records).toHaveLength(1);
    expect(records[0]!.record).toMatchObject({
      arxivId: '2307.00099',
      date: '2023-06-30',
      authorCount: 38,
      categories: ['astro-ph.IM'],
      comment: '30 pages, 19 figures',
      journalRef: 'Exp Astron 59, 7 (2025)',
      doi: '10.1007/s10686-024-09975-3',
    });
  });
});
