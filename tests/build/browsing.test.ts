import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ARCHIVE, sharedSite, SITE_URL } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/**
 * Months, days and the home page of the shared archive (tests/helpers/shared-sites.ts): about 200
 * weekdays of generated papers, a busy day, and two weekend days of real papers nobody upvoted.
 */
describe('browsing the archive', () => {
  const { corpus, busyDay, arxivDay, arxivPapers, sourceDay, sourcePapers, allDays } = ARCHIVE;
  const months = [...new Set(corpus.map((day) => day.date.slice(0, 7)))];
  const daysOf = (month: string) => allDays.filter((day) => day.date.startsWith(month));
  let site: SiteUnderTest;

  beforeAll(async () => {
    ({ site } = await sharedSite('archive'));
  });

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
      .map((paper) => (paper['upvotes'] as number | undefined) ?? 0)
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

  test('a busy day is split into pages of 50, each linking to the others', async () => {
    const pages = await Promise.all(['', '2/', '3/'].map((page) => site.html(`days/${busyDay}/${page}index.html`)));
    expect(pages.map((page) => page.querySelectorAll('.paper-list > li').length)).toEqual([50, 50, 30]);
    for (const [index, page] of pages.entries()) {
      expect(page.querySelector('.lede')!.text).toBe(`130 papers, most upvoted first. Page ${index + 1} of 3.`);
      expect(page.querySelectorAll('.page-numbers a').map((link) => link.getAttribute('href'))).toEqual([
        `/days/${busyDay}/`,
        `/days/${busyDay}/2/`,
        `/days/${busyDay}/3/`,
      ]);
      expect(page.querySelector('.page-numbers a[aria-current=page]')!.text).toBe(String(index + 1));
    }
    // Most upvoted first, across pages: the last of page 1 has at least the first of page 2's upvotes.
    const upvotes = pages.flatMap((page) =>
      page.querySelectorAll('.paper-list .upvotes').map((node) => Number(node.text.replace(/\D/g, ''))),
    );
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    expect(existsSync(join(site.dir, `dist/days/${busyDay}/4/index.html`))).toBe(false);
    // A quiet day has one page and no page numbers.
    expect((await site.html(`days/${corpus[0]!.date}/index.html`)).querySelector('.page-numbers')).toBeNull();
  });

  test('a day nobody upvoted keeps the order arXiv listed it in, and says so', async () => {
    const page = await site.html(`days/${arxivDay}/index.html`);
    expect(page.querySelector('.lede')!.text).toBe('12 papers, in the order arXiv listed them.');
    const titles = page.querySelectorAll('.paper-card-title').map((title) => title.querySelector('a')!.text.trim());
    expect(titles[0]).toBe('Mechanism Design for Quality-Preserving LLM Advertising');
    expect(titles[2]).toBe('The Price of Proportional Representation in Temporal Voting');
    expect(titles).toHaveLength(12);
    expect(page.querySelectorAll('.paper-card .upvotes')).toHaveLength(0);
  });

  test('a day from another source with no upvotes keeps that source’s order, and says so', async () => {
    const page = await site.html(`days/${sourceDay}/index.html`);
    expect(page.querySelector('.lede')!.text).toBe('8 papers, in the source’s order.');
    const links = page.querySelectorAll('.paper-card-title a').map((link) => link.getAttribute('href'));
    expect(links).toEqual(sourcePapers.map((paper) => `/papers/${paper['arxivId'] as string}/`));
  });

  test('a paper with no link is a search away: arXiv’s search for its title in plain text', async () => {
    const day = await site.html(`days/${arxivDay}/index.html`);
    const href = day.querySelectorAll('.paper-card-title a')[4]!.getAttribute('href')!;
    const page = await site.html(`${href.slice(1)}index.html`);
    const links = page.querySelectorAll('.paper-links a');
    expect(links.map((link) => link.text.trim())).toEqual(['Find this paper on arXiv']);
    const search = new URL(links[0]!.getAttribute('href')!);
    expect(search.origin + search.pathname).toBe('https://arxiv.org/search/');
    expect(Object.fromEntries(search.searchParams)).toEqual({
      query: '3DGS^3: Joint Super Sampling and Frame Interpolation for Real-Time Large-Scale 3DGS Rendering',
      searchtype: 'title',
    });
    // A paper with links has no search among them.
    const linked = await site.html(`papers/${arxivPapers[0]!['arxivId'] as string}/index.html`);
    expect(linked.querySelectorAll('.paper-links a').map((link) => link.text.trim())).toEqual(['arXiv', 'PDF']);
  });

  test('a paper on a later page of its day links to that page', async () => {
    const page3 = await site.html(`days/${busyDay}/3/index.html`);
    const paperLink = page3.querySelector('.paper-card-title a')!.getAttribute('href')!;
    const paper = await site.html(`${paperLink.slice(1)}index.html`);
    expect(paper.querySelector('.paper-meta a')!.getAttribute('href')).toBe(`/days/${busyDay}/3/`);
  });

  test('a paper’s page lists five related papers, listed on its day or before, each with its page', async () => {
    const dateOf = new Map(allDays.flatMap((day) => day.papers.map((paper) => [paper['arxivId'] as string, day.date])));
    const late = corpus.at(-5)!;
    for (const paper of late.papers.slice(0, 5)) {
      const id = paper['arxivId'] as string;
      const page = await site.html(`papers/${id}/index.html`);
      const links = page.querySelectorAll('.related li a').map((link) => link.getAttribute('href')!);
      expect(links, id).toHaveLength(5);
      expect(new Set(links).size).toBe(5);
      for (const link of links) {
        const other = /^\/papers\/([^/]+)\/$/.exec(link)![1]!;
        expect(other).not.toBe(id);
        expect(dateOf.get(other)! <= late.date, `${other} listed after ${id}`).toBe(true);
        expect(existsSync(join(site.dir, 'dist', link, 'index.html'))).toBe(true);
      }
      // Each shows its title and day.
      expect(page.querySelector('.related li time')!.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test('lists every month and every day page in the sitemap, and keeps every page under 200 KB', async () => {
    const sitemap = await site.read('dist/sitemap-0.xml');
    for (const month of months) expect(sitemap).toContain(`<loc>${SITE_URL}/months/${month}/</loc>`);
    for (const page of ['', '2/', '3/']) {
      expect(sitemap).toContain(`<loc>${SITE_URL}/days/${busyDay}/${page}</loc>`);
    }
    const htmlFiles = (await site.files('dist')).filter((name) => name.endsWith('.html'));
    const papers = allDays.reduce((sum, day) => sum + day.papers.length, 0);
    expect(htmlFiles.length).toBeGreaterThan(papers + allDays.length);
    for (const file of htmlFiles) {
      expect((await readFile(join(site.dir, 'dist', file))).length, file).toBeLessThan(200 * 1024);
    }
  });
});
