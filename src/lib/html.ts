/**
 * Text made safe for HTML content and double-quoted attribute values.
 * @example escapeHtml('a < b & "c"') // 'a &#x3C; b &#x26; &#x22;c&#x22;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#x${char.charCodeAt(0).toString(16).toUpperCase()};`);
}
