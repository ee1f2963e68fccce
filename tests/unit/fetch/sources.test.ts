import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  arxivEmptyPageProblem,
  arxivErrorMessage,
  arxivPageProblem,
  arxivPageUrl,
  daysToFetch,
  hfDayProblem,
  hfDayUrl,
  publishedDays,
} from '../../../src/lib/fetch/sources.ts';
import { fixturePath } from '../../helpers/fixtures.ts';

describe('days to fetch', () => {
  test('one day, every day since one, the last N, or today and yesterday', () => {
    expect(daysToFetch({ date: '2025-03-04' }, '2025-03-10')).toEqual(['2025-03-04']);
    expect(daysToFetch({ since: '2025-02-27' }, '2025-03-02')).toEqual([
      '2025-02-27',
      '2025-02-28',
      '2025-03-01',
      '2025-03-02',
    ]);
    expect(daysToFetch({ days: 3 }, '2025-01-01')).toEqual(['2024-12-30', '2024-12-31', '2025-01-01']);
    expect(daysToFetch({}, '2025-01-01')).toEqual(['2024-12-31', '2025-01-01']);
    expect(daysToFetch({ since: '2030-01-01' }, '2025-01-01')).toEqual([]);
  });

  test('build the APIs’ URLs', () => {
    expect(hfDayUrl('https://huggingface.co/api/', '2025-03-04')).toBe(
      'https://huggingface.co/api/daily_papers?date=2025-03-04',
    );
    expect(arxivPageUrl('https://export.arxiv.org/api/query', 'cat:cs.LG', 100, 50)).toBe(
      'https://export.arxiv.org/api/query?search_query=cat%3Acs.LG&start=100&max_results=50&sortBy=submittedDate&sortOrder=descending',
    );
  });
});

describe('what a response must be to be saved', () => {
  const hfDay = readFileSync(fixturePath('hf-daily/2025-03-04.json'), 'utf8');
  const atom = readFileSync(fixturePath('arxiv/atom-with-math.xml'), 'utf8');

  test('a day of Hugging Face papers, or an empty day', () => {
    expect(hfDayProblem(hfDay)).toBeUndefined();
    expect(hfDayProblem('[]')).toBeUndefined();
    expect(hfDayProblem(hfDay.slice(0, hfDay.length / 2))).toMatch(/^not JSON/);
    expect(hfDayProblem('{"error":"Invalid date"}')).toBe('not a list of daily papers: Invalid date');
    expect(hfDayProblem('<!doctype html><title>502 Bad Gateway</title>')).toMatch(/^not JSON/);
    expect(hfDayProblem('[{"title":"no paper inside"}]')).toBe('item 1 is not a daily paper');
  });

  test('a page of arXiv’s Atom API, even one with no entries', () => {
    expect(arxivPageProblem(atom)).toBeUndefined();
    // What arXiv answers when nothing matches: a feed with no entries.
    const empty =
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>ArXiv Query</title><opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:totalResults></feed>';
    expect(arxivPageProblem(empty)).toBeUndefined();
    expect(arxivPageProblem(atom.slice(0, atom.length / 2))).toMatch(/not valid XML/);
    expect(arxivPageProblem('<html><body>Rate exceeded.</body></html>')).toBe('not an Atom feed');
    expect(publishedDays(atom)).toEqual(['2025-03-02', '1999-01-04']);
  });
});

describe('real responses, as recorded from the APIs', () => {
  const recorded = (name: string) => readFileSync(fixturePath(`recorded/${name}`), 'utf8');

  test('a day of Hugging Face papers passes whole, and not cut short', () => {
    const day = recorded('hf-daily-papers-2024-10-25.json');
    expect(hfDayProblem(day)).toBeUndefined();
    expect(hfDayProblem(day.slice(0, -1))).toMatch(/^not JSON/);
  });

  test('arXiv pages in the older and the current format pass', () => {
    const older = recorded('arxiv-api-2019-04-06.xml');
    const current = recorded('arxiv-api-2026-04-12.xml');
    expect(arxivPageProblem(older)).toBeUndefined();
    expect(arxivPageProblem(current)).toBeUndefined();
    expect(publishedDays(older)).toHaveLength(10);
    expect(publishedDays(current)).toEqual(['2023-06-30']);
    expect(arxivEmptyPageProblem(older, 0)).toBeUndefined();
  });

  test('arXiv’s error feed is not a page, and its message is kept', () => {
    const error = recorded('arxiv-api-error-2007-10-12.xml');
    expect(arxivErrorMessage(error)).toBe('arXiv says: incorrect id format for 1234.12345');
    expect(arxivPageProblem(error)).toBe('arXiv says: incorrect id format for 1234.12345');
    expect(arxivErrorMessage(recorded('arxiv-api-2026-04-12.xml'))).toBeUndefined();
    // Its one result is the error, not a page that came back empty.
    expect(arxivEmptyPageProblem(error, 0)).toBeUndefined();
  });

  test('an empty page inside the results is not the end of them; one past the end is', () => {
    const emptyInside = recorded('arxiv-api-empty-page-2022-08-22.xml');
    expect(arxivPageProblem(emptyInside)).toBeUndefined();
    expect(arxivEmptyPageProblem(emptyInside, 21100)).toBe(
      'an empty page at result 21101 of 37211; arXiv does this now and then, so try again later',
    );
    expect(arxivEmptyPageProblem(emptyInside, 37211)).toBeUndefined();
  });
});
