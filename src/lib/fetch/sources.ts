/*
 * What the fetchers ask for and what they accept, pure: the days to fetch, the API URLs, and the
 * checks a response must pass before it is saved as a source file.
 */
import { XMLParser } from 'fast-xml-parser';
import { parseArxivAtom } from '../importers/arxiv-atom.ts';
import { oaiResumptionToken } from '../importers/arxiv-oai.ts';
import { isObject } from '../importers/shared.ts';

const DAY = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Which days to fetch: one (`date`), every day from `since` to today, the last `days`, or today and yesterday. */
export function daysToFetch(
  { date, since, days }: { date?: string | undefined; since?: string | undefined; days?: number | undefined },
  today: string,
): string[] {
  if (date) return [date];
  const end = Date.parse(`${today}T00:00:00Z`);
  const start = since ? Date.parse(`${since}T00:00:00Z`) : end - ((days ?? 2) - 1) * DAY;
  if (Number.isNaN(start) || start > end) return [];
  const list: string[] = [];
  for (let time = start; time <= end; time += DAY) list.push(isoDay(time));
  return list;
}

/** Hugging Face's daily papers of one day, from the API at `base` (`HF_API_URL`). */
export const hfDayUrl = (base: string, date: string): string =>
  `${base.replace(/\/+$/, '')}/daily_papers?date=${encodeURIComponent(date)}`;

/** One page of an arXiv API search, newest submissions first, from the API at `base` (`ARXIV_API_URL`). */
export function arxivPageUrl(base: string, query: string, start: number, pageSize: number): string {
  const params = new URLSearchParams({
    search_query: query,
    start: String(start),
    max_results: String(pageSize),
    sortBy: 'submittedDate',
    sortOrder: 'descending',
  });
  return `${base}?${params}`;
}

/**
 * Why a body is not one day of Hugging Face's daily papers, or undefined when it is: a JSON array
 * of items that each hold a paper with an id. An empty array (a weekend) is a valid day; an error
 * object, an HTML page or a body cut short is not.
 */
export function hfDayProblem(body: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (!Array.isArray(value)) {
    const message = isObject(value) && typeof value['error'] === 'string' ? `: ${value['error']}` : '';
    return `not a list of daily papers${message}`;
  }
  const bad = value.findIndex((item) => !isObject(item) || !isObject(item['paper']) || !item['paper']['id']);
  return bad === -1 ? undefined : `item ${bad + 1} is not a daily paper`;
}

/**
 * Why a body is not a page of arXiv's Atom API, or undefined when it is (a page may have no
 * entries). arXiv reports a bad query as a feed whose one entry is the error; its message is kept.
 */
export function arxivPageProblem(body: string): string | undefined {
  if (!/<feed[\s>]/.test(body)) return 'not an Atom feed';
  return arxivErrorMessage(body) ?? parseArxivAtom(body).error;
}

/** arXiv's own error message when a feed is its error report (`<id>…/api/errors#…</id>`), else undefined. */
export function arxivErrorMessage(body: string): string | undefined {
  if (!/<id[^>]*>[^<]*\/api\/errors#/.test(body)) return undefined;
  const summary = /<summary[^>]*>([^<]*)<\/summary>/.exec(body)?.[1]?.trim();
  return `arXiv says: ${summary || 'error'}`;
}

/**
 * How arXiv asks to slow down besides a 429 or 503, or undefined: its edge answered 406 while it
 * throttled in September 2026, and it sometimes answers a 200 whose body is `Rate exceeded.`.
 */
export function arxivThrottled(status: number, body: string): string | undefined {
  if (status === 406) return 'HTTP 406, which arXiv sends while it throttles';
  if (/^\s*Rate exceeded\.?\s*$/i.test(body)) return 'arXiv says "Rate exceeded."';
  return undefined;
}

/**
 * Why a page with no entries is not the end of the results: arXiv's search now and then answers
 * a page inside the results with none (its `totalResults` still counts them). Asking again
 * usually works; saving it would look like the end.
 */
export function arxivEmptyPageProblem(body: string, start: number): string | undefined {
  const total = Number(/<opensearch:totalResults[^>]*>(\d+)</.exec(body)?.[1] ?? 0);
  if (publishedDays(body).length > 0 || total <= start || arxivErrorMessage(body)) return undefined;
  return `an empty page at result ${start + 1} of ${total}; arXiv does this now and then, so try again later`;
}

/** The arXiv entries' publication days on a page, newest first as the API sorts them. */
export function publishedDays(body: string): string[] {
  return [...body.matchAll(/<published>(\d{4}-\d{2}-\d{2})/g)].map((match) => match[1]!);
}

/** arXiv's groups, the top of its OAI sets (ListSets at oaipmh.arxiv.org). */
const ARXIV_GROUPS = new Set(['cs', 'econ', 'eess', 'math', 'physics', 'q-bio', 'q-fin', 'stat']);
/** The archives of the physics group; every other archive has its group's name. */
const PHYSICS_ARCHIVES = new Set([
  'astro-ph',
  'cond-mat',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math-ph',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'physics',
  'quant-ph',
]);
/** `group[:archive[:category]]`, as arXiv spells its sets: `cs`, `physics:hep-th`, `cs:cs:AI`, `physics:cond-mat:str-el`. */
const ARXIV_SET = /^([a-z]+(?:-[a-z]+)?)(?::[a-z]+(?:-[a-z]+)?(?::[A-Za-z]+(?:-[a-z]+)?)?)?$/;
/** What a user may have meant instead: an archive (`hep-th`) or a category (`cs.AI`) as arXiv names papers. */
const ARCHIVE_OR_CATEGORY = /^([a-z]+(?:-[a-z]+)?)(?:\.([A-Za-z]+(?:-[a-z]+)?))?$/;

/**
 * Why `set` is not an arXiv OAI set, or undefined when it has the shape of one. The message says
 * what a valid one looks like, and which set was probably meant.
 * @example arxivSetProblem('cs.AI') // 'not an arXiv OAI set; for cs.AI use cs:cs:AI (a group: …)'
 */
export function arxivSetProblem(set: string): string | undefined {
  const group = ARXIV_SET.exec(set)?.[1];
  if (group !== undefined && ARXIV_GROUPS.has(group)) return undefined;
  const meant = meantSet(set);
  return (
    `not an arXiv OAI set${meant ? `; for ${set} use ${meant}` : ''} ` +
    '(a group: cs, econ, eess, math, physics, q-bio, q-fin or stat; an archive in a group: physics:hep-th, ' +
    'math:math; or a category: cs:cs:AI, math:math:RT)'
  );
}

/** The set for an archive or category named as arXiv names papers' categories: `hep-th`, `cs.AI`. */
function meantSet(value: string): string | undefined {
  const [, archive, category] = ARCHIVE_OR_CATEGORY.exec(value) ?? [];
  if (archive === undefined) return undefined;
  if (PHYSICS_ARCHIVES.has(archive)) return ['physics', archive, ...(category ? [category] : [])].join(':');
  return ARXIV_GROUPS.has(archive) && category ? `${archive}:${archive}:${category}` : undefined;
}

/** What an OAI-PMH harvest asks for: a set, and the days its records changed. */
export interface OaiRequest {
  set: string;
  from: string;
  until?: string | undefined;
}

/** The first page of a harvest of arXiv's OAI-PMH interface at `base` (`ARXIV_OAI_URL`), in arXiv's own metadata format. */
export function oaiListUrl(base: string, { set, from, until }: OaiRequest): string {
  const params = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: 'arXiv', set, from });
  if (until) params.set('until', until);
  return `${base}?${params}`;
}

