/**
 * The search page: Pagefind's search library under the page's own form. The query, filters and
 * sort live in the URL (so a search can be shared and the back button works); filtered and sorted
 * searches run on the facet tables (faceted-search.ts). Results are drawn a page at a time, each
 * page once all of its cards are ready, so the list never grows card by card.
 */

import { AUTHOR_FILTER, facetedSearch, isFaceted, type SearchOptions, type SearchResponse } from './faceted-search.ts';
import { escapeHtml } from '../lib/html.ts';
import { FILTERS as FACET_FILTERS } from '../lib/search/facets.ts';
import { plural } from '../lib/words.ts';
import { keepIndexEntries, setUpSaveForOffline } from './offline-search.ts';

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

/** Loads KaTeX's stylesheet, once, for titles with math: most searches show none. */
function loadMathStyles(): void {
  if (document.querySelector('link[data-katex]')) return;
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: config.katexCss });
  link.dataset['katex'] = '';
  document.head.append(link);
}

/** One result: the typeset title (plain when it has no math), day, authors, upvotes, excerpt. */
function renderResult(result: ResultData): string {
  const { meta } = result;
  if (meta['title_html']) loadMathStyles();
  const title = meta['title_html'] ?? escapeHtml(meta['title'] ?? result.url);
  const details = [
    meta['date']
      ? `<time datetime="${escapeHtml(meta['date'])}">${dayFormat.format(new Date(`${meta['date']}T00:00:00Z`))}</time>`
      : '',
    meta['authors'] ? `<span class="search-result-authors">${escapeHtml(meta['authors'])}</span>` : '',
    meta['organization'] ? `<span>${escapeHtml(meta['organization'])}</span>` : '',
    meta['upvotes'] && meta['upvotes'] !== '0' ? `<span class="upvotes">▲ ${escapeHtml(meta['upvotes'])}</span>` : '',
  ].filter(Boolean);
  // Pagefind's excerpt is its own escaped copy of the indexed text, with <mark> around matches.
  return `<li class="search-result">
  <h2 class="search-result-title"><a href="${escapeHtml(result.url)}">${title}</a></h2>
  <p class="search-result-meta">${details.join('<span aria-hidden="true"> · </span>')}</p>
  <p class="search-result-excerpt">${result.excerpt}</p>
</li>`;
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
const config = JSON.parse(configElement.textContent!) as SearchConfig;
const parts = [config.primary, ...config.merged];
const partUrls = parts.map((part) => part.bundlePath);
const form = document.querySelector<HTMLFormElement>('.search-form')!;
const input = document.querySelector<HTMLInputElement>('#search-query')!;
const summary = document.querySelector<HTMLElement>('.search-summary')!;
const sortMenu = document.querySelector<HTMLSelectElement>('#search-sort')!;
const filterMenus = [...document.querySelectorAll<HTMLSelectElement>('.search-filters select')];
const list = document.querySelector<HTMLOListElement>('.search-results')!;
const more = document.querySelector<HTMLButtonElement>('.search-more')!;
const defaultSummary = summary.textContent!.trim();

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

const hasFilters = (filters: Filters) => Object.values(filters).some((values) => values.length > 0);

/** Runs the search `state` describes and draws its first page of results. */
async function run(state: State): Promise<void> {
  const id = ++searchId;
  const term = state.term.trim();
  if (!term && !hasFilters(state.filters)) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    summary.textContent = defaultSummary;
    return;
  }
  summary.textContent = 'Searching…';
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
    list.replaceChildren();
    await drawMore(id);
    if (id !== searchId) return;
    const what = term ? ` for ${term}` : '';
    summary.textContent = results.length === 0 ? `No results${what}` : `${plural(results.length, 'result')}${what}`;
    const author = state.filters[AUTHOR_FILTER]?.[0];
    if (author) summary.append(` by ${author} `, allAuthorsLink(state));
  } catch (error) {
    if (id !== searchId) return;
    console.error(error);
    summary.textContent = navigator.onLine
      ? 'Search could not load. Try again.'
      : 'You are offline, and this search needs parts of the index this device has not saved.';
  }
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

/** Draws the next page of results, all at once when every card's data has come. */
async function drawMore(id = searchId): Promise<void> {
  const page = results.slice(drawn, drawn + PAGE_SIZE);
  const cards = await Promise.all(page.map((result) => result.data()));
  if (id !== searchId) return;
  list.insertAdjacentHTML('beforeend', cards.map(renderResult).join(''));
  drawn += page.length;
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
  menu.addEventListener('change', () => show(stateFromControls(), { push: true }));
more.addEventListener('click', () => void drawMore());
addEventListener('popstate', () => {
  const state = stateFromUrl();
  setControls(state);
  show(state, { replace: false });
});

setControls(shown);
input.focus();
setUpSaveForOffline(document.querySelector<HTMLElement>('.offline-save')!, partUrls, config.version);
if (shown.term || hasFilters(shown.filters)) show(shown, { replace: false });
