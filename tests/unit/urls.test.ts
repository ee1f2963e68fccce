import { afterEach, describe, expect, test, vi } from 'vitest';

/** The URL helpers as a build with these environment variables would load them. */
async function urlsWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('../../src/lib/urls.ts');
}

afterEach(() => vi.unstubAllEnvs());

describe('URL helpers', () => {
  test('build root-relative links by default', async () => {
    const { paperUrl, dayUrl, searchUrl, url } = await urlsWith({ BASE_PATH: '' });
    expect(paperUrl('2301.00001')).toBe('/papers/2301.00001/');
    expect(dayUrl('2025-10-06')).toBe('/days/2025-10-06/');
    expect(dayUrl('2025-10-06', 1)).toBe('/days/2025-10-06/');
    expect(dayUrl('2025-10-06', 3)).toBe('/days/2025-10-06/3/');
    expect(searchUrl('a b&c')).toBe('/search/?q=a%20b%26c');
    expect(url('pagefind/')).toBe('/pagefind/');
  });

  test('put every link under BASE_PATH, however it is written', async () => {
    for (const base of ['/daily/', 'daily', '/daily']) {
      const { paperUrl, archiveUrl, homeUrl } = await urlsWith({ BASE_PATH: base });
      expect(paperUrl('x')).toBe('/daily/papers/x/');
      expect(archiveUrl()).toBe('/daily/archive/');
      expect(homeUrl()).toBe('/daily/');
    }
  });

  test('make absolute URLs on SITE_URL', async () => {
    const { absoluteUrl, paperUrl } = await urlsWith({ SITE_URL: 'https://papers.example.org', BASE_PATH: '/daily/' });
    expect(absoluteUrl(paperUrl('x'))).toBe('https://papers.example.org/daily/papers/x/');
  });
});
