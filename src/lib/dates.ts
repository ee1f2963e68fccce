import { SITE } from '../site.ts';

// Dates are calendar days, not instants: format them in UTC so no time zone shifts the day.
const long = new Intl.DateTimeFormat(SITE.lang, { dateStyle: 'long', timeZone: 'UTC' });
const month = new Intl.DateTimeFormat(SITE.lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const weekday = new Intl.DateTimeFormat(SITE.lang, { weekday: 'long', timeZone: 'UTC' });

// An archive has a few thousand days, each shown on many pages: format each once (ICU is slow).
const formattedDays = new Map<string, string>();

/** `2025-10-06` → `October 6, 2025`. */
export function formatDay(date: string): string {
  let formatted = formattedDays.get(date);
  if (formatted === undefined) formattedDays.set(date, (formatted = long.format(new Date(`${date}T00:00:00Z`))));
  return formatted;
}

/** `2025-10` → `October 2025`. */
export const formatMonth = (yearMonth: string): string => month.format(new Date(`${yearMonth}-01T00:00:00Z`));

/** `2025-10-06` → `Monday`. */
export const formatWeekday = (date: string): string => weekday.format(new Date(`${date}T00:00:00Z`));

const short = new Intl.DateTimeFormat(SITE.lang, { weekday: 'short', timeZone: 'UTC' });

/** Monday to Sunday, short (`Mon`), for calendars. */
export const WEEKDAYS_SHORT = Array.from({ length: 7 }, (_, index) =>
  // 2024-01-01 was a Monday.
  short.format(new Date(Date.UTC(2024, 0, 1 + index))),
);
