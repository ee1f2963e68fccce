import type { APIRoute } from 'astro';
import { loadArchive } from '../lib/collection.ts';
import { sitemapFiles, sitemapIndexXml } from '../lib/sitemap.ts';

/** The sitemap index robots.txt points to: one entry per sitemap file. */
export const GET: APIRoute = async () =>
  new Response(await sitemapIndexXml(sitemapFiles(await loadArchive()).length), {
    headers: { 'content-type': 'application/xml' },
  });
