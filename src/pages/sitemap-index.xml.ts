import type { APIRoute } from 'astro';
import { loadArchive } from '../lib/collection.ts';
import { SITEMAP_SIZE, sitemapIndexXml, sitemapPages } from '../lib/sitemap.ts';

/** The sitemap index robots.txt points to. */
export const GET: APIRoute = async () => {
  const { papers, dates, months } = await loadArchive();
  const pages = sitemapPages(
    dates,
    months.map(({ month }) => month),
    papers,
  );
  const files = Math.max(1, Math.ceil(pages.length / SITEMAP_SIZE));
  return new Response(await sitemapIndexXml(files), { headers: { 'content-type': 'application/xml' } });
};
