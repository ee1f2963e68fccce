import type { APIRoute } from 'astro';
import { katexCss } from '../../lib/math/assets.ts';

/** KaTeX's stylesheet, for pages with math only (src/lib/math/assets.ts). */
export const GET: APIRoute = () => new Response(katexCss(), { headers: { 'content-type': 'text/css; charset=utf-8' } });
