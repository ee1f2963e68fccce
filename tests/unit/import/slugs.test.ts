import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assignSlugs, MAX_SLUG_LENGTH, preferredSlug, type SlugRequest } from '../../../src/lib/import/slugs.ts';

describe('preferredSlug', () => {
  test('keeps an arXiv id as it is written', () => {
    expect(preferredSlug({ arxivId: '2301.00001', plainTitle: 'Anything' })).toBe('2301.00001');
    expect(preferredSlug({ arxivId: 'hep-th/9901001', plainTitle: 'Anything' })).toBe('hep-th-9901001');
  });

  test('makes a title lowercase ASCII words joined by hyphens', () => {
    expect(preferredSlug({ plainTitle: "Let's Make Block Coordinate Descent: ε-Stationary Points!" })).toBe(
      'lets-make-block-coordinate-descent-e-stationary-points',
    );
    expect(preferredSlug({ plainTitle: 'diffGrad and PaRIS' })).toBe('diffgrad-and-paris');
  });

  test('cuts long titles at a word, within the limit', () => {
    const slug = preferredSlug({ plainTitle: 'word '.repeat(40) });
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug.endsWith('-')).toBe(false);
  });

  test('never names a file after a device Windows reserves', () => {
    expect(preferredSlug({ plainTitle: 'CON' })).toBe('con-paper');
    expect(preferredSlug({ plainTitle: 'Con Artists' })).toBe('con-artists');
  });

  test('never returns an empty or unsafe slug', () => {
    fc.assert(
      fc.property(fc.string(), (title) => {
        expect(preferredSlug({ plainTitle: title })).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      }),
    );
  });
});

describe('assignSlugs', () => {
  const request = (key: string, date: string, slug = 'same-title'): SlugRequest => ({ key, slug, date });

  test('gives the earliest paper the plain slug and later ones a dated one', () => {
    const slugs = assignSlugs([request('b', '2024-05-01'), request('a', '2023-01-02')], new Map());
    expect(slugs.get('a')).toBe('same-title');
    expect(slugs.get('b')).toBe('same-title-2024-05-01');
  });

  test('never moves a slug that is already taken, even for an earlier paper', () => {
    const slugs = assignSlugs([request('older', '2020-01-01')], new Map([['same-title', 'published']]));
    expect(slugs.get('older')).toBe('same-title-2020-01-01');
  });

  test('gives the same slugs whatever order the papers come in', () => {
    const requests = fc.uniqueArray(
      fc.record({
        key: fc.string({ minLength: 1, maxLength: 6 }),
        slug: fc.constantFrom('a', 'b', 'a-2024-01-01'),
        date: fc.constantFrom('2024-01-01', '2024-01-02'),
      }),
      { selector: (r) => r.key, maxLength: 12 },
    );
    fc.assert(
      fc.property(requests, fc.func(fc.integer()), (list, order) => {
        const shuffled = [...list].sort((x, y) => order(x.key) - order(y.key));
        const first = assignSlugs(list, new Map());
        const second = assignSlugs(shuffled, new Map());
        expect(Object.fromEntries(second)).toEqual(Object.fromEntries(first));
        expect(new Set(first.values()).size).toBe(list.length);
      }),
    );
  });
});
