import { afterEach, describe, expect, test, vi } from 'vitest';
import { readEnvironment, SettingsError } from '../../src/site.ts';

afterEach(() => vi.unstubAllEnvs());

describe('readEnvironment', () => {
  test('reads numbers and addresses, and keeps the defaults for unset or empty variables', () => {
    expect(
      readEnvironment({
        SITE_URL: 'https://me.github.io',
        SEARCH_PART_PAPERS: '5000',
        MAX_AGE_DAYS: '0',
        OFFLINE_BUDGET_KB: '512',
        BASE_PATH: '',
      }),
    ).toEqual({ SITE_URL: 'https://me.github.io', SEARCH_PART_PAPERS: 5000, MAX_AGE_DAYS: 0, OFFLINE_BUDGET_KB: 512 });
    expect(readEnvironment({ PATH: '/usr/bin' })).toEqual({});
  });

  test('names the variable, what it was and what it must be, in one line', () => {
    expect(() => readEnvironment({ OFFLINE_BUDGET_KB: '2 MB' })).toThrow(
      'OFFLINE_BUDGET_KB="2 MB": must be a whole number, 0 or more',
    );
    expect(() => readEnvironment({ SEARCH_PART_PAPERS: 'abc' })).toThrow(
      new SettingsError('SEARCH_PART_PAPERS="abc": must be a whole number, 1 or more'),
    );
    for (const [name, value] of [
      ['SEARCH_PART_PAPERS', '0'],
      ['SEARCH_PART_PAPERS', '12k'],
      ['SEARCH_ONE_PART_UP_TO', '-1'],
      ['MAX_AGE_DAYS', '1e3'],
      ['SITE_URL', 'me.github.io'],
      ['SITE_URL', 'ftp://me.github.io'],
    ] as const) {
      expect(() => readEnvironment({ [name]: value }), `${name}=${value}`).toThrow(
        new RegExp(`^${name}="${value.replace('.', '\\.')}": must be `),
      );
    }
  });

  test('names every bad variable at once', () => {
    expect(() => readEnvironment({ SITE_URL: 'localhost', MAX_AGE_DAYS: 'week' })).toThrow(
      /^SITE_URL="localhost": must be an absolute http:\/\/ or https:\/\/ address.*; MAX_AGE_DAYS="week": must be a whole number, 0 or more$/,
    );
  });

  test('are what SITE holds when the settings are loaded', async () => {
    vi.resetModules();
    vi.stubEnv('SEARCH_PART_PAPERS', '3000');
    vi.stubEnv('BASE_PATH', 'daily');
    const { SITE } = await import('../../src/site.ts');
    expect(SITE.searchPartPapers).toBe(3000);
    expect(SITE.base).toBe('/daily/');
    vi.resetModules();
    vi.stubEnv('SEARCH_PART_PAPERS', 'abc');
    await expect(import('../../src/site.ts')).rejects.toThrow('SEARCH_PART_PAPERS="abc"');
    // Unit files share their workers: drop the failed module, so the next file loads the settings afresh.
    vi.unstubAllEnvs();
    vi.resetModules();
  });
});
