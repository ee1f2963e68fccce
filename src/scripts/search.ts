/**
 * The search page: Pagefind's search library under the page's own form. The query, filters and
 * sort live in the URL (so a search can be shared and the back button works); filtered and sorted
 * searches run on the facet tables (faceted-search.ts). Results are drawn a page at a time, each
 * page once all of its cards are ready, so the list never grows card by card.
 *
 * Offline, Pagefind reads a part of its index this device lacks as "no match"; the service worker
 * says which files it could not serve, and a search that missed some says what it searched
 * instead of "No results" (offline-search.ts).
 */

import { AUTHOR_FILTER, facetedSearch, isFaceted, type SearchOptions, type SearchResponse } from './faceted-search.ts';
import { escapeHtml } from '../lib/html.ts';
import { plural } from '../lib/words.ts';
import { deviceStatusLines, searchSummary, type SiteIndex } from '../lib/offline.ts';
import { FILTERS as FACET_FILTERS } from '../lib/search/facets.ts';
import { loadMathStyles } from './math-styles.ts';
import { saveButtonFor } from './search-save-button.ts';
import {
  deviceStatus,
  indexMisses,
  keepIndexEntries,
  pageOnDevice,
  setUpSaveForOffline,
  siteReachable,
} from './offline-search.ts';

type Filters = Record<string, string[]>;
interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}
interface Result {
  id: string;
  data(): Promise<ResultData>;
}
/** Pagefind's search, as `createInstance` gives it (pagefind.js in each index part). */
interface Pagefind {
  search(term: string | null, options?: SearchOptions): Promise<SearchResponse<Result> | null>;
  preload(term: string): Promise<void>;
  mergeIndex(bundlePath: string, options: Record<string, unknown>): Promise<void>;
}
/** What the search page tells this script: the index parts, newest (the one Pagefind loads) first. */
interface SearchConfig {
  primary: { bundlePath: string; baseUrl: string };
  merged: { bundlePath: string; baseUrl: string }[];
  version: string;
  lang: string;
  /** KaTeX's stylesheet, loaded when a result's title has math. */
  katexCss: string;
}

/** The filters the URL may carry: the menus', and the author a paper's page links with. */
const FILTERS = [...Object.keys(FACET_FILTERS), AUTHOR_FILTER];
const SORTS: Record<string, SearchOptions['sort']> = {
  relevance: undefined,
  newest: { date: 'desc' },
  oldest: { date: 'asc' },
  upvotes: { upvotes: 'desc' },
};
/** Results drawn at a time. */
const PAGE_SIZE = 10;
/** A search runs once typing pauses this long. */
const TYPING_PAUSE_MS = 200;

const dayFormat = new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
  dateStyle: 'medium',
  timeZone: 'UTC',
});

/**
 * One result, as a paper card of the site's lists (src/components/PaperCard.astro): the typeset
 * title (plain when it has no math), the ▲ count, day, short byline and organization on one row
 * with the Save button, the excerpt, and (offline, `saved` false) that its page needs a connection.
 */
function renderResult(result: ResultData, saved?: boolean): string {
  const { meta } = result;
  if (meta['title_html']) loadMathStyles(config.katexCss);
  const title = meta['title_html'] ?? escapeHtml(meta['title'] ?? result.url);
  const votes = Number(meta['upvotes'] ?? 0);
  const byline = [
    meta['date']
      ? `<time datetime="${escapeHtml(meta['date'])}">${dayFormat.format(new Date(`${meta['date']}T00:00:00Z`))}</time>`
      : '',
    meta['authors'] ? `<span class="authors search-result-authors">${escapeHtml(meta['authors'])}</span>` : '',
    meta['organization'] ? `<span class="organization">${escapeHtml(meta['organization'])}</span>` : '',
    saved === false ? '<span class="search-result-offline">page not saved on this device</span>' : '',
  ].filter(Boolean);
  const upvotes =
    votes > 0
      ? `<span class="upvotes" title="${plural(votes, 'upvote')}"><span aria-hidden="true">▲</span> ${votes} <span class="visually-hidden">${votes === 1 ? 'upvote' : 'upvotes'}</span></span>`
      : '';
  // Pagefind's excerpt is its own escaped copy of the indexed text, with <mark> around matches.
  return `<li class="search-result"><article class="paper-card">
  <h2 class="paper-card-title search-result-title"><a class="paper-title" href="${escapeHtml(result.url)}">${title}</a></h2>
  <div class="paper-card-meta search-result-meta">${upvotes}<div class="byline">${byline.join('<span aria-hidden="true"> · </span>')}</div>${saveButtonFor({ url: result.url, titleHtml: title, authors: meta['authors'], day: meta['date'] ?? '' })}</div>
  <p class="paper-card-excerpt search-result-excerpt">${result.excerpt}</p>
</article></li>`;
}

