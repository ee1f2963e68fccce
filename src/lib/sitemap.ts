import { Readable } from 'node:stream';
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import { dayPages } from './papers.ts';
import { absoluteUrl, archiveUrl, dayUrl, homeUrl, monthUrl, paperUrl, searchUrl, url } from './urls.ts';

/** URLs per sitemap file; the protocol allows 50,000. */
export const SITEMAP_SIZE = 45_000;

/** The sitemap file holding the `index`-th chunk of the site's pages. */
export const sitemapUrl = (index: number): string => url(`sitemap-${index}.xml`);
export const sitemapIndexUrl = (): string => url('sitemap-index.xml');

/**
 * Every page a search engine should know, as absolute URLs: the site's pages, every month, every
 * page of every day, and every paper. Computed from the archive, not from the pages a build
 * rendered, since an incremental build renders only the pages that changed.
 */
export function sitemapPages({ days, months, papers }: SitemapArchive): string[] {
  return [
    homeUrl(),
    archiveUrl(),
    searchUrl(),
    ...months.map(({ month }) => monthUrl(month)),
    ...[...days].flatMap(([date, dayPapers]) => dayPages(date, dayPapers).map(({ page }) => dayUrl(date, page))),
    ...papers.map((paper) => paperUrl(paper.id)),
  ].map(absoluteUrl);
}

/** What the sitemap lists: the archive's days (newest first, with their papers), months and papers. */
export interface SitemapArchive {
  days: ReadonlyMap<string, readonly unknown[]>;
  months: readonly { month: string }[];
  papers: readonly { id: string }[];
}

/** The site's pages in sitemap files of at most SITEMAP_SIZE URLs; at least one file. */
export function sitemapFiles(archive: SitemapArchive): string[][] {
  const pages = sitemapPages(archive);
  const files = Math.max(1, Math.ceil(pages.length / SITEMAP_SIZE));
  return Array.from({ length: files }, (_, index) => pages.slice(index * SITEMAP_SIZE, (index + 1) * SITEMAP_SIZE));
}

/** One sitemap file, in the protocol's XML (the `sitemap` library writes it). */
export async function sitemapXml(pages: readonly string[]): Promise<string> {
  const stream = new SitemapStream();
  return (await streamToPromise(Readable.from(pages.map((page) => ({ url: page }))).pipe(stream))).toString();
}

/** The sitemap index: one entry per sitemap file. */
export async function sitemapIndexXml(files: number): Promise<string> {
  const stream = new SitemapIndexStream();
  const entries = Array.from({ length: files }, (_, index) => ({ url: absoluteUrl(sitemapUrl(index)) }));
  return (await streamToPromise(Readable.from(entries).pipe(stream))).toString();
}
