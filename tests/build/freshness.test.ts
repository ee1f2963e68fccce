import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { daysBetween } from '../../src/lib/freshness.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { LISTINGS_EMPTY_DAY, LISTINGS_NEWEST_DAY, sharedSite } from '../helpers/shared-sites.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

const today = new Date().toISOString().slice(0, 10);

describe('a site that stops updating', () => {
  let site: SiteUnderTest;
  /** Days from 2025-03-04, the newest day of the fixture, to today. */
  const age = daysBetween('2025-03-04', today);

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

  test('passes the import its own arguments', async () => {
    await site.addSource('bad.json', JSON.stringify([{ title: 'A record without its date' }]));
    const { code, output } = await site.tryImportAndBuild(['--strict', '--max-age', String(age + 1)]);
    expect(code).toBe(1);
    expect(output).toContain('[import] --strict: failing because records were skipped');
    expect(existsSync(join(site.dir, 'dist/index.html'))).toBe(false);
  });
});

/** The shared listings site (tests/helpers/shared-sites.ts), built by `npm run build -- --max-age` a day more than its age. */
describe('a site fresh enough', () => {
  let site: SiteUnderTest;
  let output: string;

  beforeAll(async () => {
    ({ site, output } = await sharedSite('listings'));
  });

  test('builds, and says its newest day; a later day without papers makes it no fresher', () => {
    expect(output).toContain(`[build] newest day published: ${LISTINGS_NEWEST_DAY}`);
    expect(existsSync(join(site.dir, 'dist/days', LISTINGS_EMPTY_DAY))).toBe(false);
    expect(existsSync(join(site.dir, 'dist/days', LISTINGS_NEWEST_DAY, 'index.html'))).toBe(true);
  });

  test('tells readers when it was updated and how new its papers are, on the home page and in the feed', async () => {
    const home = await site.html('index.html');
    expect(home.querySelector('.updated')!.textContent.replace(/\s+/g, ' ').trim()).toMatch(
      /^Updated .+; the newest papers are of December 7, 2025\.$/,
    );
    expect(home.querySelector('.updated time')!.getAttribute('datetime')).toBe(today);
    const feed = await site.read('dist/rss.xml');
    expect(feed).toContain(`<lastBuildDate>${new Date(`${today}T00:00:00Z`).toUTCString()}</lastBuildDate>`);
    expect(feed).toContain(`Newest papers: ${LISTINGS_NEWEST_DAY}.`);
  });
});
