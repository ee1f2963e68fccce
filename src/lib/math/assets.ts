/*
 * KaTeX's stylesheet and fonts, served by the site itself (src/pages/katex/) and linked only from
 * pages that show math. KaTeX's own CSS says `font-display: block`, which holds a math page's
 * first paint until its fonts arrive; ours says `swap`, and lists only the WOFF2 files every
 * browser the site supports reads, so those are all a build has to copy.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const KATEX_DIST = dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));

/** The fonts nearly every formula uses: preloaded, so that they arrive with the stylesheet. */
export const PRELOADED_FONTS = ['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2'];

/** A font source list `url(a.woff2) format("woff2"),url(a.woff) …` cut to its WOFF2 entry. */
const OTHER_FORMATS = /,url\([^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g;

/** KaTeX's stylesheet with `font-display: swap` and WOFF2 fonts only. */
export function katexCss(): string {
  const css = readFileSync(join(KATEX_DIST, 'katex.min.css'), 'utf8');
  return css.replaceAll('font-display:block', 'font-display:swap').replace(OTHER_FORMATS, '');
}

/** The names of KaTeX's WOFF2 fonts. */
export const katexFonts = (): string[] =>
  readdirSync(join(KATEX_DIST, 'fonts')).filter((name) => name.endsWith('.woff2'));

/** One of KaTeX's fonts, by name. */
export const katexFont = (name: string): Buffer => readFileSync(join(KATEX_DIST, 'fonts', name));

/** Whether HTML shows a formula KaTeX typeset. */
export const hasMath = (html: string): boolean => html.includes('class="katex');
