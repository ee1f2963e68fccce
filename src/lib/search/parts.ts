/*
 * The search index is built in parts, by date, so that no part outgrows a small machine's memory
 * and a daily rebuild re-indexes one small part. The newest month is a part of its own (the only
 * one a new day changes). The rest is cut into years, or halves, quarters or months of a year that
 * holds more than `maxPapers`, and neighbouring pieces are joined, oldest first, while they fit in
 * one part. Past parts keep their papers, so they are reused between builds; the browser merges
 * the parts at search time (Pagefind's multisite search). A small archive is one part. The sizes
 * are site settings (src/site.ts).
 */

/** A part of the search index: the papers of a span of days. */
export interface IndexPart {
  /** `2024`, `2024-h2`, `2024-q3` or `2024-07`: also its folder under `pagefind/`. */
  id: string;
  /** First and last day with papers in it. */
  from: string;
  to: string;
}

const GRANULARITIES: ((month: string) => string)[] = [
  (month) => month.slice(0, 4),
  (month) => `${month.slice(0, 4)}-h${Number(month.slice(5, 7)) <= 6 ? 1 : 2}`,
  (month) => `${month.slice(0, 4)}-q${Math.ceil(Number(month.slice(5, 7)) / 3)}`,
  (month) => month,
];

/**
 * Which part each day's papers belong to, given how many papers each day has.
 * @example planParts(papersPerDay, { maxPapers: 12_000, onePartUpTo: 2_000 }) // Map { '2023-05-01' => '2023', …, '2024-03-28' => '2024-03' }
 */
export function planParts(
  papersPerDay: ReadonlyMap<string, number>,
  { maxPapers, onePartUpTo }: { maxPapers: number; onePartUpTo: number },
): Map<string, string> {
  const days = [...papersPerDay.keys()].sort();
  const total = [...papersPerDay.values()].reduce((sum, count) => sum + count, 0);
  // A small archive is one part: indexing it all again costs less than merging parts when searching.
  if (total <= onePartUpTo) return new Map(days.map((day) => [day, 'all']));
  const newestMonth = days.at(-1)!.slice(0, 7);
  const perMonth = new Map<string, number>();
  for (const day of days) perMonth.set(day.slice(0, 7), (perMonth.get(day.slice(0, 7)) ?? 0) + papersPerDay.get(day)!);

  // Pieces: years, or finer cuts of the years too big to be one piece, oldest first.
  const pieces: { id: string; months: string[]; papers: number }[] = [];
  const years = [...new Set([...perMonth.keys()].map((month) => month.slice(0, 4)))];
  for (const year of years) {
    const months = [...perMonth.keys()].filter((month) => month.startsWith(year) && month !== newestMonth);
    const fits = (pieceOf: (month: string) => string) => {
      const sizes = new Map<string, number>();
      for (const month of months) sizes.set(pieceOf(month), (sizes.get(pieceOf(month)) ?? 0) + perMonth.get(month)!);
      return [...sizes.values()].every((size) => size <= maxPapers);
    };
    const cut = GRANULARITIES.find(fits) ?? GRANULARITIES.at(-1)!;
    for (const month of months) {
      const id = cut(month);
      const last = pieces.at(-1);
      if (last?.id === id) {
        last.months.push(month);
        last.papers += perMonth.get(month)!;
      } else pieces.push({ id, months: [month], papers: perMonth.get(month)! });
    }
  }
  // Neighbouring pieces joined while they fit; a joined part is named by its first and last piece.
  const monthPart = new Map<string, string>();
  let group: typeof pieces = [];
  const close = () => {
    if (group.length === 0) return;
    const id = group.length === 1 ? group[0]!.id : `${group[0]!.id}_${group.at(-1)!.id}`;
    for (const piece of group) for (const month of piece.months) monthPart.set(month, id);
    group = [];
  };
  for (const piece of pieces) {
    const size = group.reduce((sum, member) => sum + member.papers, 0);
    if (group.length > 0 && size + piece.papers > maxPapers) close();
    group.push(piece);
  }
  close();
  monthPart.set(newestMonth, newestMonth);
  return new Map(days.map((day) => [day, monthPart.get(day.slice(0, 7))!]));
}

/** The parts of the index, newest first, with the days they span. */
export function partsOf(partOfDay: ReadonlyMap<string, string>): IndexPart[] {
  const parts = new Map<string, IndexPart>();
  for (const [day, id] of partOfDay) {
    const part = parts.get(id);
    if (!part) parts.set(id, { id, from: day, to: day });
    else {
      if (day < part.from) part.from = day;
      if (day > part.to) part.to = day;
    }
  }
  return [...parts.values()].sort((a, b) => b.to.localeCompare(a.to));
}
