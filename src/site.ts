/**
 * Site settings: the one place to name, describe and locate the site.
 * `SITE_URL` and `BASE_PATH` from the environment override the defaults at build time,
 * e.g. `BASE_PATH=/daily/ npm run build` for a GitHub Pages project site.
 */

/** A base path with exactly one leading and one trailing slash (`daily` → `/daily/`). */
export function normalizeBasePath(path: string): string {
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

const env = typeof process === 'undefined' ? {} : process.env;

export const SITE = {
  title: 'Paperboy Daily Papers',
  description: 'Research papers, one page per paper and one page per day, searchable offline.',
  /** Absolute origin the site is served from; used for canonical links. */
  url: env['SITE_URL'] || 'http://localhost:4321',
  /** Path the site lives under on that origin. */
  base: normalizeBasePath(env['BASE_PATH'] || '/'),
  /** How many recent days the home page links to. */
  recentDays: 14,
  /** Papers per day page: a busy day gets more pages, so that no page grows past ~200 KB of HTML. */
  dayPageSize: 50,
  /** How many authors a paper's page names at once; a longer list opens in place ("and 2,811 more"). */
  pageAuthors: 20,
  /** How many words of an abstract a day page shows per paper. */
  excerptWords: 40,
  /** How many of the newest papers the RSS feed carries. */
  feedItems: 50,
  lang: 'en',
  /**
   * The oldest the newest papers may be, in days, for a build to pass (`npm run build -- --max-age
   * DAYS` overrides it); 0 turns the check off, as for the bundled sample. `MAX_AGE_DAYS` overrides it.
   */
  maxAgeDays: Number(env['MAX_AGE_DAYS'] || 0),
  /**
   * Your own TeX macros, added to the table of common author macros (src/lib/math/macros.ts),
   * e.g. `{ '\\Mpc': '\\mathrm{Mpc}' }`. A command no table defines shows as its own name.
   */
  mathMacros: {} as Readonly<Record<string, string>>,
  /**
   * The search index is built in parts of at most this many papers (src/lib/search/parts.ts), so
   * that indexing fits a small machine's memory. `SEARCH_PART_PAPERS` overrides it.
   */
  searchPartPapers: Number(env['SEARCH_PART_PAPERS'] || 12_000),
  /** An archive of at most this many papers has a one-part index. `SEARCH_ONE_PART_UP_TO` overrides it. */
  searchOnePartUpTo: Number(env['SEARCH_ONE_PART_UP_TO'] || 2_000),
} as const;
