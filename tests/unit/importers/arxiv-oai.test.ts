import { describe, expect, test } from 'vitest';
import { oaiResumptionToken, parseArxivOai } from '../../../src/lib/importers/arxiv-oai.ts';
import { versionDay } from '../../../src/lib/importers/shared.ts';
import { fixture } from '../../helpers/fixtures.ts';

const HEP_TH = 'corpus/arxiv/oai-pmh/some-hep-th.xml';

/** An OAI-PMH answer as arXiv writes its errors. */
const answer = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2015-06-23T13:28:30Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXiv" set="physics:hep-th">http://export.arxiv.org/oai2</request>
${body}
</OAI-PMH>`;

describe('parseArxivOai', () => {
  describe('in the arXiv format: a page of 1,000 hep-th records', () => {
    const { records, problems, error } = parseArxivOai(fixture(HEP_TH));
    const paper = (id: string) => records.find(({ record }) => record.arxivId === id)!.record;

    test('imports every record of the page', () => {
      expect(error).toBeUndefined();
      expect(problems).toEqual([]);
      expect(records).toHaveLength(1000);
      expect(new Set(records.map(({ record }) => record.arxivId)).size).toBe(1000);
    });

    test('lists a paper under the day of its first version, not the day arXiv last touched its record', () => {
      // Datestamp 2016-09-08.
      expect(records[0]).toMatchObject({ at: 'record 1', record: { arxivId: '0704.0449', date: '2007-04-03' } });
      // Every datestamp of the page is from 2016 or 2017; the papers are from 2007 to 2015.
      expect(records.filter(({ record }) => (record.date as string) >= '2016')).toEqual([]);
    });

    test('names the authors from keyname, forenames and suffix, character references decoded', () => {
      expect(paper('0710.4882').authors).toEqual([
        'Iver Brevik',
        'Simen A. Ellingsen',
        'Johan S. Høye',
        'Kimball A. Milton',
      ]);
      expect(paper('0710.4882').authorCount).toBe(4);
      expect(paper('1204.4195').authors).toContain('William D. Linch III');
      expect(paper('1409.4445').authors).toContain('S. J. Gates Jr.');
    });

    test('decodes the XML escapes in text before TeX is read', () => {
      const tunnelling = paper('0706.0230').abstract as string;
      expect(tunnelling).toContain('the tunnelling zone V0 < E < V0+m');
      expect(paper('0705.0863').abstract).not.toContain('&quot;');
    });

    test('keeps the categories primary first, comments and journal references on one line', () => {
      expect(paper('0704.3334').categories).toEqual(['math.QA', 'hep-th', 'math-ph', 'math.MP']);
      expect(paper('0704.0449')).toMatchObject({
        title: 'Worldsheet Instantons and Torsion Curves, Part B: Mirror Symmetry',
        comment: '59 pages, LaTeX',
        journalRef: 'JHEP0710:023,2007',
        doi: '10.1088/1126-6708/2007/10/023',
        links: { arxiv: 'https://arxiv.org/abs/0704.0449', pdf: 'https://arxiv.org/pdf/0704.0449' },
      });
    });

    test('takes the first of several DOIs', () => {
      expect(fixture(HEP_TH)).toContain('<doi>10.1103/PhysRevD.85.064022 10.1103/PhysRevD.93.029902</doi>');
      expect(paper('1110.5950').doi).toBe('10.1103/PhysRevD.85.064022');
    });
  });

  describe('in the arXivRaw format', () => {
    test('splits the one author line and lists the paper under its v1 date', () => {
      const { records, problems } = parseArxivOai(fixture('oai/arxivraw-getrecord-0804.2273.xml'));
      expect(problems).toEqual([]);
      expect(records).toHaveLength(1);
      expect(records[0]!.record).toMatchObject({
        arxivId: '0804.2273',
        title: 'Object Re-Use & Exchange: A Resource-Centric Approach',
        authors: [
          'Carl Lagoze',
          'Herbert Van de Sompel',
          'Michael L. Nelson',
          'Simeon Warner',
          'Robert Sanderson',
          'Pete Johnston',
        ],
        authorCount: 6,
        // `Mon, 14 Apr 2008 21:02:00 GMT`; the datestamp is 2008-04-16.
        date: '2008-04-14',
        categories: ['cs.DL', 'cs.NI'],
      });
    });

    test('takes the first of many versions, whatever the datestamp', () => {
      const { records, problems } = parseArxivOai(fixture('oai/arxivraw-listrecords-2016-10-21.xml'));
      expect(problems).toEqual([]);
      expect(records.map(({ record }) => [record.arxivId, record.date])).toEqual([
        ['0803.4354', '2008-03-30'],
        ['0808.3386', '2008-08-25'],
        ['0910.4952', '2009-10-26'],
        ['1007.2706', '2010-07-16'],
        ['1008.4940', '2010-08-29'],
        ['1010.0657', '2010-10-04'],
      ]);
      expect(records[3]!.record).toMatchObject({
        journalRef: 'Bull. Aust. Math. Soc. 90 (2014), no. 3, 404-417',
        doi: '10.1017/S0004972714000355',
      });
      expect(records[5]!.record.authors).toEqual(['K. Fritsch', "R. D'Ortenzio", 'D. Venus']);
    });
  });

  describe('in the oai_dc format', () => {
    const { records, problems } = parseArxivOai(fixture('oai/oai-dc-listrecords-2024-01-30.xml'));

    test('turns creators written surname first around, and takes the first date, that of v1', () => {
      expect(problems).toEqual([]);
      expect(records.map(({ record }) => [record.arxivId, record.date])).toEqual([
        ['0912.0228', '2009-12-01'],
        ['1004.3608', '2010-04-20'],
        ['1006.2403', '2010-06-11'],
      ]);
      expect(records[2]!.record).toMatchObject({
        authors: ['Parimal Parag', 'Jean-Francois Chamberland', 'Henry D. Pfister', 'Krishna R. Narayanan'],
        authorCount: 4,
      });
    });

    test('reads the second description as the comment, and the other identifiers as journal reference and DOI', () => {
      expect(records[0]!.record['comment']).toBe(
        '7 pages, 0 figures; full revision of content to address critiques; along with numerous complaints as to "style", "quality", and other nonsense arising of opinion',
      );
      expect(records[1]!.record['journalRef']).toBe(
        'The Complexity of Computational Problem Solving (edited by R. S. Anderssen and R. P. Brent), University of Queensland Press, Brisbane, 1976, 126-165',
      );
      expect(records[2]!.record).toMatchObject({
        journalRef:
          'IEEE International Symposium on Information Theory (ISIT), 1798--1802, Austin, TX, Jun 13-18, 2010',
        doi: '10.1109/ISIT.2010.5513296',
      });
    });

    test('leaves categories out rather than invent codes for subjects like "Computer Science - Databases"', () => {
      expect(records.map(({ record }) => record.categories)).toEqual([undefined, undefined, undefined]);
    });

    test('decodes character references in names, and leaves out a comment the paper has not', () => {
      const lastPage = parseArxivOai(fixture('oai/oai-dc-last-page-2024-01-30.xml')).records;
      expect(lastPage[2]!.record.authors).toEqual(['Lars Bjertnes', 'Jacob O. Tørring', 'Anne C. Elster']);
      expect(lastPage[0]!.record).not.toHaveProperty('comment');
      expect(lastPage[1]!.record['comment']).toBe('33 pages, 1 figure');
    });
  });

  describe('answers that are not a page of papers', () => {
    test('skips a deleted record with a problem naming it, and keeps the records around it', () => {
      const page = fixture('oai/oai-dc-listrecords-2024-01-30.xml').replace(
        '<header>\n <identifier>oai:arXiv.org:1004.3608',
        '<header status="deleted">\n <identifier>oai:arXiv.org:1004.3608',
      );
      const { records, problems } = parseArxivOai(page);
      expect(records.map(({ at }) => at)).toEqual(['record 1', 'record 3']);
      expect(problems).toEqual([
        { at: 'record 2', message: expect.stringMatching(/^oai:arXiv\.org:1004\.3608 .*deleted.*; skipped$/) },
      ]);
    });

    test('skips a record in a metadata format it does not read', () => {
      const page = fixture('oai/arxivraw-getrecord-0804.2273.xml').replaceAll('arXivRaw', 'arXivOld');
      expect(parseArxivOai(page)).toEqual({
        records: [],
        problems: [
          { at: 'record 1', message: 'oai:arXiv.org:0804.2273 has no arXiv, arXivRaw or oai_dc metadata; skipped' },
        ],
      });
    });

    test('takes noRecordsMatch, the answer for days without papers, as an empty page', () => {
      const empty = answer(
        `<error code="noRecordsMatch">Set argument doesn't match any sets. The setSpec was 'moo'</error>`,
      );
      expect(parseArxivOai(empty)).toEqual({ records: [], problems: [] });
    });

    test('names the code and message of any other OAI error', () => {
      const expired = answer(
        '<error code="badResumptionToken">The resumptionToken supplied is illegal for this repository</error>',
      );
      expect(parseArxivOai(expired).error).toBe(
        'arXiv answered with an OAI-PMH error (badResumptionToken: The resumptionToken supplied is illegal for this repository)',
      );
    });

    test('names what is wrong with a file that is no OAI-PMH answer, without throwing', () => {
      expect(parseArxivOai(fixture(HEP_TH).slice(0, 5000)).error).toMatch(/^not valid XML/);
      expect(parseArxivOai('<feed></feed>').error).toBe('not an OAI-PMH response: no <OAI-PMH> element');
    });
  });
});

