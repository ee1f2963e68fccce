import { SITE } from '../site.ts';

/**
 * Every internal link and asset goes through here, so the base path is honoured everywhere.
 * @example url('search/') // '/daily/search/' when BASE_PATH=/daily/
 */
export function url(path = ''): string {
  return SITE.base + path.replace(/^\/+/, '');
}

/** Permalink of one paper; `slug` is the entry id fixed at import and never recomputed. */
export function paperUrl(slug: string): string {
  return url(`papers/${slug}/`);
}

/** Page of one listing day, `date` as `YYYY-MM-DD`. */
export function dayUrl(date: string): string {
  return url(`days/${date}/`);
}

export const homeUrl = (): string => url();
export const archiveUrl = (): string => url('archive/');
export const feedUrl = (): string => url('rss.xml');

/** The search page, optionally with a query already filled in. */
export function searchUrl(query?: string): string {
  return url('search/') + (query ? `?q=${encodeURIComponent(query)}` : '');
}

/** Absolute URL for canonical links and feeds. */
export function absoluteUrl(path: string): string {
  return new URL(path, SITE.url).href;
}
