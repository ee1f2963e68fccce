import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { texLettersToUnicode } from '../../src/lib/tex-letters.ts';
import { trickyText } from '../helpers/arbitraries.ts';
import { fixture, fixturePath } from '../helpers/fixtures.ts';

/** Every string inside a parsed JSON value. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.values(value).flatMap(stringsIn)
      : [];

const jsonLines = (name: string): Record<string, unknown>[] =>
  fixture(name)
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface OaiRecord {
  id: string;
  title: string;
  abstract: string;
}

/** The hep-th OAI-PMH page, its XML entities decoded (`Schr\&quot;odinger` is `Schr\"odinger`). */
const oaiRecords = (): OaiRecord[] => {
  const document = new XMLParser({
    parseTagValue: false,
    htmlEntities: true,
    isArray: (name) => name === 'record',
  }).parse(fixture('corpus/arxiv/oai-pmh/some-hep-th.xml')) as {
    'OAI-PMH': { ListRecords: { record: { metadata: { arXiv: OaiRecord } }[] } };
  };
  return document['OAI-PMH'].ListRecords.record.map((record) => record.metadata.arXiv);
};

const kaggle = jsonLines('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json');
const oai = oaiRecords();
const oaiAbstract = (id: string) => oai.find((record) => record.id === id)!.abstract;
const hf = readdirSync(fixturePath('corpus/hf')).map((name) => JSON.parse(fixture(`corpus/hf/${name}`)) as unknown);

describe('texLettersToUnicode', () => {
  test.each([
    ['M\\"uller', 'Müller'],
    ['M\\"{u}ller', 'Müller'],
    ['M{\\"u}ller', 'Müller'],
    ['M{\\"{u}}ller', 'Müller'],
    ["Ren\\'{e}", 'René'],
    ["A. Petojevi\\' c", 'A. Petojević'],
    ["\\v{S}r\\'amek", 'Šrámek'],
    ["\\v Sr\\'amek", 'Šrámek'],
    ['Fran\\c{c}ois', 'François'],
    ['Fran\\c cois', 'François'],
    ['Espa\\~na', 'España'],
    ['Erd\\H{o}s', 'Erdős'],
    ['\\k{a}', 'ą'],
    ['Erdo\\u{g}an', 'Erdoğan'],
    ['\\r{u}', 'ů'],
    ['\\={o}', 'ō'],
    ['\\.{z}', 'ż'],
    ['r\\^ole', 'rôle'],
    ['vis-\\`a-vis', 'vis-à-vis'],
    ['\\d{s}', 'ṣ'],
    ['\\textcommabelow{s}', 'ș'],
    ['T\\"ULU 3', 'TÜLU 3'],
    ['\\"{A}', 'Ä'],
    ['QCD-\\v{C}erenkov', 'QCD-Čerenkov'],
  ])('puts the accent of %s on its letter', (tex, unicode) => {
    expect(texLettersToUnicode(tex)).toBe(unicode);
  });

  test.each([
    ["Mart\\'\\i nez", 'Martínez'],
    ["Mart\\'{\\i}nez", 'Martínez'],
    ['na\\"{\\i}ve', 'naïve'],
    ['Lema\\^{\\i}tre', 'Lemaître'],
    ['\\v{\\j}', 'ǰ'],
    // As typed in a real hep-th listing: a Unicode dotless i after the accent.
    ["Carla Henr\\'ıquez-Báez", 'Carla Henríquez-Báez'],
  ])('puts an accent on a dotless i or j in place of its dot: %s', (tex, unicode) => {
    expect(texLettersToUnicode(tex)).toBe(unicode);
  });

  test.each([
    ['Pucha{\\l}a', 'Puchała'],
    ['Pucha\\l{}a', 'Puchała'],
    // The space after a control word is part of it.
    ['Pucha\\l a', 'Puchała'],
    ['Stra{\\ss}e', 'Straße'],
    ['Mikkel {\\O}bro', 'Mikkel Øbro'],
    ['M{\\o}ller', 'Møller'],
    ['\\aa ngstr\\"om', 'ångström'],
    ['10 \\AA', '10 Å'],
    ['{\\ae}sthetic', 'æsthetic'],
    ['\\oe uvre', 'œuvre'],
    ["Oko{\\l}\\'ow", 'Okołów'],
    ["\\'{\\o}", 'ǿ'],
  ])('writes the special letter of %s', (tex, unicode) => {
    expect(texLettersToUnicode(tex)).toBe(unicode);
  });

  test('takes an accent on an accented letter as TeX does', () => {
    expect(texLettersToUnicode("Nguy\\'{\\^e}n")).toBe('Nguyến');
    expect(texLettersToUnicode('\\\'{\\"u}')).toBe('ǘ');
  });

  test('reads an accent after a line break, not an escaped backslash before a quote', () => {
    expect(texLettersToUnicode('Stuttgart\\\\\\"Uber')).toBe('Stuttgart\\\\Über');
  });

  test('keeps braces that do more than protect one letter', () => {
    expect(texLettersToUnicode('{\\"u \\"o}')).toBe('{ü ö}');
    expect(texLettersToUnicode('\\textit{M\\"{u}ller}')).toBe('\\textit{Müller}');
    expect(texLettersToUnicode('\\emph{\\"u}')).toBe('\\emph{ü}');
    expect(texLettersToUnicode('\\{\\"u\\}')).toBe('\\{ü\\}');
  });

  test.each([
    ['\\varepsilon \\vec{v} \\cite{x} \\hat{x} \\ldots \\lambda \\over \\oint \\iota'],
    ['\\textit{Nambu} {\\em groups} {\\it even} {\\bf N}on-{\\bf u}niform \\XQM \\la r^2\\ra'],
    ['$\\alpha + \\beta$, \\hbar, \\eth and \\Finv stay math'],
    ['costs \\$1000/km, 75\\% \\& more \\\\ next line'],
    ['\\\\"u is a line break before a quote'],
    ['\\\\\\$ and \\\\\\\\"u: escapes after a line break'],
    ['https://example.org/a\\b?c=d'],
    ['中文摘要 😀 \\"中'],
    ['\\b{o} \\t{oo}: accents the table does not have'],
    ['\\k{appa} of 0.76'],
  ])('leaves %s as it is', (text) => {
    expect(texLettersToUnicode(text)).toBe(text);
  });

  test.each([['\\"'], ["\\'{}"], ['an accent at the end \\v'], ['\\c{} and \\" 1 and \\^{ }']])(
    'leaves an accent with no letter to put it on as it is: %s',
    (text) => {
      expect(texLettersToUnicode(text)).toBe(text);
    },
  );

  test("takes a letter accent's command before a spaced letter for the author's own macro when no letter comes of it", () => {
    // 1411.1066 writes its deformation parameter as `\k`: kappa, not an ogonek. Lines joined, as importers do.
    const abstract = oaiAbstract('1411.1066').replace(/\s+/g, ' ');
    expect(abstract).toContain('of \\k to');
    expect(texLettersToUnicode(abstract)).toBe(abstract);
  });

  test('writes letters in NFC, so a search for Müller finds them', () => {
    const name = texLettersToUnicode('Thomas M\\"uller');
    expect(name).toBe(name.normalize('NFC'));
    expect(name).toContain('Müller');
    expect(texLettersToUnicode('\\aa')).toBe('\u00e5');
  });
});

