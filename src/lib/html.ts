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
