/*
 * The reading list: the papers a reader saved, kept in their browser only (src/scripts/reading-list.ts
 * stores it, src/pages/saved.astro shows it). Here, pure: ordering and merging lists, what a paper's
 * page says of it, and the list as a `.bib` file and back. An imported file is untrusted: nothing
 * in it throws, and an entry that cannot be read is a problem naming its line. The Save button's
 * data attributes and the stored list's reading are in src/scripts/save-button.ts, which every page
 * with a button loads: the bundler splits code by module, so this one stays on /saved/.
 */
import { escapeHtml } from './html.ts';
import type { ImportProblem } from './importers/types.ts';
import { paperPath } from './paths.ts';

/** What a paper's page or card knows of the paper, and gives its Save button (src/components/SaveButton.astro). */
export interface SaveButtonPaper {
  /** The paper's permalink under the site's base path: `paperUrl(id)`. */
  url: string;
  /** The paper's slug (its entry id), which is also its BibTeX key. */
  id: string;
  /** The typeset title, HTML: `viewOf(paper).titleHtml`. */
  titleHtml: string;
  /** The short byline, `authorLine(paper.data)`, when the paper names any authors. */
  authors?: string | undefined;
  /** The day the paper was listed, `YYYY-MM-DD` (an imported entry may only know `YYYY-MM` or `YYYY`). */
  day: string;
}

/** A saved paper as the browser keeps it: all that /saved/ shows, offline too, and after the paper left the site. */
export interface SavedPaper extends SaveButtonPaper {
  /** When it was saved, ISO 8601: the list shows the newest first. */
  savedAt: string;
  /** Its BibTeX entry as its page's Cite block gives it; missing until its page has been read. */
  bibtex?: string;
  /** Its page answered "not found" when last checked: the paper is no longer on the site. */
  gone?: boolean;
  /** Title, authors and day were read from an imported BibTeX entry, and its page not yet. */
  imported?: boolean;
}

/** The list as /saved/ shows and exports it: newest saved first. */
export function newestFirst(papers: readonly SavedPaper[]): SavedPaper[] {
  return [...papers].sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.id.localeCompare(b.id));
}

/**
 * `incoming` (an imported file) added to `current`: a paper saved already stays as it was,
 * taking only a BibTeX entry it lacked. Returns the list, newest first, and how many were new.
 */
export function mergeLists(
  current: readonly SavedPaper[],
  incoming: readonly SavedPaper[],
): { papers: SavedPaper[]; added: number } {
  const byId = new Map(current.map((paper) => [paper.id, paper]));
  let added = 0;
  for (const paper of incoming) {
    const saved = byId.get(paper.id);
    if (saved === undefined) {
      byId.set(paper.id, paper);
      added += 1;
    } else if (!saved.bibtex && paper.bibtex) {
      byId.set(paper.id, { ...saved, bibtex: paper.bibtex });
    }
  }
  return { papers: newestFirst([...byId.values()]), added };
}

/**
 * A saved paper brought up to date with its page, when it answered: `status` 404 or 410 means the
 * paper left the site, any success that it is (still or again) there, and the page's own Save
 * button and Cite block, when read, replace what an import guessed. Anything else changes nothing.
 */
export function withPage(
  paper: SavedPaper,
  status: number,
  page?: { paper?: SaveButtonPaper | undefined; bibtex?: string | undefined },
): SavedPaper {
  if (status === 404 || status === 410) return { ...paper, gone: true };
  if (status < 200 || status > 299) return paper;
  const read = page?.paper;
  if (!read) return { ...paper, gone: false };
  const updated: SavedPaper = { ...paper, titleHtml: read.titleHtml, day: read.day, gone: false };
  if (read.authors) updated.authors = read.authors;
  else delete updated.authors;
  if (page.bibtex) updated.bibtex = page.bibtex;
  delete updated.imported;
  return updated;
}

/** A BibTeX entry of a file, as written. */
export interface BibtexEntry {
  /** Where it starts: `line 12`. */
  at: string;
  /** Its type, in lowercase: `misc`. */
  type: string;
  key: string;
  /** The whole entry as it stands in the file, from `@` to its closing brace. */
  source: string;
  /** Its fields by lowercase name, values without their outer braces or quotes. */
  fields: Record<string, string>;
}

/** A key that can be a paper's slug on this site: an arXiv id (`2301.00001`, `hep-th-9901001`) or title words. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** BibTeX's own entries, which hold no reference. */
const NOT_REFERENCES = new Set(['comment', 'preamble', 'string']);

const lineAt = (text: string, index: number) => `line ${text.slice(0, index).split('\n').length}`;

/** Where the group opened at `open` (`{` or `(`) closes; -1 if it never does. BibTeX counts every brace, escaped or not. */
function closeOf(text: string, open: number): number {
  const closing = text[open] === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '{') depth += 1;
    else if (char === '}' && depth > 0) depth -= 1;
    else if (char === closing && depth === 0) return i;
  }
  return -1;
}

