import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/**
 * Builds the Pagefind search index over the finished site on `astro:build:done`, so every
 * `astro build` (and the tests' builds) ships a working search. Pagefind reports problems as
 * error lists rather than exceptions: any of them fails the build.
 */
export default function pagefindIntegration(): AstroIntegration {
  return {
    name: 'paperboy:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        try {
          const { index, errors } = await pagefind.createIndex({});
          if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
          const written = await index.writeFiles({ outputPath: `${site}/pagefind` });
          if (written.errors.length > 0) throw new Error(`Pagefind could not write: ${written.errors.join('; ')}`);
          logger.info(`Indexed ${added.page_count} pages for search.`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
