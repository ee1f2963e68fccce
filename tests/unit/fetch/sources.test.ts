import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  arxivEmptyPageProblem,
  arxivErrorMessage,
  arxivPageProblem,
  arxivPageUrl,
  arxivSetProblem,
  daysToFetch,
  hfDayProblem,
  hfDayUrl,
  publishedDays,
  readOaiResponse,
  sameOaiPage,
} from '../../../src/lib/fetch/sources.ts';
import { fixture, fixturePath } from '../../helpers/fixtures.ts';

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

describe('arXiv’s OAI-PMH interface', () => {
  const firstPage = fixture('corpus/arxiv/oai-pmh/some-hep-th.xml');
  const lastPage = fixture('recorded/arxiv-oai-last-page-made-from-kaggle-records.xml');

  test('sets are a group, an archive in it, or a category in that', () => {
    for (const set of ['cs', 'math', 'q-bio', 'physics:hep-th', 'math:math', 'cs:cs:AI', 'physics:cond-mat:str-el'])
      expect(arxivSetProblem(set), set).toBeUndefined();
    expect(arxivSetProblem('hep-th')).toMatch(/^not an arXiv OAI set; for hep-th use physics:hep-th \(a group: cs, /);
    expect(arxivSetProblem('cs.AI')).toMatch(/; for cs.AI use cs:cs:AI /);
    expect(arxivSetProblem('astro-ph.GA')).toMatch(/; for astro-ph.GA use physics:astro-ph:GA /);
    expect(arxivSetProblem('biology')).toMatch(/^not an arXiv OAI set \(a group: /);
    expect(arxivSetProblem('cs:')).toMatch(/^not an arXiv OAI set \(/);
    expect(arxivSetProblem('physics:hep-th&from=1900')).toMatch(/^not an arXiv OAI set/);
  });

  test('a real page: its records, its resumption token and the size of the whole list', () => {
    expect(readOaiResponse(firstPage)).toEqual({
      records: 1000,
      resumptionToken: '1613321|1001',
      completeListSize: 13871,
    });
    // The last page's token is empty.
    expect(readOaiResponse(lastPage)).toEqual({ records: 3, completeListSize: 13871 });
    // arXiv's current server ends a harvest with an empty element.
    const current = '<OAI-PMH><ListRecords><record/><resumptionToken/></ListRecords></OAI-PMH>';
    expect(readOaiResponse(current)).toEqual({ records: 1 });
  });

  test('arXiv’s refusals, with their code and message', () => {
    expect(readOaiResponse(fixture('recorded/arxiv-oai-bad-argument-2015-06-23.xml')).error).toEqual({
      code: 'badArgument',
      message: "Verb 'ListRecords', illegal argument 'identifier'.",
    });
    expect(readOaiResponse(fixture('recorded/arxiv-oai-bad-resumption-token-2015-06-23.xml')).error?.code).toBe(
      'badResumptionToken',
    );
    expect(readOaiResponse("<OAI-PMH><error code='noRecordsMatch'/></OAI-PMH>").error).toEqual({
      code: 'noRecordsMatch',
      message: '',
    });
  });

  test('what is not a page: cut short, an HTML error page, another XML document', () => {
    expect(readOaiResponse(firstPage.slice(0, 5000)).problem).toMatch(/^not valid XML/);
    expect(readOaiResponse('<html><body><h1>502 Bad Gateway</h1></body></html>').problem).toBe(
      'not an OAI-PMH response: no <OAI-PMH> element',
    );
    expect(readOaiResponse('<OAI-PMH><ListSets/></OAI-PMH>').problem).toBe(
      'not a ListRecords response: no <ListRecords> element',
    );
  });

  test('a page sent again is the same page, though its date and token are new', () => {
    const again = firstPage
      .replace('2017-03-25T23:15:46Z', '2017-03-26T08:00:00Z')
      .replace('>1613321|1001<', '>7|1001<');
    expect(sameOaiPage(firstPage, again)).toBe(true);
    expect(sameOaiPage(firstPage, again.replace('<id>0704.0449</id>', '<id>0704.0450</id>'))).toBe(false);
  });
});