/** A field's value at `from`: braced, quoted or a bare word or number, `#` joining parts. */
function readValue(body: string, from: number): { value: string; end: number } | undefined {
  let value = '';
  let i = from;
  for (;;) {
    while (/\s/.test(body[i] ?? '')) i += 1;
    if (body[i] === '{') {
      const end = closeOf(body, i);
      if (end === -1) return undefined;
      value += body.slice(i + 1, end);
      i = end + 1;
    } else if (body[i] === '"') {
      let depth = 0;
      let end = i + 1;
      for (; end < body.length && (body[end] !== '"' || depth > 0); end++) {
        if (body[end] === '{') depth += 1;
        if (body[end] === '}') depth -= 1;
      }
      if (end >= body.length) return undefined;
      value += body.slice(i + 1, end);
      i = end + 1;
    } else {
      const word = /[^\s,#{}"=]+/y;
      word.lastIndex = i;
      const match = word.exec(body);
      if (!match) return undefined;
      value += match[0];
      i = word.lastIndex;
    }
    while (/\s/.test(body[i] ?? '')) i += 1;
    if (body[i] !== '#') return { value, end: i };
    i += 1;
  }
}

/** An entry's fields, read up to the first that cannot be read. */
function readFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const name = /\s*([A-Za-z][\w:.+-]*)\s*=/y;
  let i = 0;
  for (;;) {
    name.lastIndex = i;
    const match = name.exec(body);
    if (!match) return fields;
    const read = readValue(body, name.lastIndex);
    if (!read) return fields;
    fields[match[1]!.toLowerCase()] = read.value;
    i = read.end;
    if (body[i] !== ',') return fields;
    i += 1;
  }
}

/**
 * The entries of a `.bib` file, as written; text between entries is a comment, as BibTeX reads
 * it. An entry with no key, a key that is no slug, a key seen before or no closing brace is a
 * problem, and the entries after it are still read.
 */
