/**
 * Text made safe for HTML content and double-quoted attribute values.
 * @example escapeHtml('a < b & "c"') // 'a &#x3C; b &#x26; &#x22;c&#x22;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#x${char.charCodeAt(0).toString(16).toUpperCase()};`);
}

/**
 * JSON to put inside a `<script>` element (a page's config, JSON-LD): nothing in it can end the
 * script early, whatever the strings hold.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A paper body's HTML cut where the maintainer's notes begin: their `## Notes` heading, which
 * every renderer gives the id `notes`. Paper text is escaped, so only a real heading matches.
 * @example splitAtNotes('<p>A</p>\n<h2 id="notes">Notes</h2><p>B</p>') // { abstract: '<p>A</p>\n', notes: '<h2 id="notes">…' }
 */
export function splitAtNotes(html: string): { abstract: string; notes: string } {
  const start = html.search(/<h2 id="notes">/);
  return start === -1 ? { abstract: html, notes: '' } : { abstract: html.slice(0, start), notes: html.slice(start) };
}
