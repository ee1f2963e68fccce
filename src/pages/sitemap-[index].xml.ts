import type { APIRoute, GetStaticPaths } from 'astro';
import { loadArchive } from '../lib/collection.ts';
import { SITEMAP_SIZE, sitemapPages, sitemapXml } from '../lib/sitemap.ts';

export const getStaticPaths = (async () => {
  const { papers, dates, months } = await loadArchive();
  const pages = sitemapPages(
    dates,
    months.map(({ month }) => month),
    papers,
  );
  const files = Math.max(1, Math.ceil(pages.length / SITEMAP_SIZE));
  return Array.from({ length: files }, (_, index) => ({
    params: { index: String(index) },
    props: { pages: pages.slice(index * SITEMAP_SIZE, (index + 1) * SITEMAP_SIZE) },
  }));
}) satisfies GetStaticPaths;

/** One sitemap file of at most SITEMAP_SIZE pages. */
export const GET: APIRoute<{ pages: string[] }> = async ({ props }) =>
  new Response(await sitemapXml(props.pages), { headers: { 'content-type': 'application/xml' } });
