import { describe, expect, test } from 'vitest';
import { normalizeTitle, PaperIndex, paperKeys } from '../../../src/lib/import/identity.ts';

describe('paperKeys', () => {
  test('are the arXiv id when known, then the normalised title and the day', () => {
    expect(paperKeys({ arxivId: '2301.00001', title: 'X', date: '2023-01-02' })).toEqual([
      'arxiv:2301.00001',
      'title:x|2023-01-02',
    ]);
    expect(paperKeys({ title: 'Deep  Learning!', date: '2023-01-02' })).toEqual(
      paperKeys({ title: 'deep learning', date: '2023-01-02' }),
    );
    expect(paperKeys({ title: 'Deep Learning', date: '2023-01-02' })).not.toEqual(
      paperKeys({ title: 'Deep Learning', date: '2023-01-03' }),
    );
  });
});

describe('PaperIndex', () => {
  const known = (id: string | undefined, title: string) => ({
    keys: paperKeys({ arxivId: id, title, date: '2025-01-02' }),
    id,
  });

  test('finds a paper by arXiv id, else by title and day', () => {
    const index = new PaperIndex<ReturnType<typeof known>>();
    const withId = known('2501.00001', 'Alpha');
    const withoutId = known(undefined, 'Beta');
    index.add(withId);
    index.add(withoutId);
    expect(index.find(known('2501.00001', 'Renamed').keys)).toBe(withId);
    expect(index.find(known(undefined, 'alpha').keys)).toBe(withId);
    expect(index.find(known('2501.00002', 'Beta').keys)).toBe(withoutId);
  });

  test('never takes papers with different arXiv ids for one', () => {
    const index = new PaperIndex<ReturnType<typeof known>>();
    index.add(known('2501.00001', 'Same Title'));
    expect(index.find(known('2501.00009', 'Same Title').keys)).toBeUndefined();
  });
});

describe('normalizeTitle', () => {
  test('ignores case, punctuation, spacing and Unicode compatibility forms', () => {
    expect(normalizeTitle('  Deep-Learning: A ＳＵＲＶＥＹ!! ')).toBe('deep learning a survey');
  });
});

describe('paperKeys for titles with no letters or digits', () => {
  test('tell papers apart by their abstracts, so they never merge', () => {
    const rockets = paperKeys({ title: '🚀🚀🚀', date: '2025-01-02' }, () => 'We fly.');
    const other = paperKeys({ title: '🚀🚀🚀', date: '2025-01-02' }, () => 'We swim.');
    const dots = paperKeys({ title: '…', date: '2025-01-02' }, () => 'We fly.');
    expect(rockets[0]).toMatch(/^abstract:[0-9a-f]{16}\|2025-01-02$/);
    expect(new Set([rockets[0], other[0], dots[0]]).size).toBe(3);
  });

  test('read the abstract only when the title needs it', () => {
    let asked = false;
    paperKeys({ title: 'Deep Nets', date: '2025-01-02' }, () => {
      asked = true;
      return '';
    });
    expect(asked).toBe(false);
  });
});
