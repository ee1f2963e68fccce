// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import remarkMath from 'remark-math';
import pagefind from './src/integrations/pagefind.ts';
import serviceWorker from './src/integrations/service-worker.ts';
import { rehypeMathPlugins } from './src/lib/math/render.ts';
import { SITE } from './src/site.ts';

export default defineConfig({
  site: SITE.url,
  base: SITE.base,
  trailingSlash: 'always',
  markdown: {
    // Astro 7's default processor (Sätteri) runs no remark/rehype plugins; `unified` from
    // @astrojs/markdown-remark does, and MDX inherits it. KaTeX typesets at build time.
    // Smart punctuation stays off: an abstract must show the quotes and dashes it was written with.
    processor: unified({
      gfm: true,
      smartypants: false,
      remarkPlugins: [remarkMath],
      rehypePlugins: [...rehypeMathPlugins],
    }),
  },
  // Order matters: the service worker precaches the index Pagefind has just written.
  integrations: [
    mdx(),
    // Every page but the one shown for pages missing offline.
    sitemap({ filter: (page) => !page.endsWith('/offline/') }),
    pagefind(),
    serviceWorker(),
  ],
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
