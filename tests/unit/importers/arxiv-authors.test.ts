import { describe, expect, test } from 'vitest';
import { nameFromParts, splitArxivAuthors } from '../../../src/lib/importers/arxiv-authors.ts';
import { fixture } from '../../helpers/fixtures.ts';

interface KaggleLine {
  id: string;
  authors: string;
  authors_parsed: string[][];
}

/** The 200 real lines of Kaggle's snapshot: arXiv's author strings beside arXiv's own split of them. */
const kaggle = fixture('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as KaggleLine);
const authorsOf = (id: string): string => kaggle.find((line) => line.id === id)!.authors;

const listing = JSON.parse(fixture('corpus/arxiv/hep-th-listing-json/2026-08-05.json')) as {
  papers: { authors: string }[];
};

describe('splitArxivAuthors', () => {
  test('splits at commas and at "and", with or without the comma before it', () => {
    expect(splitArxivAuthors(authorsOf('0704.0007'))).toEqual([
      'Alejandro Corichi',
      'Tatjana Vukasinac',
      'Jose A. Zapata',
    ]);
    expect(splitArxivAuthors(authorsOf('0704.0055'))).toEqual([
      'Eleni Ziambaras',
      'Jesper Kleis',
      'Elsebeth Schroder',
      'Per Hyldgaard',
    ]);
  });

  test('joins a name that arXiv wrapped onto the next line', () => {
    expect(authorsOf('0704.0161')).toContain('N.\n  V. Chandra Shekar');
    expect(splitArxivAuthors(authorsOf('0704.0161')).at(-1)).toBe('N. V. Chandra Shekar');
  });

  test('leaves affiliations in parentheses out, with every comma and "and" inside them', () => {
    expect(splitArxivAuthors(authorsOf('0704.0177'))).toEqual([
      'A. Greilich',
      'M. Wiemann',
      'F. G. G. Hernandez',
      'D. R. Yakovlev',
      'I. A. Yugova',
      'A. Shabaev',
      'Al. L. Efros',
      'D. Reuter',
      'A. D. Wieck',
      'M. Bayer',
    ]);
    // `A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, Japan Science and …)`
    expect(splitArxivAuthors(authorsOf('0704.0025'))).toEqual(['A. S. Mishchenko', 'N. Nagaosa']);
    expect(splitArxivAuthors(authorsOf('0704.0174'))).toEqual(['Francisco J. Botella', 'Miguel Nebot']);
  });

  test('keeps TeX as the submitter typed it, braces and all, for the central decoding', () => {
    expect(splitArxivAuthors(authorsOf('0704.0049'))).toEqual(['Mikkel {\\O}bro']);
    expect(splitArxivAuthors(authorsOf('0704.0062'))).toEqual([
      "Rastislav \\v{S}r\\'amek",
      "Bro\\v{n}a Brejov\\'a",
      "Tom\\'a\\v{s} Vina\\v{r}",
    ]);
    expect(splitArxivAuthors('A. {M\\"uller, and Sohn} and B. L\\"u')).toEqual([
      'A. {M\\"uller, and Sohn}',
      'B. L\\"u',
    ]);
  });

  test('keeps a collaboration in front of a colon whole, "and" included', () => {
    expect(splitArxivAuthors('The CMS and LHCb Collaborations: V. Khachatryan, A. M. Sirunyan')).toEqual([
      'The CMS and LHCb Collaborations',
      'V. Khachatryan',
      'A. M. Sirunyan',
    ]);
    // Two of the forms arXiv's own author parser is tested on (arXiv/arxiv-browse).
    expect(splitArxivAuthors('BELLE Collaboration: A Person, Nother Person')).toEqual([
      'BELLE Collaboration',
      'A Person',
      'Nother Person',
    ]);
    expect(
      splitArxivAuthors('QUaD collaboration: S. Gupta (1), P. Ade (1), J. Bock (2,3) ((1) Cardiff, (2) JPL)'),
    ).toEqual(['QUaD collaboration', 'S. Gupta', 'P. Ade', 'J. Bock']);
  });

  test('keeps a collaboration listed among the authors, and drops "et al"', () => {
    expect(authorsOf('0704.0020')).toBe('The BABAR Collaboration, B. Aubert, et al');
    expect(splitArxivAuthors(authorsOf('0704.0020'))).toEqual(['The BABAR Collaboration', 'B. Aubert']);
    expect(splitArxivAuthors('ATLAS and CMS Collaborations, G. Aad')).toEqual([
      'ATLAS and CMS Collaborations',
      'G. Aad',
    ]);
  });

  test('names the person and the collaboration of "for the … Collaboration"', () => {
    expect(splitArxivAuthors('Tom Jones for the ATLAS collaboration')).toEqual(['Tom Jones', 'ATLAS collaboration']);
    expect(splitArxivAuthors('A. Smith and B. Jones, on behalf of the CMS and TOTEM Collaborations')).toEqual([
      'A. Smith',
      'B. Jones',
      'CMS and TOTEM Collaborations',
    ]);
  });

  test('keeps a suffix written after a comma with its name', () => {
    expect(splitArxivAuthors('John Von Neumann, Herbert Van de Sompel, Fred Bloggs, Jr, et al')).toEqual([
      'John Von Neumann',
      'Herbert Van de Sompel',
      'Fred Bloggs Jr',
    ]);
  });

  test("reads the listing bot's space before the comma, and its affiliation after each name", () => {
    expect(listing.papers[1]!.authors).toBe('Carlos Nunez , Dibakar Roychowdhury');
    expect(splitArxivAuthors(listing.papers[1]!.authors)).toEqual(['Carlos Nunez', 'Dibakar Roychowdhury']);
    expect(splitArxivAuthors(listing.papers[12]!.authors)).toEqual([
      'Fei Han',
      'Pedram Hekmati',
      'Tsuyoshi Kato',
      'Varghese Mathai',
    ]);
  });

  test('does not let a parenthesis that is never closed swallow the names after it', () => {
    expect(splitArxivAuthors('A. Smith (Univ. X, B. Jones and C. Doe')).toEqual([
      'A. Smith (Univ. X',
      'B. Jones',
      'C. Doe',
    ]);
    expect(splitArxivAuthors('')).toEqual([]);
  });

  test('finds as many names as arXiv itself does in every author string of the Kaggle snapshot', () => {
    const counts = kaggle.map(({ authors, authors_parsed }) => [
      splitArxivAuthors(authors).length,
      authors_parsed.length,
    ]);
    expect(counts.filter(([split, parsed]) => split !== parsed)).toEqual([]);
  });

  test('splits a 2,800-author collaboration string, affiliations and all', () => {
    // How fast it does so is the bench's business (npm run bench), never a timed test's.
    const names = Array.from({ length: 2800 }, (_, index) => `A. B. Author${index} (${(index % 180) + 1})`);
    const line = `The ATLAS Collaboration: ${names.join(', ')} ((1) CERN, (2) DESY, (3) Univ. of Tokyo)`;
    const split = splitArxivAuthors(line);
    expect(split).toHaveLength(2801);
    expect(split[0]).toBe('The ATLAS Collaboration');
    expect(split.at(-1)).toBe('A. B. Author2799');
  });
});

describe('nameFromParts', () => {
  test('writes a name forenames first, the suffix last', () => {
    expect(nameFromParts(['Bloggs', 'Fred', 'Jr'])).toBe('Fred Bloggs Jr');
    expect(nameFromParts(kaggle[0]!.authors_parsed[0]!)).toBe('C. Balázs');
  });

  test('leaves empty and missing parts out', () => {
    expect(nameFromParts(['Planck Collaboration', '', ''])).toBe('Planck Collaboration');
    expect(nameFromParts([undefined, ' Sudha '])).toBe('Sudha');
    expect(nameFromParts([])).toBe('');
  });
});
