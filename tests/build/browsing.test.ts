import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateCorpus } from '../../scripts/bench/corpus.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/** Months, days and the home page of an archive of about two months. */
describe('browsing the archive', () => {
  // About 40 weekdays from May 1, 2023: May and part of June.
  const corpus = generateCorpus(560, { perDay: [12, 16] });
  const papers = corpus.flatMap((day) => day.papers);
  const months = [...new Set(corpus.map((day) => day.date.slice(0, 7)))];
  const daysOf = (month: string) => corpus.filter((day) => day.date.startsWith(month));
  let site: SiteUnderTest;

  beforeAll(async () => {
    site = await createSite({});
    for (const day of corpus) await site.addSource(`${day.date}.json`, JSON.stringify(day.papers));
    await site.importPapers();
    await site.build({ SITE_URL: 'https://papers.example' });
  });
  afterAll(() => site.remove());

  test('the archive lists every month with its counts, and links to its page', async () => {
    const archive = await site.html('archive/index.html');
    const items = archive.querySelectorAll('.month-links li');
    expect(items.map((item) => item.querySelector('a')!.getAttribute('href'))).toEqual(
      [...months].reverse().map((month) => `/months/${month}/`),
    );
    for (const [index, month] of [...months].reverse().entries()) {
      const days = daysOf(month);
      const count = days.reduce((sum, day) => sum + day.papers.length, 0);
      expect(items[index]!.querySelector('.count')!.text).toBe(`${count} papers, ${days.length} days`);
    }
  });

  test('a month’s page shows its most upvoted papers and every day, capped per day', async () => {
    const month = months[0]!;
    const page = await site.html(`months/${month}/index.html`);
    const monthPapers = daysOf(month).flatMap((day) => day.papers);
    const topUpvotes = monthPapers
      .map((paper) => paper['upvotes'] as number)
      .sort((a, b) => b - a)
      .slice(0, 10);
    const shown = page.querySelectorAll('#top-papers ~ .paper-list .upvotes, #top-papers + .paper-list .upvotes');
    expect(shown.map((node) => Number(node.text.replace(/\D/g, '')))).toEqual(topUpvotes.filter((count) => count > 0));
    const days = page.querySelectorAll('.month-day');
    expect(days).toHaveLength(daysOf(month).length);
    for (const day of days) {
      const count = Number(/\((\d+) papers?\)/.exec(day.querySelector('h3')!.text)![1]);
      expect(day.querySelectorAll('.title-list li')).toHaveLength(Math.min(count, 10));
      if (count > 10) expect(day.querySelector('.more a')!.text).toBe(`${count - 10} more papers that day →`);
    }
    expect(page.querySelector('.pager a[rel=next]')!.getAttribute('href')).toBe(`/months/${months[1]}/`);
  });

  test('a day’s page has its month’s calendar, with the days that have papers as links', async () => {
    const day = corpus[3]!.date;
    const page = await site.html(`days/${day}/index.html`);
    const links = page.querySelectorAll('.calendar td a');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(
      daysOf(day.slice(0, 7)).map((listed) => `/days/${listed.date}/`),
    );
    expect(page.querySelector('.calendar a[aria-current=date]')!.getAttribute('href')).toBe(`/days/${day}/`);
    expect(page.querySelector('.calendar caption a')!.getAttribute('href')).toBe(`/months/${day.slice(0, 7)}/`);
    // Weekends have no papers: never links.
    expect(page.querySelectorAll('.calendar td').filter((cell) => /\d/.test(cell.text)).length).toBeGreaterThan(
      links.length,
    );
  });

  test('the home page shows the latest day in full and the best of the week before it', async () => {
    const home = await site.html('index.html');
    const latest = corpus.at(-1)!;
    expect(home.querySelectorAll('.paper-list > li')).toHaveLength(latest.papers.length);
    const weekStart = new Date(Date.parse(`${latest.date}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const week = corpus
      .filter((day) => day.date >= weekStart && day.date < latest.date)
      .flatMap((day) => day.papers.map((paper) => paper['upvotes'] as number))
      .sort((a, b) => b - a)
      .slice(0, 5);
    const shown = home
      .querySelectorAll('#week-best + .title-list li .count')
      .map((count) => Number(/▲ (\d+)/.exec(count.text)![1]));
    expect(shown).toEqual(week);
  });

  test('lists every month in the sitemap, and keeps every page under 200 KB', async () => {
    const sitemap = await site.read('dist/sitemap-0.xml');
    for (const month of months) expect(sitemap).toContain(`https://papers.example/months/${month}/`);
    for (const file of (await site.files('dist')).filter((name) => name.endsWith('.html'))) {
      expect((await readFile(join(site.dir, 'dist', file))).length, file).toBeLessThan(200 * 1024);
    }
    expect(papers.length).toBe(560);
  });
});
