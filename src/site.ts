/**
 * Site settings: the one place to name, describe and locate the site.
 * Environment variables override some of them at build time (`SITE_URL`, `BASE_PATH`,
 * `MAX_AGE_DAYS`, `SEARCH_PART_PAPERS`, `SEARCH_ONE_PART_UP_TO`, `OFFLINE_BUDGET_KB`), e.g. `BASE_PATH=/daily/ npm run
 * build` for a GitHub Pages project site. They are checked once, here: a bad value stops
 * whatever loads the settings with a `SettingsError` naming the variable.
 */
import { z } from 'astro/zod';

/** A base path with exactly one leading and one trailing slash (`daily` → `/daily/`). */
export function normalizeBasePath(path: string): string {
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** A setting from the environment that is not what it must be; its message is one line for the maintainer. */
export class SettingsError extends Error {}

/** A count written as digits only: `12k` or `1e3` is a mistake to report, not a number to guess. */
const count = (least: number) => {
  const must = `a whole number, ${least} or more`;
  return z
    .string()
    .regex(/^\d+$/, { error: must })
    .transform(Number)
    .pipe(z.number().min(least, { error: must }));
};

/** The environment variables the settings read; each message says what the value must be. */
const ENVIRONMENT = z
  .object({
    SITE_URL: z.url({
      protocol: /^https?$/,
      error: 'an absolute http:// or https:// address, such as https://me.github.io',
    }),
    BASE_PATH: z.string(),
    MAX_AGE_DAYS: count(0),
    SEARCH_PART_PAPERS: count(1),
    SEARCH_ONE_PART_UP_TO: count(0),
    OFFLINE_BUDGET_KB: count(0),
  })
  .partial();

/**
 * The settings `env` gives; an unset or empty variable keeps its default. Throws a
 * `SettingsError` naming every bad variable, what it is and what it must be.
 * @example readEnvironment({ SEARCH_PART_PAPERS: '5000' }) // { SEARCH_PART_PAPERS: 5000 }
 * @example readEnvironment({ SEARCH_PART_PAPERS: 'abc' }) // throws 'SEARCH_PART_PAPERS="abc": must be a whole number, 1 or more'
 */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): z.infer<typeof ENVIRONMENT> {
  const given = Object.fromEntries(
    Object.keys(ENVIRONMENT.shape).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const parsed = ENVIRONMENT.safeParse(given);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name}=${JSON.stringify(given[name])}: must be ${issue.message}`;
  });
  throw new SettingsError(problems.join('; '));
}

// Browser code never loads this module (src/scripts/ do not import it), but a guard costs nothing.
const env = readEnvironment(typeof process === 'undefined' ? {} : process.env);

export const SITE = {
  title: 'Paperboy Daily Papers',
  description: 'Research papers, one page per paper and one page per day, searchable offline.',
  /** Absolute origin the site is served from; used for canonical links. */
  url: env.SITE_URL ?? 'http://localhost:4321',
  /** Path the site lives under on that origin. */
  base: normalizeBasePath(env.BASE_PATH ?? '/'),
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
  maxAgeDays: env.MAX_AGE_DAYS ?? 0,
  /**
   * Your own TeX macros, added to the table of common author macros (src/lib/math/macros.ts),
   * e.g. `{ '\\Mpc': '\\mathrm{Mpc}' }`. A command no table defines shows as its own name.
   */
  mathMacros: {} as Readonly<Record<string, string>>,
  /**
   * The search index is built in parts of at most this many papers (src/lib/search/parts.ts), so
   * that indexing fits a small machine's memory. `SEARCH_PART_PAPERS` overrides it.
   */
  searchPartPapers: env.SEARCH_PART_PAPERS ?? 12_000,
  /** An archive of at most this many papers has a one-part index. `SEARCH_ONE_PART_UP_TO` overrides it. */
  searchOnePartUpTo: env.SEARCH_ONE_PART_UP_TO ?? 2_000,
  /**
   * The first-visit budget, in KB as sent (gzipped): when everything the service worker installs,
   * the whole search index included, fits in it, one visit makes the whole archive searchable
   * offline (src/integrations/service-worker.ts). `OFFLINE_BUDGET_KB` overrides it.
   */
  offlineBudgetKB: env.OFFLINE_BUDGET_KB ?? 2048,
} as const;
