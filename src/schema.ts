/*
 * What a paper is: the one definition of a paper's fields, as a zod schema, and the field lists
 * that go with it. It imports zod only, so that the import, its workers and the search indexer
 * check records with the very schema the site is built from without loading Astro's content
 * runtime; src/content.config.ts wires it to the collection through the papers loader.
 */
import { z } from 'astro/zod';

/** Where paper entries live, relative to the project root. Named once, used by the site and the importer. */
export const PAPERS_DIR = 'content/papers';

/** A calendar day, `YYYY-MM-DD`; a YAML timestamp written by hand (`date: 2025-10-06`) is accepted too. */
const day = z.preprocess((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value), z.iso.date());

/** An arXiv identifier without version: new style `2310.01234`, old style `hep-th/9901001`. */
export const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;

/** A DOI in the characters Crossref recommends, so that it is safe in a URL and in BibTeX as it is. */
export const DOI = /^10\.\d{4,9}\/[-._;()/:A-Za-z0-9]+$/;

const count = z.number().int().min(0);
const text = z.string().trim().min(1);

/** The fields of one paper: the frontmatter of its MDX entry. The abstract is the entry's body. */
export const paperSchema = z.strictObject({
  /** Title as plain text; `$…$` spans are TeX and `\$` is a literal dollar sign. */
  title: text,
  /** Author names in order; empty when the source only gives a count. */
  authors: z.array(text).default([]),
  /** How many authors the paper has (at least the number of names listed). */
  authorCount: count,
  /** The organization the listing credits, when it names one. */
  organization: text.optional(),
  /** The day the paper is listed under. */
  date: day,
  /** Community upvotes on the day's listing. */
  upvotes: count.optional(),
  /** The paper's place in its source's listing, 1 for the first: a day without upvotes keeps that order. The import sets it. */
  position: z.number().int().min(1).optional(),
  /** arXiv identifier without version, when known. */
  arxivId: z.string().regex(ARXIV_ID).optional(),
  /** arXiv categories, the primary one first. */
  categories: z.array(text).optional(),
  /** The authors' comment on arXiv, such as where the paper appeared. */
  comment: text.optional(),
  /** Where the paper was published, as its authors cite it on arXiv (`Exp Astron 59, 7 (2025)`). */
  journalRef: text.optional(),
  /** The published version's DOI (`10.1007/s10686-024-09975-3`). */
  doi: z.string().regex(DOI).optional(),
  /** Outbound links, when known. */
  links: z
    .strictObject({
      arxiv: z.url().optional(),
      pdf: z.url().optional(),
      huggingface: z.url().optional(),
      github: z.url().optional(),
      project: z.url().optional(),
    })
    .optional(),
  /** Stars of the paper's GitHub repository when it was listed. */
  githubStars: count.optional(),
  /** Comments on the paper's discussion page. */
  comments: count.optional(),
  /** Who put the paper on the daily listing. */
  submittedBy: text.optional(),
  /** Machine-written summaries from the source, shown labelled as such; `$…$` is TeX. */
  ai: z
    .strictObject({
      summary: text.optional(),
      motivation: text.optional(),
      method: text.optional(),
      result: text.optional(),
      conclusion: text.optional(),
    })
    .optional(),
  /** Keywords from the source (Hugging Face's AI keywords). */
  keywords: z.array(text).optional(),
  /** The source file the paper was imported from, relative to the project root. */
  source: z.string().min(1),
  /**
   * What the import knows the paper by (`arxiv:<id>`, `title:<title>|<day>`), so that an edited
   * title is a hand edit rather than a new paper. The import owns it.
   */
  importKeys: z.array(z.string().min(1)).optional(),
  /** Fingerprint of what the import last wrote above the notes, so it can tell hand edits apart. */
  importHash: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
});

/**
 * Fields a paper cannot be published without. Any other invalid field is dropped (an invalid
 * author count is replaced by the number of names).
 */
export const REQUIRED_FIELDS = ['title', 'date', 'source'] as const;

/** A paper's frontmatter after validation. */
export type Paper = z.infer<typeof paperSchema>;

/** A paper's fields as an importer read them (before `source` is known), plus its abstract. */
export type PaperRecord = Omit<z.input<typeof paperSchema>, ImportOwnedField> & { abstract: string };

/** Fields the import writes itself; a source record cannot set them. */
export const IMPORT_OWNED_FIELDS = ['source', 'position', 'importKeys', 'importHash'] as const;
type ImportOwnedField = (typeof IMPORT_OWNED_FIELDS)[number];

/**
 * What an importer hands over: any of those fields, not yet validated. Importers map names and
 * leave checking to the schema, so a bad value is handled the same way whatever its source.
 */
export type ImportedRecord = { [Field in keyof PaperRecord]?: unknown };
