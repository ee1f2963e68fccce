// @ts-check
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import remarkMath from 'remark-math';
import searchIndex from './src/integrations/search-index.ts';
import serviceWorker from './src/integrations/service-worker.ts';
import pageCache from './src/integrations/page-cache.ts';
import { CSP_DIRECTIVES, CSP_SCRIPTS, CSP_STYLES } from './src/lib/csp.ts';
import { rehypeMathPlugins } from './src/lib/math/katex.ts';
import { SITE } from './src/site.ts';

export default defineConfig({
  site: SITE.url,
  base: SITE.base,
  trailingSlash: 'always',
  // Pages wait on the disk as much as on the CPU: rendering a few at once keeps both busy.
  // Stylesheets stay files, never inlined: a reader's browser (and the service worker) keeps one
  // copy, and under the CSP Astro would otherwise hash each inlined sheet again on every page.
  build: { concurrency: 4, inlineStylesheets: 'never' },
  // Kept outside node_modules, which `npm ci` empties: CI restores it between builds (README).
  cacheDir: './.cache/astro',
  // A strict Content-Security-Policy on every page (src/lib/csp.ts).
  security: {
    csp: { directives: [...CSP_DIRECTIVES], scriptDirective: CSP_SCRIPTS, styleDirective: CSP_STYLES },
  },
  markdown: {
    // No syntax highlighting: papers have no code, and Shiki's inline colours would make Astro warn
    // under the CSP; a code block in a maintainer's notes shows as plain monospaced text.
    syntaxHighlight: false,
    // Astro 7's default processor (Sätteri) runs no remark/rehype plugins; `unified` from
    // @astrojs/markdown-remark does, and MDX inherits it. KaTeX typesets at build time.
    // Smart punctuation stays off: an abstract must show the quotes and dashes it was written with.
    processor: unified({
      gfm: true,
      smartypants: false,
      remarkPlugins: [remarkMath],
      rehypePlugins: rehypeMathPlugins.map(([plugin, options]) => [plugin, options]),
    }),
  },
  // Order matters: the service worker precaches the index Pagefind has just written.
  integrations: [mdx(), pageCache(), searchIndex(), serviceWorker()],
  vite: {
    build: {
      rolldownOptions: {
        // Astro marks every MDX entry with a directive the bundler warns about once per entry, which
        // buries real warnings on a large archive: https://github.com/withastro/astro/issues/18087
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
