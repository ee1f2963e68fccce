import type { AstroIntegration } from 'astro';
import { readFile } from 'node:fs/promises';
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
          const entry = JSON.parse(await readFile(`${site}/pagefind/pagefind-entry.json`, 'utf8')) as {
            languages: Record<string, { page_count: number }>;
          };
          const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
          logger.info(
            `Search index: ${indexed} of ${added.page_count} pages are searchable (those with data-pagefind-body).`,
          );
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