describe('oaiResumptionToken', () => {
  test('reads the token that asks for the next page', () => {
    expect(oaiResumptionToken(fixture(HEP_TH))).toBe('1613321|1001');
    expect(oaiResumptionToken(fixture('oai/oai-dc-listrecords-2024-01-30.xml'))).toBe('6965856|1001');
  });

  test('is undefined on the last page, and when there is no list', () => {
    expect(fixture('oai/oai-dc-last-page-2024-01-30.xml')).toContain(
      '<resumptionToken cursor="2000" completeListSize="2358"></resumptionToken>',
    );
    expect(oaiResumptionToken(fixture('oai/oai-dc-last-page-2024-01-30.xml'))).toBeUndefined();
    expect(oaiResumptionToken('<resumptionToken cursor="1000" completeListSize="1000"/>')).toBeUndefined();
    expect(oaiResumptionToken(fixture('oai/arxivraw-getrecord-0804.2273.xml'))).toBeUndefined();
  });

  test('decodes the XML escapes of a token', () => {
    expect(oaiResumptionToken('<resumptionToken>from=2024&amp;page=2</resumptionToken>')).toBe('from=2024&page=2');
  });
});

describe('versionDay', () => {
  test("reads the UTC day of arXiv's version dates, old and new spellings", () => {
    expect(versionDay('Mon, 2 Apr 2007 19:18:42 GMT')).toBe('2007-04-02');
    expect(versionDay('Mon, 02 Apr 2007 23:59:59 GMT')).toBe('2007-04-02');
  });

  test('leaves anything else as it is, for the schema to judge', () => {
    expect(versionDay('sometime in April')).toBe('sometime in April');
    expect(versionDay(undefined)).toBeUndefined();
  });
});