/** The page after one that ended with this resumption token. */
export const oaiResumeUrl = (base: string, resumptionToken: string): string =>
  `${base}?${new URLSearchParams({ verb: 'ListRecords', resumptionToken })}`;

/** What a harvest needs to know of an OAI-PMH answer; `problem` when it is not one at all. */
export interface OaiResponse {
  problem?: string;
  /** The server's refusal: `badArgument`, `badResumptionToken`, `noRecordsMatch`… and its message. */
  error?: { code: string; message: string };
  /** The records on the page. */
  records: number;
  /** Asks for the next page; absent or empty on the last one. */
  resumptionToken?: string;
  /** How many records the whole harvest holds, when the server says. */
  completeListSize?: number;
}

const oaiParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'record' || name === 'error',
  // The records' metadata is the importer's to read; left as text, the envelope parses in half the time.
  stopNodes: ['*.metadata'],
});

/**
 * Reads the envelope of an OAI-PMH answer: its error, or its records and resumption token. An
 * answer is a page only when it is whole, well-formed XML with an `<OAI-PMH>` root.
 */
export function readOaiResponse(body: string): OaiResponse {
  let document: unknown;
  try {
    document = oaiParser.parse(body, true);
  } catch (error) {
    return { problem: `not valid XML (${(error as Error).message.replace(/\s+/g, ' ').slice(0, 200)})`, records: 0 };
  }
  const root = isObject(document) ? document['OAI-PMH'] : undefined;
  if (!isObject(root)) return { problem: 'not an OAI-PMH response: no <OAI-PMH> element', records: 0 };
  const [error] = Array.isArray(root['error']) ? (root['error'] as unknown[]) : [];
  if (error !== undefined) {
    const code = isObject(error) && typeof error['code'] === 'string' ? error['code'] : 'error';
    const message = isObject(error) ? error['#text'] : error;
    return { error: { code, message: typeof message === 'string' ? message : '' }, records: 0 };
  }
  const list = root['ListRecords'];
  if (list === undefined) return { problem: 'not a ListRecords response: no <ListRecords> element', records: 0 };
  const records = isObject(list) && Array.isArray(list['record']) ? list['record'].length : 0;
  const token = isObject(list) ? list['resumptionToken'] : undefined;
  const size = Number(isObject(token) ? token['completeListSize'] : undefined);
  const resumptionToken = oaiResumptionToken(body);
  return {
    records,
    ...(resumptionToken ? { resumptionToken } : {}),
    ...(Number.isInteger(size) ? { completeListSize: size } : {}),
  };
}

/**
 * Whether two answers hold the same page: the same but for when they were sent (`<responseDate>`)
 * and the token, which names the harvest session and so differs each time.
 */
export function sameOaiPage(saved: string, fetched: string): boolean {
  const content = (body: string) =>
    body
      .replace(/<responseDate>[^<]*<\/responseDate>/, '')
      .replace(/<resumptionToken\b[^>]*?(?:\/>|>[^<]*<\/resumptionToken>)/, '');
  return saved === fetched || content(saved) === content(fetched);
}
