/*
 * The site's Content-Security-Policy: what a page may load and run. Astro writes it into each
 * page's <head> (`security.csp` in astro.config.mjs) with the hashes of the scripts and styles it
 * bundles; the few scripts written into a page as they are (the theme line, the JSON-LD) add their
 * own hashes through `Astro.csp`. Paper text is escaped everywhere; the policy is the defence that
 * still holds if an escape is ever missed: no inline script runs unless its hash is listed.
 */
import { createHash } from 'node:crypto';

/** The CSP source for a script's exact text: `'sha256-…'` without the quotes, as Astro takes it. */
export function scriptHash(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}

/** Every other directive of the policy; Astro writes `script-src` and `style-src` from the options below. */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  // KaTeX's fonts, Pagefind's index and the service worker all come from the site itself.
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // Pagefind searches in a web worker of its own.
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/**
 * Scripts: the site's own files and hashed inline scripts only, never `'unsafe-inline'`. Pagefind
 * runs WebAssembly, which needs `'wasm-unsafe-eval'` (compiling Wasm, not JavaScript's `eval`).
 */
export const CSP_SCRIPTS = { resources: ["'self'", "'wasm-unsafe-eval'"] };

/**
 * Styles: the site's own stylesheets and hashed `<style>` elements (Astro's default `style-src`,
 * `'self'` and the hashes), and inline `style` attributes for attributes only (`style-src-attr`),
 * because KaTeX positions every glyph of a formula with one, computed per formula. A style
 * attribute cannot run script. `'self'` is left to Astro's default rather than listed here: listed,
 * Astro warns that it does not reach `style-src-attr`, where a URL source means nothing anyway.
 */
export const CSP_STYLES = { resources: [{ resource: "'unsafe-inline'", kind: 'attribute' as const }] };
