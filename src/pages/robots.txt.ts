import type { APIRoute } from 'astro';
import { sitemapIndexUrl } from '../lib/sitemap.ts';
import { absoluteUrl, homeUrl } from '../lib/urls.ts';

/** Crawlers may read everything; the sitemap's address depends on SITE_URL and BASE_PATH. */
export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: ${homeUrl()}\n\nSitemap: ${absoluteUrl(sitemapIndexUrl())}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
