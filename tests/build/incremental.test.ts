import { statSync } from 'node:fs';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GENERATED, sharedSite } from '../helpers/shared-sites.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/** Every file of a built site with its content, for comparing two builds byte for byte. */
async function snapshot(site: SiteUnderTest): Promise<Map<string, string>> {
  const files = (await site.files('dist')).filter((file) => !file.endsWith('/'));
  const contents = await Promise.all(
    files.map((file) => readFile(join(site.dir, 'dist', file)).catch(() => undefined)),
  );
  return new Map(
    files.flatMap((file, index) => (contents[index] ? [[file, contents[index].toString('base64')] as const] : [])),
  );
}

/** Differences between two snapshots: files only in one, and files whose content differs. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}

/**
 * A copy of the shared generated site (tests/helpers/shared-sites.ts: four days of papers, built
 * once), a day later: one more day of papers, built on what the first build left. Every build
 * runs on the same day (GENERATED.env), so builds can be compared byte for byte. That a change
 * of code renders every page again is tests/unit/code-fingerprint.test.ts's, and that a rebuild
 * after any change equals a cold build, rebuild-equals-cold.test.ts's.
 */
describe('a rebuild', () => {
  const { base: first, extra, env } = GENERATED;
  const second = extra[0]!;
  const days = [...first, second];
  let daily: SiteUnderTest;
  let fresh: SiteUnderTest;
  let rebuildOutput: string;

  beforeAll(async () => {
    daily = await (await sharedSite('generated')).site.copy();
    await daily.addSource(`${second.date}.json`, JSON.stringify(second.papers));
    await daily.importPapers();
    rebuildOutput = await daily.build(env);
    // The same sources, built from nothing.
    fresh = await createSite({});
    for (const day of days) await fresh.addSource(`${day.date}.json`, JSON.stringify(day.papers));
    await fresh.importPapers();
    await fresh.build(env);
  });
  afterAll(async () => {
    await daily?.remove();
    await fresh?.remove();
  });

  test('renders only the pages the new day changes, and reuses the rest', () => {
    const [, rendered, reused] = /(\d+) pages rendered, (\d+) unchanged pages reused/.exec(rebuildOutput)!;
    // The new day's papers and its page; the day before's papers (their "next day" link); every day
    // page of the new day's month (their calendar) and the month's page.
    const month = second.date.slice(0, 7);
    const daysOfMonth = first.filter((day) => day.date.startsWith(month)).length;
    const expected = second.papers.length + 1 + first.at(-1)!.papers.length + daysOfMonth + 1;
    const papers = days.reduce((sum, day) => sum + day.papers.length, 0);
    const pages = papers + days.length + new Set(days.map((day) => day.date.slice(0, 7))).size;
    expect(Number(rendered)).toBe(expected);
    expect(Number(reused)).toBe(pages - expected);
    expect(rebuildOutput).toMatch(/index parts; 1 rebuilt|1 index parts; 1 rebuilt/);
  });

  test('gives exactly the site a build from scratch gives', async () => {
    expect(differences(await snapshot(daily), await snapshot(fresh))).toEqual([]);
  });

  describe('after a note typed by hand and a page changed in dist/ by a deploy step', () => {
    let entry: string;
    let changedPage: string;
    /** Day pages that were the same file as their copy in the page cache. */
    let sharedWithCache: string[];
    let output: string;

    beforeAll(async () => {
      const cached = join(daily.dir, '.cache/paperboy/pages/files');
      const inodes = new Set((await readdir(cached)).map((name) => statSync(join(cached, name)).ino));
      sharedWithCache = days
        .map((day) => join(daily.dir, 'dist/days', day.date, 'index.html'))
        .filter((page) => inodes.has(statSync(page).ino));
      // A page of a day the note does not touch, so the rebuild takes it from the cache; appended in
      // place, as `>>` does.
      changedPage = join(daily.dir, 'dist/days', first.at(-1)!.date, 'index.html');
      await appendFile(changedPage, '<script src="/analytics.js"></script>\n');
      entry = (await daily.files(`content/papers/${first[0]!.date.replaceAll('-', '/')}`)).find((file) =>
        file.endsWith('.mdx'),
      )!;
      const path = join(daily.dir, 'content/papers', first[0]!.date.replaceAll('-', '/'), entry);
      await writeFile(path, `${await readFile(path, 'utf8')}\n## Notes\n\nA note typed today.\n`);
      output = await daily.build(env);
    });

    test('shares no file between dist/ and the page cache, so the page changed in dist/ stays out of the cache', async () => {
      expect(sharedWithCache).toEqual([]);
      expect(await readFile(changedPage, 'utf8')).not.toContain('analytics.js');
    });

    test('shows the note, rendering that paper, its day and its month again', async () => {
      expect(output).toMatch(/ 3 pages rendered, \d+ unchanged pages reused/);
      const slug = entry.replace(/\.mdx$/, '');
      const page = await daily.html(`papers/${slug}/index.html`);
      expect(page.querySelector('.notes')!.textContent).toContain('A note typed today.');
    });
  });
});
