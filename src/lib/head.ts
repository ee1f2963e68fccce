/*
 * What a page's <head> says of it, in plain text: the title a browser tab and a search result
 * show, and the description a link preview shows.
 */

/** Longest `<title>` search engines show whole. */
const TITLE_LIMIT = 70;
/** About how much of a description search results and link previews show. */
const DESCRIPTION_LIMIT = 160;

/** `text` cut at a word to at most `limit` characters, with `…` when cut. */
function cutAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * A page's `<title>`: the page's own title with the site's name after it while that fits 70
 * characters, else the page's title alone, cut at a word if even that is too long.
 * @example pageTitle('Archive', 'Paperboy') // 'Archive · Paperboy'
 */
export function pageTitle(title: string | undefined, site: string): string {
  if (!title) return site;
  const full = `${title} · ${site}`;
  return full.length <= TITLE_LIMIT ? full : cutAtWord(title, TITLE_LIMIT);
}

/**
 * A description from a text: its first sentence, cut at a word to about 160 characters.
 * @example description('We prove it. Then more.') // 'We prove it.'
 */
export function description(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // A sentence ends at . ! or ? before a space and a capital letter or digit (not "e.g. a").
  const end = /[.!?](?=\s+[\p{Lu}\p{N}])/u.exec(flat);
  return cutAtWord(end ? flat.slice(0, end.index + 1) : flat, DESCRIPTION_LIMIT);
}