describe('real TeX letters in the corpus', () => {
  test('every author string of the Kaggle snapshot reads as arXiv’s own Unicode parse of it', () => {
    for (const record of kaggle) {
      const authors = texLettersToUnicode(record['authors'] as string);
      for (const [keyname, , , affiliation] of record['authors_parsed'] as string[][]) {
        expect(authors).toContain(keyname);
        if (affiliation) expect(authors).toContain(affiliation);
      }
    }
  });

  test.each([
    ['0704.0032', 'R. Tomàs'],
    ['0704.0062', 'Rastislav Šrámek, Broňa Brejová, Tomáš Vinař'],
    ['0704.0049', 'Mikkel Øbro'],
    ['0704.0199', 'Christian Krattenthaler (Universität Wien) and Thomas Müller'],
  ])('the Kaggle snapshot’s %s authors read %s', (id, authors) => {
    const record = kaggle.find((paper) => paper['id'] === id)!;
    expect(texLettersToUnicode(record['authors'] as string)).toContain(authors);
  });

  test('accents in Kaggle titles, abstracts and submitters', () => {
    const field = (id: string, name: string) =>
      texLettersToUnicode(kaggle.find((paper) => paper['id'] === id)![name] as string);
    expect(field('0704.0019', 'title')).toContain('the Gröbner basis');
    expect(field('0704.0073', 'title')).toBe("A transcendental approach to Kollár's injectivity theorem");
    expect(field('0704.0166', 'submitter')).toBe('Iñaki García-Etxebarria');
    const abstracts = kaggle.map((paper) => texLettersToUnicode(paper['abstract'] as string)).join('\n');
    expect(abstracts).toContain('A. Petojević verified');
    expect(abstracts).toContain("Djoković's and Winkler's relation");
    expect(abstracts).toContain('Ynduráin');
    expect(abstracts).toContain('Muskhelishvili-Omnès');
  });

  test.each([
    ['1008.4848', 'found by Lü, Mei'],
    ['1404.4705', 'Inönü-Wigner contractions'],
    ['1412.0560', 'Friedmann--Lemaître--Robertson--Walker'],
    ['1403.3957', 'Friedmann-Lemaître-Robertson-Walker'],
    ['1411.3589', 'Andrzej Okołów, which'],
    ['1410.5612', 'existence of Møller operators'],
    ['1411.0083', 'the well-known Čerenkov Effect'],
    ['1411.2909', 'Demiański has shown'],
    ['1412.4272', 'an important rôle'],
    ['1210.2398', 'a naïve power counting'],
    ['1501.01743', 'Rényi entropies'],
  ])('the OAI abstract of %s reads “%s”', (id, words) => {
    expect(texLettersToUnicode(oaiAbstract(id))).toContain(words);
  });

  test('the OAI titles', () => {
    const title = (id: string) => texLettersToUnicode(oai.find((record) => record.id === id)!.title);
    expect(title('1411.0083')).toContain('Quantum Čerenkov Radiation: Spectral Cutoffs');
    expect(title('1008.4848')).toContain('Hořava-Lifshitz Gravity');
  });

  test('Hugging Face summaries', () => {
    const summaries = hf.flatMap(stringsIn).map(texLettersToUnicode).join('\n');
    expect(summaries).toContain('we introduce TÜLU 3, a family');
    expect(summaries).toContain('DeepSeek-R1 vis-à-vis cognitive');
    expect(summaries).toContain('principles of Witold Mańczak, a prominent');
  });

  test('leaves no TeX accent in the Kaggle, OAI and Hugging Face text but an author’s `\\k` for kappa', () => {
    const accent = /\\(?:["'`^~=.]|[vcHkurd](?![A-Za-z]))\s*\{?[A-Za-z]/g;
    const texts = [...kaggle.flatMap(stringsIn), ...oai.flatMap(stringsIn), ...hf.flatMap(stringsIn)];
    const left = texts.flatMap((text) => [...texLettersToUnicode(text).matchAll(accent)].map(([match]) => match));
    expect(left).toEqual(['\\k t']);
  });

  test('leaves the math.RT abstracts, all formulas and private macros, exactly as they are', () => {
    const files = readdirSync(fixturePath('corpus/arxiv/daily-arxiv-math-RT'));
    const papers = files.flatMap((name) => jsonLines(`corpus/arxiv/daily-arxiv-math-RT/${name}`));
    expect(papers).toHaveLength(297);
    for (const text of papers.flatMap(stringsIn)) expect(texLettersToUnicode(text)).toBe(text);
  });

  test('keeps escaped dollars and a mangled `\\k{appa}` in the daily-arXiv crawl', () => {
    const summaries = jsonLines('corpus/daily-arxiv/2026-05-12.jsonl').map((paper) => paper['summary'] as string);
    const withTex = summaries.filter((summary) => summary.includes('\\$') || summary.includes('\\k{appa}'));
    expect(withTex.length).toBeGreaterThan(2);
    for (const summary of withTex) expect(texLettersToUnicode(summary)).toBe(summary);
  });
});

describe('texLettersToUnicode on any text', () => {
  test('returns text without a backslash unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).map((text) => text.replaceAll('\\', '')),
        (text) => texLettersToUnicode(text) === text,
      ),
    );
  });

  test('is idempotent and never throws', () => {
    // TeX's pieces side by side, so accents meet letters, braces, other accents and escapes.
    const text = trickyText(
      ['\\"', "\\'", '\\^', '\\v', '\\c', '\\k', '\\l', '\\i', '\\o', '\\ss', '\\aa', '\\textit', '\\\\', '\\$'].concat(
        ['{', '}', '{}', ' ', 'u', 'S', 'e', 'ı', '\u0301'],
      ),
      { pieces: 12, pieceLength: 2 },
    );
    fc.assert(
      fc.property(text, (raw) => {
        const once = texLettersToUnicode(raw);
        expect(texLettersToUnicode(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
