import { describe, expect, test } from 'vitest';
import { description, pageTitle } from '../../src/lib/head.ts';
import { jsonForScript } from '../../src/lib/html.ts';

describe('pageTitle', () => {
  const site = 'Paperboy Daily Papers';
  test('adds the site’s name while the whole fits 70 characters', () => {
    expect(pageTitle(undefined, site)).toBe(site);
    expect(pageTitle('Archive', site)).toBe('Archive · Paperboy Daily Papers');
  });

  test('drops the site’s name from a long title, and cuts a longer one at a word', () => {
    const long = 'Horizon-Free and Variance-Dependent Reinforcement Learning for Latent MDPs';
    expect(long.length).toBeLessThanOrEqual(75);
    const title = pageTitle(long.slice(0, 66), site);
    expect(title).toBe(long.slice(0, 66));
    const cut = pageTitle(`${long} with Context in Hindsight and Much More`, site);
    expect(cut.length).toBeLessThanOrEqual(70);
    expect(cut).toBe('Horizon-Free and Variance-Dependent Reinforcement Learning for…');
  });
});

describe('description', () => {
  test('is the first sentence', () => {
    expect(description('We prove a bound. Then we test it.')).toBe('We prove a bound.');
    expect(description('Costs fall by 12%. 3 datasets agree.')).toBe('Costs fall by 12%.');
  });

  test('does not stop at an abbreviation inside a sentence', () => {
    expect(description('Methods, e.g. ours, help. More.')).toBe('Methods, e.g. ours, help.');
  });

  test('cuts a long sentence at a word to about 160 characters', () => {
    const text = `${'word '.repeat(60)}end.`;
    const cut = description(text);
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut).toMatch(/word…$/);
    expect(description('')).toBe('');
  });
});

test('jsonForScript: nothing in the JSON can end the script it sits in', () => {
  const json = jsonForScript({ title: '</script><script>alert(1)</script>', line: '\u2028' });
  expect(json).not.toContain('<');
  expect(JSON.parse(json)).toEqual({ title: '</script><script>alert(1)</script>', line: '\u2028' });
});