interface State {
  term: string;
  filters: Filters;
  sort: string;
}

function stateFromUrl(): State {
  const params = new URLSearchParams(location.search);
  const filters: Filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length > 0) filters[name] = values;
  }
  const sort = params.get('sort') ?? 'relevance';
  return { term: params.get('q') ?? '', filters, sort: sort in SORTS ? sort : 'relevance' };
}

function urlFor({ term, filters, sort }: State): string {
  const params = new URLSearchParams();
  if (term) params.set('q', term);
  for (const [name, values] of Object.entries(filters)) for (const value of values) params.append(name, value);
  if (sort !== 'relevance') params.set('sort', sort);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

const configElement = document.querySelector('#search-config');
if (!configElement) throw new Error('no search index to search');
const config = JSON.parse(configElement.textContent) as SearchConfig;
const parts = [config.primary, ...config.merged];
const partUrls = parts.map((part) => part.bundlePath);
const index: SiteIndex = { base: config.primary.baseUrl, version: config.version, parts: partUrls, lang: config.lang };
const form = document.querySelector<HTMLFormElement>('.search-form')!;
const input = document.querySelector<HTMLInputElement>('#search-query')!;
const summary = document.querySelector<HTMLElement>('.search-summary')!;
const notice = document.querySelector<HTMLElement>('.search-notice')!;
const sortMenu = document.querySelector<HTMLSelectElement>('#search-sort')!;
const filterMenus = [...document.querySelectorAll<HTMLSelectElement>('.search-filters select')];
const filtersLabel = document.querySelector<HTMLElement>('.search-filters-count')!;
const list = document.querySelector<HTMLOListElement>('.search-results')!;
const more = document.querySelector<HTMLButtonElement>('.search-more')!;
const onlineSummary = summary.textContent.trim();
let defaultSummary = onlineSummary;
/** Whether the site answers, as last asked: offline, results whose pages are not kept say so. */
let reachability: Promise<boolean> = siteReachable(index);

let pagefind: Promise<Pagefind & { faceted: ReturnType<typeof facetedSearch<Result>> }> | undefined;

/** Pagefind, loaded with the first search: the newest part, with the others merged in. */
function loadPagefind() {
  pagefind ??= (async () => {
    const module = (await import(/* @vite-ignore */ `${config.primary.bundlePath}pagefind.js`)) as {
      createInstance(options: Record<string, unknown>): Pagefind;
    };
    const instance = module.createInstance({
      basePath: config.primary.bundlePath,
      baseUrl: config.primary.baseUrl,
      metaCacheTag: config.version,
    });
    await Promise.all(
      config.merged.map((part) =>
        instance.mergeIndex(part.bundlePath, { baseUrl: part.baseUrl, metaCacheTag: config.version }),
      ),
    );
    // Pagefind may have fetched its entry files before a first visit's service worker took
    // over; fetched again, they are kept for offline use like every search file used after.
    if ('serviceWorker' in navigator && !navigator.serviceWorker.controller) {
      navigator.serviceWorker.addEventListener('controllerchange', () => void keepIndexEntries(parts, config.version), {
        once: true,
      });
    }
    const faceted = facetedSearch<Result>((term, options) => instance.search(term, options), partUrls, config.version);
    return Object.assign(instance, { faceted });
  })();
  return pagefind;
}

let shown: State = stateFromUrl();
/** Counts searches, so that a slow one never draws over a newer one's results. */
let searchId = 0;
let results: Result[] = [];
let drawn = 0;
/** How the shown search went, said again as more of its results are drawn. */
let outcome: { state: State; partial: boolean; unshown: number; online: boolean } | undefined;

const hasFilters = (filters: Filters) => Object.values(filters).some((values) => values.length > 0);

/** Says a search that found nothing or could not run: no results reserve room below it. */
function showMessage(text: string, remedy?: string): void {
  summary.textContent = text;
  notice.textContent = remedy ?? '';
  notice.hidden = !remedy;
  document.documentElement.classList.remove('search-pending');
}

/** Runs the search `state` describes and draws its first page of results. */
async function run(state: State): Promise<void> {
  const id = ++searchId;
  const term = state.term.trim();
  if (!term && !hasFilters(state.filters)) {
    results = [];
    outcome = undefined;
    list.replaceChildren();
    more.hidden = true;
    showMessage(defaultSummary);
    return;
  }
  summary.textContent = 'Searching…';
  document.documentElement.classList.add('search-pending');
  const started = Date.now();
  try {
    const search = await loadPagefind();
    // Without words there is no relevance to order by: newest first.
    const sort = SORTS[state.sort] ?? (term ? undefined : SORTS['newest']);
    const options: SearchOptions = { filters: state.filters, ...(sort ? { sort } : {}) };
    // Filters alone list every paper they allow: Pagefind's search for no words.
    const response = isFaceted(options)
      ? await search.faceted(term || null, options)
      : await search.search(term, options);
    if (id !== searchId) return;
    results = response?.results ?? [];
    drawn = 0;
    outcome = { state, partial: false, unshown: 0, online: true };
    list.replaceChildren();
    await drawMore(id);
    if (id !== searchId) return;
    outcome.partial = (await indexMisses(index, started)).length > 0;
    if (outcome.partial) reachability = siteReachable(index);
    outcome.online = await reachability;
    if (id !== searchId) return;
    summarize();
  } catch (error) {
    if (id !== searchId) return;
    console.error(error);
    results = [];
    outcome = undefined;
    list.replaceChildren();
    more.hidden = true;
    reachability = siteReachable(index);
    const online = await reachability;
    if (id !== searchId) return;
    if (online) showMessage('Search could not load. Try again.');
    else
      showMessage(
        'You are offline, and this device has not saved the part of the search index this search needs.',
        'Go online to search the whole archive, or to keep all of it here with “Save for offline”.',
      );
  }
}

/** Says how the shown search went: its count, or what it could search when part of the index was missing. */
function summarize(): void {
  if (!outcome) return;
  const { state, partial, unshown, online } = outcome;
  const term = state.term.trim();
  const { summary: text, remedy } = searchSummary({
    what: term ? ` for ${term}` : '',
    results: results.length,
    unshown,
    partial,
    online,
  });
  showMessage(text, remedy);
  if (results.length > 0) document.documentElement.classList.add('search-pending');
  const author = state.filters[AUTHOR_FILTER]?.[0];
  if (author) summary.append(` by ${author} `, allAuthorsLink(state));
}

/** A link that drops the author filter, keeping the rest of the search. */
function allAuthorsLink(state: State): HTMLAnchorElement {
  const { [AUTHOR_FILTER]: _, ...filters } = state.filters;
  const rest = { ...state, filters };
  const link = document.createElement('a');
  link.href = urlFor(rest);
  link.textContent = '(any author)';
  link.addEventListener('click', (event) => {
    event.preventDefault();
    show(rest, { push: true });
  });
  return link;
}

/**
 * Draws the next page of results, all at once when every card's data has come. A card whose data
 * cannot be had (offline, its file not saved) is counted, not drawn. Offline, a result whose page
 * is not on this device says so.
 */
async function drawMore(id = searchId): Promise<void> {
  const page = results.slice(drawn, drawn + PAGE_SIZE);
  const settled = await Promise.allSettled(page.map((result) => result.data()));
  const cards = settled.flatMap((card) => (card.status === 'fulfilled' ? [card.value] : []));
  const saved = (await reachability) ? undefined : await Promise.all(cards.map((card) => pageOnDevice(card.url)));
  if (id !== searchId) return;
  list.insertAdjacentHTML('beforeend', cards.map((card, position) => renderResult(card, saved?.[position])).join(''));
  drawn += page.length;
  if (outcome) outcome.unshown += settled.length - cards.length;
  more.hidden = drawn >= results.length;
}

/** Shows `state`: its controls, its URL (a new entry in the history when `push`), its results. */
function show(state: State, { push = false, replace = true } = {}): void {
  const url = urlFor(state);
  if (push) history.pushState(null, '', url);
  else if (replace && url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
  shown = state;
  void run(state);
}

/** The controls as they are now. */
function stateFromControls(): State {
  // The author filter has no control: it stays until its link in the summary drops it.
  const author = shown.filters[AUTHOR_FILTER];
  const filters: Filters = author ? { [AUTHOR_FILTER]: author } : {};
  for (const menu of filterMenus) if (menu.value) filters[menu.name] = [menu.value];
  return { term: input.value, filters, sort: sortMenu.value };
}

/** Sets the controls to `state` (on arrival, and when the back button brings an earlier search). */
function setControls(state: State): void {
  input.value = state.term;
  sortMenu.value = state.sort;
  for (const menu of filterMenus) menu.value = state.filters[menu.name]?.[0] ?? '';
  countFilters();
}

/** Shows on the Filters control how many filters are set, so a closed one still says so. */
function countFilters(): void {
  const set = filterMenus.filter((menu) => menu.value).length;
  filtersLabel.textContent = set > 0 ? `(${set})` : '';
}

let typing: ReturnType<typeof setTimeout> | undefined;
input.addEventListener('input', () => {
  clearTimeout(typing);
  // Fetch what the words need while the reader still types.
  if (input.value.trim()) void loadPagefind().then((search) => search.preload(input.value.trim()));
  // Each letter typed replaces the history entry; it is not a step worth going back to.
  typing = setTimeout(() => show(stateFromControls()), TYPING_PAUSE_MS);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typing);
  show(stateFromControls());
});
// A new filter or sort is a step the back button undoes.
for (const menu of [sortMenu, ...filterMenus])
  menu.addEventListener('change', () => {
    countFilters();
    show(stateFromControls(), { push: true });
  });
more.addEventListener('click', () => void drawMore().then(summarize));
addEventListener('popstate', () => {
  const state = stateFromUrl();
  setControls(state);
  show(state, { replace: false });
});

/**
 * What this device can search offline, said where the page invites a search: while offline with
 * less than the whole index, "Type to search every paper" would promise too much.
 */
async function sayWhatWorksOffline(): Promise<void> {
  const online = await reachability;
  const status = online || !('caches' in window) ? undefined : await deviceStatus(index).catch(() => undefined);
  defaultSummary =
    !status || status.index === 'whole' ? onlineSummary : `You are offline. ${deviceStatusLines(status)[1]}`;
  if (!shown.term.trim() && !hasFilters(shown.filters)) showMessage(defaultSummary);
}

setControls(shown);
input.focus();
setUpSaveForOffline(document.querySelector<HTMLElement>('.offline-save')!, index);
void sayWhatWorksOffline();
for (const event of ['online', 'offline']) {
  addEventListener(event, () => {
    reachability = siteReachable(index);
    void sayWhatWorksOffline();
  });
}
if (shown.term || hasFilters(shown.filters)) show(shown, { replace: false });
else document.documentElement.classList.remove('search-pending');
