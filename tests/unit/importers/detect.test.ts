import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { detectFormat, type Format } from '../../../src/lib/importers/index.ts';
import { fixture, fixturePath } from '../../helpers/fixtures.ts';

/** Each folder of the real corpus and the format its files are in (corpus/SOURCES.md). */
const CORPUS: Record<string, Format> = {
  'arxiv/atom': 'arxiv-atom',
  'arxiv/daily-arxiv-math-RT': 'daily-arxiv',
  'arxiv/hep-th-listing-json': 'arxiv-listing-json',
  'arxiv/kaggle-jsonl': 'kaggle-arxiv',
  'arxiv/oai-pmh': 'arxiv-oai',
  'daily-arxiv': 'daily-arxiv',
  hf: 'hf-daily',
};

describe('detectFormat', () => {
  test.each([
    ['listing/hostile-and-math.txt', 'listing'],
    ['hf-daily/2025-03-04.json', 'hf-daily'],
    ['hf-daily/paper.json', 'hf-daily'],
    ['arxiv/atom-with-math.xml', 'arxiv-atom'],
    ['paperboy/reading-group.json', 'paperboy-json'],
    ['paperboy/reading-group.jsonl', 'paperboy-jsonl'],
    ['daily-arxiv/2025-03-04.jsonl', 'daily-arxiv'],
    ['oai/arxivraw-getrecord-0804.2273.xml', 'arxiv-oai'],
    ['oai/oai-dc-listrecords-2024-01-30.xml', 'arxiv-oai'],
  ])('recognises %s as %s', (name, format) => {
    expect(detectFormat(name, fixture(name))).toBe(format);
  });

  test('recognises every file of the real corpus as its format', () => {
    const detected = Object.keys(CORPUS).flatMap((folder) =>
      readdirSync(fixturePath(`corpus/${folder}`)).map((name) => {
        const path = `corpus/${folder}/${name}`;
        return [path, detectFormat(path, fixture(path))];
      }),
    );
    expect(detected).toHaveLength(39);
    expect(detected).toEqual(detected.map(([path]) => [path, CORPUS[path!.split('/').slice(1, -1).join('/')]]));
  });

  test('tells an OAI-PMH page from an Atom feed, whatever the file is called', () => {
    const page = fixture('corpus/arxiv/oai-pmh/some-hep-th.xml');
    expect(detectFormat('content/sources/oai/physics_hep-th/2016-01-01/0001.xml', page)).toBe('arxiv-oai');
    expect(detectFormat('page', page)).toBe('arxiv-oai');
    expect(detectFormat('feed', fixture('arxiv/atom-with-math.xml'))).toBe('arxiv-atom');
  });

  test("recognises Kaggle's snapshot by its first line's keys, as .json, .jsonl or without a name", () => {
    const snapshot = fixture('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json');
    const slice = snapshot.split('\n').slice(0, 3).join('\n');
    expect(detectFormat('arxiv-metadata-oai-snapshot.json', slice)).toBe('kaggle-arxiv');
    expect(detectFormat('physics.jsonl', slice)).toBe('kaggle-arxiv');
    expect(detectFormat('snapshot', slice)).toBe('kaggle-arxiv');
  });

  test("tells the listing bot's object from Paperboy's own lists", () => {
    const listing = fixture('corpus/arxiv/hep-th-listing-json/2026-08-05.json');
    expect(detectFormat('2026-08-05.json', JSON.stringify(JSON.parse(listing)))).toBe('arxiv-listing-json');
    expect(detectFormat('list.json', '[{"title": "T", "papers": [], "count": 1}]')).toBe('paperboy-json');
  });

  test('leaves a file of unknown kind to --format', () => {
    expect(detectFormat('papers.csv', 'title,date\n')).toBeUndefined();
  });
});
