import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { daysBetween } from '../../src/lib/freshness.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

const today = new Date().toISOString().slice(0, 10);
/** Days from 2025-03-04, the newest day of the fixture, to today. */
const age = daysBetween('2025-03-04', today);

describe('a site that stops updating', () => {
  let site: SiteUnderTest;

  beforeAll(async () => {
    site = await createSite({
      '2025-03-04.json': fixturePath('hf-daily/2025-03-04.json'),
      '2024-02-01.json': fixturePath('hf-daily/2024-02-01.json'),
    });
    // A later day that had no papers, as the API answers a weekend: it makes the site no fresher.
    await site.addSource('2025-03-08.json', '[]');
  });
  afterAll(() => site.remove());

  test('fails the build when its newest papers are older than --max-age, and builds nothing', async () => {
    const { code, output } = await site.tryImportAndBuild(['--max-age', '3']);
    expect(code).toBe(1);
    expect(output).toContain(
      `[build] not building: the newest papers are of 2025-03-04, ${age} days ago, older than --max-age 3: is fetching still working?`,
    );
    expect(existsSync(join(site.dir, 'dist/index.html'))).toBe(false);
    // So does the site's own setting, from the environment.
    expect((await site.tryImportAndBuild([], { MAX_AGE_DAYS: '3' })).code).toBe(1);
  });

  test('builds when fresh enough, passes the import its own arguments, and says its newest day', async () => {
    const { code, output } = await site.tryImportAndBuild(['--strict', '--max-age', String(age + 1)]);
    expect(code).toBe(0);
    expect(output).toContain('[build] newest day published: 2025-03-04');
    expect(existsSync(join(site.dir, 'dist/days/2025-03-08'))).toBe(false);
    expect(existsSync(join(site.dir, 'dist/days/2025-03-04/index.html'))).toBe(true);
    const home = await site.html('index.html');
    expect(home.querySelector('.updated')!.textContent.replace(/\s+/g, ' ').trim()).toMatch(
      /^Updated .+; the newest papers are of March 4, 2025\.$/,
    );
    expect(home.querySelector('.updated time')!.getAttribute('datetime')).toBe(today);
    const feed = await site.read('dist/rss.xml');
    expect(feed).toContain(`<lastBuildDate>${new Date(`${today}T00:00:00Z`).toUTCString()}</lastBuildDate>`);
    expect(feed).toContain('Newest papers: 2025-03-04.');
  });
});