export function parseBibtex(text: string): { entries: BibtexEntry[]; problems: ImportProblem[] } {
  const entries: BibtexEntry[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  const start = /@\s*([A-Za-z]+)\s*([{(])/g;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const at = lineAt(text, match.index);
    const type = match[1]!.toLowerCase();
    const open = start.lastIndex - 1;
    const close = closeOf(text, open);
    if (close === -1) {
      problems.push({ at, message: `@${match[1]} entry never closes (a brace is missing); skipped` });
      continue;
    }
    start.lastIndex = close + 1;
    if (NOT_REFERENCES.has(type)) continue;
    const body = text.slice(open + 1, close);
    const comma = body.indexOf(',');
    const key = (comma === -1 ? body : body.slice(0, comma)).trim();
    if (!SLUG.test(key)) {
      const message = key
        ? `key ${JSON.stringify(key.slice(0, 80))} cannot be a paper's address here; skipped`
        : 'entry has no key; skipped';
      problems.push({ at, message });
      continue;
    }
    if (seen.has(key)) {
      problems.push({ at, message: `key ${key} again (first at ${seen.get(key)}); skipped` });
      continue;
    }
    seen.set(key, at);
    const fields = comma === -1 ? {} : readFields(body.slice(comma + 1));
    entries.push({ at, type, key, source: text.slice(match.index, close + 1), fields });
  }
  return { entries, problems };
}

/** What citation.ts writes for characters BibTeX would read as markup. */
const NAMED_CHARACTERS: Record<string, string> = {
  textbackslash: '\\',
  textbraceleft: '{',
  textbraceright: '}',
  textasciitilde: '~',
  textasciicircum: '^',
  textless: '<',
  textgreater: '>',
};

/** Prose from BibTeX: escapes undone, braces (case protection, ligature breaks) gone. */
const unescapeProse = (text: string) =>
  text.replace(
    /\\([a-z]+)\{\}|\\([&%$#_])|[{}]/g,
    (whole, name: string | undefined, char: string | undefined) =>
      (name ? NAMED_CHARACTERS[name] : undefined) ?? char ?? (name ? whole : ''),
  );

/**
 * A BibTeX title as plain text, its formulas kept as TeX between `$`: what /saved/ shows of an
 * imported paper until its page is read.
 * @example titleFromBibtex('Sparse {$\\ell_1$} Recovery in {LLMs} \\& More') // 'Sparse $\\ell_1$ Recovery in LLMs & More'
 */
export function titleFromBibtex(title: string): string {
  return title
    .split(/((?<!\\)\$(?:\\.|[^$\\])*\$)/)
    .map((part, index) => (index % 2 === 1 ? part : unescapeProse(part)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `text` cut at each top-level (unbraced) match of `separator`. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') depth -= 1;
    else if (depth === 0) {
      separator.lastIndex = i;
      const match = separator.exec(text);
      if (match) {
        parts.push(text.slice(from, i));
        from = i + match[0].length;
        i = from - 1;
      }
    }
  }
  return [...parts, text.slice(from)];
}

/**
 * A BibTeX author list as a short byline: names in reading order (`Souza, Ana` is Ana Souza), the
 * first three of a longer list then "et al.", as cards show them.
 * @example bylineFromBibtex('Souza, Ana and King, Jr., Martin Luther') // 'Ana Souza, Martin Luther King Jr.'
 */
export function bylineFromBibtex(authors: string): string | undefined {
  const listed = splitTopLevel(authors.replace(/\s+/g, ' ').trim(), /\s+and\s+/iy)
    .map((name) => name.trim())
    .filter(Boolean);
  const others = listed.at(-1) === 'others';
  const names = listed
    .filter((name) => name !== 'others')
    .map((name) => {
      const [last = '', ...rest] = splitTopLevel(name, /\s*,\s*/y).map(unescapeProse);
      const suffix = rest.length > 1 ? rest[0] : undefined;
      return [rest.at(-1), last, suffix].filter(Boolean).join(' ');
    });
  if (names.length === 0) return undefined;
  if (names.length > 4) return `${names.slice(0, 3).join(', ')} et al.`;
  return names.join(', ') + (others ? ' et al.' : '');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `YYYY-MM` from an entry's year and month (`mar`, `3` or `March`), or `YYYY`, or nothing. */
function monthOf(fields: Record<string, string>): string {
  const year = /^\d{4}$/.exec(fields['year']?.trim() ?? '')?.[0];
  if (!year) return '';
  const month = fields['month']?.trim().toLowerCase() ?? '';
  const index = /^\d{1,2}$/.test(month) ? Number(month) - 1 : MONTHS.indexOf(month.slice(0, 3));
  return index >= 0 && index < 12 ? `${year}-${String(index + 1).padStart(2, '0')}` : year;
}

/**
 * The papers of an imported `.bib` file, for a site under `base`: each entry's key is its slug, so
 * its permalink is `<base>papers/<key>/`. The entry is kept as written, as the paper's BibTeX; its
 * title, authors and month stand in until the paper's page is read. The file lists the newest
 * first, as /saved/ exports it, so its order is kept: each entry is saved a millisecond before the
 * one above it, the first at `now`.
 */
export function importBibtex(
  text: string,
  base: string,
  now: Date,
): { papers: SavedPaper[]; problems: ImportProblem[] } {
  const { entries, problems } = parseBibtex(text);
  const papers = entries.map(({ key, source, fields }, index): SavedPaper => {
    const authors = fields['author'] === undefined ? undefined : bylineFromBibtex(fields['author']);
    return {
      url: base + paperPath(key),
      id: key,
      titleHtml: escapeHtml(titleFromBibtex(fields['title'] ?? '') || key),
      day: monthOf(fields),
      ...(authors ? { authors } : {}),
      savedAt: new Date(now.getTime() - index).toISOString(),
      bibtex: source,
      imported: true,
    };
  });
  return { papers, problems };
}

/** Characters BibTeX reads as markup, as citation.ts writes them. */
const ESCAPES: Record<string, string> = Object.fromEntries([
  ...Object.entries(NAMED_CHARACTERS).map(([name, char]): [string, string] => [char, `\\${name}{}`]),
  ...[...'$&%#_'].map((char): [string, string] => [char, `\\${char}`]),
]);

/**
 * An entry for a paper saved without its page ever read (from a card, offline): its key, title,
 * month and permalink, so that the list's file still names it, and imports it back.
 */
export function fallbackEntry(paper: SavedPaper, plainTitle: string, pageUrl: string): string {
  const escape = (text: string) => text.replace(/[\\{}~^<>$&%#_]/g, (char) => ESCAPES[char]!);
  const [year, month] = paper.day.split('-');
  const fields = [
    `  title = {${escape(plainTitle.replace(/\s+/g, ' ').trim())}}`,
    ...(year ? [`  year = {${year}}`] : []),
    ...(month ? [`  month = ${MONTHS[Number(month) - 1]}`] : []),
    `  url = {${pageUrl.replace(/[{}\\\s]/g, (char) => encodeURIComponent(char))}}`,
  ];
  return `@misc{${paper.id},\n${fields.join(',\n')}\n}`;
}

/**
 * The reading list as one `.bib` file: a comment naming where it came from, then each paper's
 * entry, newest saved first. `entryOf` gives an entry for a paper whose own is missing.
 */
export function readingListBibtex(
  papers: readonly SavedPaper[],
  { site, now, entryOf }: { site: string; now: Date; entryOf: (paper: SavedPaper) => string },
): string {
  const entries = newestFirst(papers).map((paper) => paper.bibtex ?? entryOf(paper));
  const header = `% ${papers.length === 1 ? '1 paper' : `${papers.length} papers`} saved on ${site}, newest first (${now.toISOString().slice(0, 10)}).`;
  return `${[header, ...entries].join('\n\n')}\n`;
}
