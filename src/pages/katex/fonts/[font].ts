import type { APIRoute, GetStaticPaths } from 'astro';
import { katexFont, katexFonts } from '../../../lib/math/assets.ts';

export const getStaticPaths = (() => katexFonts().map((font) => ({ params: { font } }))) satisfies GetStaticPaths;

/** One of KaTeX's WOFF2 fonts, beside the stylesheet that names them (`fonts/…`). */
export const GET: APIRoute = ({ params }) =>
  new Response(new Uint8Array(katexFont(params.font!)), { headers: { 'content-type': 'font/woff2' } });
