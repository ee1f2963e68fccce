import type { APIRoute, GetStaticPaths } from 'astro';
import { loadArchive } from '../lib/collection.ts';
import { sitemapFiles, sitemapXml } from '../lib/sitemap.ts';

export const getStaticPaths = (async () =>
  sitemapFiles(await loadArchive()).map((pages, index) => ({
    params: { index: String(index) },
    props: { pages },
  }))) satisfies GetStaticPaths;

/** One sitemap file of at most SITEMAP_SIZE pages. */
export const GET: APIRoute<{ pages: string[] }> = async ({ props }) =>
  new Response(await sitemapXml(props.pages), { headers: { 'content-type': 'application/xml' } });
