import { describe, expect, test } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { paperSchema } from '../../src/schema.ts';
import { parseDailyArxiv } from '../../src/lib/importers/daily-arxiv.ts';
import { parseHfDaily } from '../../src/lib/importers/hf-daily.ts';
import type { ImportResult } from '../../src/lib/importers/types.ts';
import {
  authorLine,
  bylineNames,
  calendarWeeks,
  DAY_ORDER_WORDS,
  dayOrder,
  dayPageOf,
  dayPages,
  groupByDay,
  monthSummaries,
  monthsByYear,
  mostUpvoted,
  newestPapers,
  neighbours,
  sortForDay,
} from '../../src/lib/papers.ts';

const paper = (id: string, date: string, upvotes?: number, title = id, more: { position?: number } = {}) => ({
  id,
  data: {
    title,
    date,
    authors: [],
    authorCount: 1,
    source: 's',
    ...(upvotes === undefined ? {} : { upvotes }),
    ...more,
  },
});

/**
 * A real source's papers as the site gets them: each record checked by the schema and given its
 * place in the file, as the import does. The first `count` records.
 */
function listed({ records }: ImportResult, count: number) {
  return records.slice(0, count).map(({ record: { abstract: _abstract, ...fields } }, index) => {
    const data = paperSchema.parse({ ...fields, source: 'content/sources/day', position: index + 1 });
    return { id: data.arxivId ?? data.title, data };
  });
}

/** The same papers in another order (reversed, then every other one first), so a sort has work to do. */
const shuffled = <T>(papers: readonly T[]): T[] => {
  const reversed = [...papers].reverse();
  return [...reversed.filter((_, index) => index % 2 === 0), ...reversed.filter((_, index) => index % 2 === 1)];
};

