/*
 * A site that stops updating must not look as if it were fine. The build reports the newest day
 * it publishes, and with a maximum age (`npm run build -- --max-age DAYS`, or `SITE.maxAgeDays`)
 * fails when that day is older, so a scheduled run goes red instead of quietly publishing an
 * old site.
 */

/** The newest listing day among `dates` (`YYYY-MM-DD`), or undefined for an empty archive. */
export const newestDay = (dates: Iterable<string>): string | undefined =>
  [...dates].reduce<string | undefined>((newest, date) => (!newest || date > newest ? date : newest), undefined);

/** Whole days from `day` to `today`, both `YYYY-MM-DD`. */
export const daysBetween = (day: string, today: string): number =>
  Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);

/**
 * Why the archive is too old to publish, or undefined when it is fresh enough (or no maximum age
 * is set: `maxAgeDays` 0).
 */
export function stalenessProblem(newest: string | undefined, today: string, maxAgeDays: number): string | undefined {
  if (maxAgeDays <= 0) return undefined;
  if (!newest) return `no papers at all, and --max-age ${maxAgeDays} asks for papers of the last ${maxAgeDays} days`;
  const age = daysBetween(newest, today);
  return age > maxAgeDays
    ? `the newest papers are of ${newest}, ${age} days ago, older than --max-age ${maxAgeDays}: is fetching still working?`
    : undefined;
}

/**
 * Today (UTC), `YYYY-MM-DD`: the day a build or a fetch runs; pages and the feed say the site was
 * updated then. `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds convention) fixes it, so two
 * builds of the same archive on different days give the same bytes.
 */
export function today(): string {
  const epoch = typeof process === 'undefined' ? undefined : process.env['SOURCE_DATE_EPOCH'];
  const now = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return now.toISOString().slice(0, 10);
}
