import { SITE } from '../site.ts';
import { paperPath, PATHS } from './paths.ts';

export { paperPath };

/**
 * Every internal link and asset goes through here, so the base path is honoured everywhere.
 * @example url('search/') // '/daily/search/' when BASE_PATH=/daily/
 */
export function url(path = ''): string {
  return SITE.base + path.replace(/^\/+/, '');
}

/** Permalink of one paper. */
export const paperUrl = (slug: string): string => url(paperPath(slug));

/**
 * A listing day's page under the base path, `date` as `YYYY-MM-DD`. A busy day has more pages
 * (`days/<date>/2/`…); its first page is the day's own address.
 */
export const dayPath = (date: string, page = 1): string => `days/${date}/${page > 1 ? `${page}/` : ''}`;

/** Page `page` of one listing day. */
export const dayUrl = (date: string, page = 1): string => url(dayPath(date, page));

/** A month's page under the base path, `month` as `YYYY-MM`. */
export const monthPath = (month: string): string => `months/${month}/`;

/** Page of one month. */
export const monthUrl = (month: string): string => url(monthPath(month));

export const homeUrl = (): string => url();
export const archiveUrl = (): string => url(PATHS.archive);
export const feedUrl = (): string => url(PATHS.feed);
/** The reader's reading list, kept in their browser (src/pages/saved.astro). */
export const savedUrl = (): string => url(PATHS.saved);

/** The search page, optionally with a query already filled in. */
export function searchUrl(query?: string): string {
  return url(PATHS.search) + (query ? `?q=${encodeURIComponent(query)}` : '');
}

/** The search page listing one author's papers (the `author` filter, src/scripts/faceted-search.ts). */
export const authorSearchUrl = (name: string): string => `${searchUrl()}?author=${encodeURIComponent(name)}`;

/** KaTeX's stylesheet and fonts (src/lib/math/assets.ts), linked from pages with math. */
export const katexCssUrl = (): string => url(`${PATHS.katex}katex.css`);
export const katexFontUrl = (name: string): string => url(`${PATHS.katex}fonts/${name}`);

/** The folder of one part of the search index (see src/lib/search/parts.ts). */
export const searchIndexUrl = (part: string): string => url(`${PATHS.searchIndex}${part}/`);

/** Absolute URL for canonical links and feeds. */
export function absoluteUrl(path: string): string {
  return new URL(path, SITE.url).href;
}