describe('day pages', () => {
  test('sort most upvoted first, then by title', () => {
    const sorted = sortForDay([paper('c', 'd', 1, 'B'), paper('a', 'd', 5), paper('b', 'd', 1, 'A'), paper('z', 'd')]);
    expect(sorted.map((p) => p.id)).toEqual(['a', 'b', 'c', 'z']);
  });

  test('break a tie in upvotes by the source’s order, then by title', () => {
    const sorted = sortForDay([
      paper('a', 'd', 3, 'A', { position: 3 }),
      paper('b', 'd', 3, 'B', { position: 1 }),
      paper('c', 'd', 9, 'C', { position: 2 }),
      paper('d', 'd', 3, 'D'),
    ]);
    expect(sorted.map((p) => p.id)).toEqual(['c', 'b', 'a', 'd']);
  });

  test('keep the source’s order when no paper of the day has upvotes, even when they all have 0', () => {
    const papers = [paper('x', 'd', 0, 'Zebra', { position: 1 }), paper('y', 'd', 0, 'Aardvark', { position: 2 })];
    expect(sortForDay([...papers].reverse()).map((p) => p.id)).toEqual(['x', 'y']);
    expect(dayOrder(papers)).toBe('source');
  });

  test('put papers with no place after those with one, by title and then id', () => {
    const sorted = sortForDay([
      paper('b2', 'd', undefined, 'B'),
      paper('p2', 'd', undefined, 'Z', { position: 2 }),
      paper('a', 'd', undefined, 'A'),
      paper('b1', 'd', undefined, 'B'),
      paper('p1', 'd', undefined, 'Y', { position: 1 }),
    ]);
    expect(sorted.map((p) => p.id)).toEqual(['p1', 'p2', 'a', 'b1', 'b2']);
  });

  test('keep a real daily-arXiv day in the order arXiv listed it, and say so', () => {
    const { records } = parseDailyArxiv(fixture('corpus/daily-arxiv/2026-05-13.jsonl'), '2026-05-13.jsonl');
    // The crawl repeats some lines; the import keeps a paper once.
    const ids = records.map(({ record }) => record.arxivId);
    const once = records.filter((_, index) => ids.indexOf(ids[index]) === index);
    const papers = listed({ records: once, problems: [] }, 60);
    const titles = sortForDay(shuffled(papers)).map((p) => p.data.title);
    expect(titles).toEqual(papers.map((p) => p.data.title));
    // Not A to Z, as the page used to show it.
    expect(titles).not.toEqual([...titles].sort((a, b) => a.localeCompare(b)));
    expect(dayOrder(papers)).toBe('arxiv');
    expect(DAY_ORDER_WORDS[dayOrder(papers)]).toBe('in the order arXiv listed them');
  });

  test('list a real Hugging Face day most upvoted first, ties in the order Hugging Face gave', () => {
    const papers = listed(parseHfDaily(fixture('corpus/hf/2026-08-13.json')), 20);
    const sorted = sortForDay(shuffled(papers));
    const upvotes = sorted.map((p) => p.data.upvotes!);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    // Six papers of that day have 2 upvotes each: they keep their places in the file.
    const twos = sorted.filter((p) => p.data.upvotes === 2).map((p) => p.data.position!);
    expect(twos).toHaveLength(6);
    expect(twos).toEqual([...twos].sort((a, b) => a - b));
    expect(dayOrder(papers)).toBe('upvotes');
    expect(DAY_ORDER_WORDS[dayOrder(papers)]).toBe('most upvoted first');
  });

  test('say a day is in the source’s order when its source is not arXiv, and by title when no source said', () => {
    const hf = listed(parseHfDaily(fixture('corpus/hf/2026-08-13.json')), 5).map(({ id, data }) => ({
      id,
      data: { ...data, upvotes: 0 },
    }));
    expect(dayOrder(hf)).toBe('source');
    expect(DAY_ORDER_WORDS.source).toBe('in the source’s order');
    expect(dayOrder([paper('a', 'd'), paper('b', 'd')])).toBe('title');
    expect(
      sortForDay([paper('b', 'd', undefined, 'Beta'), paper('a', 'd', undefined, 'Alpha')]).map((p) => p.id),
    ).toEqual(['a', 'b']);
  });

  test('group papers by day, newest day first', () => {
    const days = groupByDay([paper('a', '2024-01-02'), paper('b', '2025-03-01'), paper('c', '2024-01-02', 3)]);
    expect([...days.keys()]).toEqual(['2025-03-01', '2024-01-02']);
    expect(days.get('2024-01-02')!.map((p) => p.id)).toEqual(['c', 'a']);
  });

  test('split a busy day into pages, in order, and find the page a paper is on', () => {
    const ids = Array.from({ length: 7 }, (_, index) => index);
    const pages = dayPages('2025-03-01', ids, 3);
    expect(pages.map((page) => page.papers)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(pages.map((page) => [page.page, page.pages])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(ids.map((index) => dayPageOf(index, 3))).toEqual([1, 1, 1, 2, 2, 2, 3]);
    // An empty day still has its page; a day that fills its pages exactly has no empty last one.
    expect(dayPages('2025-03-01', [], 3)).toEqual([{ date: '2025-03-01', page: 1, pages: 1, papers: [] }]);
    expect(dayPages('2025-03-01', ids.slice(0, 6), 3)).toHaveLength(2);
  });

  test('link each day to the days before and after it', () => {
    const days = ['2025-03-01', '2024-01-02', '2023-05-05'];
    expect(neighbours(days, '2024-01-02')).toEqual({ previous: '2023-05-05', next: '2025-03-01' });
    expect(neighbours(days, '2025-03-01')).toEqual({ previous: '2024-01-02' });
    expect(neighbours(days, '2023-05-05')).toEqual({ next: '2024-01-02' });
  });

  test('group days by month with their counts for the archive', () => {
    const months = monthSummaries(
      new Map([
        ['2024-01-09', [1, 2]],
        ['2024-01-02', [1]],
        ['2023-12-31', [1]],
      ]),
    );
    expect(months).toEqual([
      {
        month: '2024-01',
        days: [
          { date: '2024-01-09', count: 2 },
          { date: '2024-01-02', count: 1 },
        ],
        papers: 3,
      },
      { month: '2023-12', days: [{ date: '2023-12-31', count: 1 }], papers: 1 },
    ]);
  });

  test('pick the most upvoted papers, the newer first on a tie', () => {
    const papers = [
      paper('a', '2024-01-02', 3),
      paper('b', '2024-01-05', 3),
      paper('c', '2024-01-01', 9),
      paper('d', '2024-01-03'),
    ];
    expect(mostUpvoted(papers, 3).map((p) => p.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('calendarWeeks', () => {
  test('lays a month out in weeks from Monday, padding the first and last week', () => {
    // October 2025 began on a Wednesday and ended on a Friday.
    const weeks = calendarWeeks('2025-10');
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([
      undefined,
      undefined,
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
    ]);
    expect(weeks[4]).toEqual([
      '2025-10-27',
      '2025-10-28',
      '2025-10-29',
      '2025-10-30',
      '2025-10-31',
      undefined,
      undefined,
    ]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
  });

  test('knows leap years and months that start on a Monday', () => {
    expect(calendarWeeks('2024-02').flat().filter(Boolean).at(-1)).toBe('2024-02-29');
    expect(calendarWeeks('2024-01')[0]![0]).toBe('2024-01-01');
  });
});

describe('authorLine', () => {
  test('names the authors, and says how many more there are', () => {
    expect(authorLine({ authors: ['Ada', 'Bo'], authorCount: 2 })).toBe('Ada, Bo');
    expect(authorLine({ authors: ['Ada', 'Bo'], authorCount: 3 })).toBe('Ada, Bo and 1 more');
    expect(authorLine({ authors: ['Ada', 'Bo'], authorCount: 5 })).toBe('Ada, Bo et al. (5 authors)');
  });

  test('stays one short line for a big collaboration', () => {
    const authors = ['The CMS and LHCb Collaborations', ...Array.from({ length: 2831 }, (_, i) => `A. Name${i}`)];
    expect(authorLine({ authors, authorCount: authors.length })).toBe(
      'The CMS and LHCb Collaborations, A. Name0, A. Name1 et al. (2,832 authors)',
    );
    expect(authorLine({ authors: ['A', 'B', 'C', 'D'], authorCount: 4 })).toBe('A, B, C, D');
  });

  test('gives the count when the source had no names', () => {
    expect(authorLine({ authors: [], authorCount: 1 })).toBe('1 author');
    expect(authorLine({ authors: [], authorCount: 6 })).toBe('6 authors');
    expect(authorLine({ authors: [], authorCount: 0 })).toBeUndefined();
  });
});

describe('bylineNames', () => {
  const names = (count: number) => Array.from({ length: count }, (_, i) => `Author ${i + 1}`);

  test('shows a long list’s first names and keeps the rest to open in place', () => {
    const { shown, more, unnamed } = bylineNames({ authors: names(2832), authorCount: 2832 }, 20);
    expect(shown).toEqual(names(20));
    expect(more).toHaveLength(2812);
    expect(more[0]).toBe('Author 21');
    expect(unnamed).toBe(0);
  });

  test('shows a list a little over the limit whole, and counts names the source did not give', () => {
    expect(bylineNames({ authors: names(24), authorCount: 24 }, 20).more).toEqual([]);
    expect(bylineNames({ authors: names(2), authorCount: 7 }, 20)).toEqual({ shown: names(2), more: [], unnamed: 5 });
  });
});

describe('listings', () => {
  test('group months by year, newest year first, keeping their order', () => {
    const months = ['2025-02', '2025-01', '2024-12', '2023-07'].map((month) => ({ month }));
    expect(monthsByYear(months)).toEqual([
      ['2025', [{ month: '2025-02' }, { month: '2025-01' }]],
      ['2024', [{ month: '2024-12' }]],
      ['2023', [{ month: '2023-07' }]],
    ]);
  });

  test('take the newest papers across days, in each day’s order', () => {
    const days = new Map([
      ['2025-03-02', ['c', 'd']],
      ['2025-03-01', ['e', 'f', 'g']],
    ]);
    expect(newestPapers(days, 3)).toEqual(['c', 'd', 'e']);
    expect(newestPapers(days, 10)).toEqual(['c', 'd', 'e', 'f', 'g']);
    expect(newestPapers(days, 0)).toEqual([]);
  });
});
