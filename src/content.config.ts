import { defineCollection } from 'astro/content/config';
import { papersLoader } from './lib/papers-loader.ts';
import { PAPERS_DIR } from './schema.ts';
import { SITE } from './site.ts';

// The papers collection: its loader reads the entries under content/papers and declares their
// schema (src/schema.ts, the one definition of a paper's fields).
const papers = defineCollection({
  loader: papersLoader({ base: PAPERS_DIR, excerptWords: SITE.excerptWords }),
});

export const collections = { papers };
