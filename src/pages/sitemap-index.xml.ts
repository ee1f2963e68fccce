import type { APIRoute } from 'astro';
import { loadArchive } from '../lib/collection.ts';
import { SITEMAP_SIZE, sitemapIndexXml } from '../lib/sitemap.ts';

/** The sitemap index robots.txt points to. */
export const GET: APIRoute = async () => {
  const { papers, dates } = await loadArchive();
  const files = Math.max(1, Math.ceil((3 + dates.length + papers.length) / SITEMAP_SIZE));
  return new Response(await sitemapIndexXml(files), { headers: { 'content-type': 'application/xml' } });
};
