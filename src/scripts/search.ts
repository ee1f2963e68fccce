/**
 * The search page, on Pagefind's Component UI. It adds what the components leave to the site:
 * the query, filters and sort live in the URL (so a search can be shared and the back button
 * works), a sort menu, and results that show the typeset title, day, authors and upvotes.
 * Filters are plain menus; filtered and sorted searches run on the facet tables (faceted-search.ts).
 */

import { routeFacetedSearches, type Pagefind } from './faceted-search.ts';
import { FILTERS as FACET_FILTERS } from '../lib/search/facets.ts';
import { keepIndexEntries, setUpSaveForOffline } from './offline-search.ts';

type Filters = Record<string, string[]>;
type Sort = Record<string, 'asc' | 'desc'> | undefined;
interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}
interface Instance {
  searchTerm: string;
  searchFilters: Filters;
  searchSort: Sort;
  /** Whether a search with no words runs (listing what the filters allow) or clears the results. */
  faceted: boolean;
  on(event: 'search', handler: (term: string, filters: Filters) => void): void;
  on(event: 'filters', handler: () => void): void;
  triggerSearchWithFilters(term: string, filters: Filters): void;
  /** Pagefind itself, once loaded (Component UI internals; see faceted-search.ts). */
  __pagefind__?: Pagefind;
}
/** What the search page tells this script: the index parts, newest (the one Pagefind loads) first. */
interface SearchConfig {
  primary: { bundlePath: string; baseUrl: string };
  merged: { bundlePath: string; baseUrl: string }[];
  version: string;
  lang: string;
}
declare global {
  interface Window {
    PagefindComponents?: {
      getInstanceManager(): { getInstance(name: string): Instance };
      configureInstance(name: string, options: Record<string, unknown>): void;
    };
  }
}

const FILTERS = Object.keys(FACET_FILTERS);
const SORTS: Record<string, Sort> = {
  relevance: undefined,
  newest: { date: 'desc' },
  oldest: { date: 'asc' },
  upvotes: { upvotes: 'desc' },
};
const dayFormat = new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
  dateStyle: 'medium',
  timeZone: 'UTC',
});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** One result: the typeset title (plain when it has no math), day, authors, upvotes, excerpt. */
function renderResult(result: ResultData): string {
  const { meta } = result;
  const title = meta['title_html'] ?? escapeHtml(meta['title'] ?? result.url);
  const details = [
    meta['date']
      ? `<time datetime="${escapeHtml(meta['date'])}">${dayFormat.format(new Date(`${meta['date']}T00:00:00Z`))}</time>`
      : '',
    meta['authors'] ? `<span class="search-result-authors">${escapeHtml(meta['authors'])}</span>` : '',
    meta['organization'] ? `<span>${escapeHtml(meta['organization'])}</span>` : '',
    meta['upvotes'] && meta['upvotes'] !== '0' ? `<span class="upvotes">▲ ${escapeHtml(meta['upvotes'])}</span>` : '',
  ].filter(Boolean);
  // Pagefind's card classes: its styles, and a link that makes the whole card clickable.
  return `<li class="pf-result search-result">
  <div class="pf-result-card">
    <div class="pf-result-content">
      <p class="pf-result-title"><a class="pf-result-link" href="${escapeHtml(result.url)}">${title}</a></p>
      <p class="search-result-meta">${details.join('<span aria-hidden="true"> · </span>')}</p>
      <p class="search-result-excerpt">${result.excerpt}</p>
    </div>
  </div>
</li>`;
}

function stateFromUrl(): { term: string; filters: Filters; sort: string } {
  const params = new URLSearchParams(location.search);
  const filters: Filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name);
    if (values.length > 0) filters[name] = values;
  }
  const sort = params.get('sort') ?? 'relevance';
  return { term: params.get('q') ?? '', filters, sort: sort in SORTS ? sort : 'relevance' };
}

function urlFor(term: string, filters: Filters, sort: string): string {
  const params = new URLSearchParams();
  if (term) params.set('q', term);
  for (const [name, values] of Object.entries(filters)) for (const value of values) params.append(name, value);
  if (sort !== 'relevance') params.set('sort', sort);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

const sameFilters = (a: Filters, b: Filters) => JSON.stringify(a) === JSON.stringify(b);

async function componentsReady(): Promise<NonNullable<Window['PagefindComponents']>> {
  while (!window.PagefindComponents) await new Promise((resolve) => setTimeout(resolve, 20));
  return window.PagefindComponents;
}

const configElement = document.querySelector('#search-config');
if (!configElement) throw new Error('no search index to search');
const config = JSON.parse(configElement.textContent!) as SearchConfig;
const results = document.querySelector('pagefind-results') as (Element & { resultTemplate?: unknown }) | null;
if (results) results.resultTemplate = renderResult;
const sortMenu = document.querySelector<HTMLSelectElement>('#search-sort')!;
const filterMenus = [...document.querySelectorAll<HTMLSelectElement>('.search-filters select')];
const components = await componentsReady();
const parts = [config.primary, ...config.merged];
const partUrls = parts.map((part) => part.bundlePath);
// Configured before the first search loads Pagefind: the newest part, with the others merged in.
components.configureInstance('default', {
  bundlePath: config.primary.bundlePath,
  baseUrl: config.primary.baseUrl,
  metaCacheTag: config.version,
  mergeIndex: config.merged.map(({ bundlePath, baseUrl }) => ({ bundlePath, baseUrl, metaCacheTag: config.version })),
});
const instance = components.getInstanceManager().getInstance('default');
// Pagefind has just loaded (and no search has run yet): from now on filters and sorts go through
// the facet tables.
instance.on('filters', () => {
  const handle = instance.__pagefind__;
  if (handle) routeFacetedSearches(handle, partUrls, config.version);
  else console.warn('Paperboy: Pagefind changed; filters and sorts are unavailable');
});
document.querySelector<HTMLInputElement>('pagefind-input input')?.focus();
// Pagefind may have loaded its index's entry files before a first visit's service worker took
// over; fetched again, they are kept for offline use like every search file used afterwards.
if ('serviceWorker' in navigator && !navigator.serviceWorker.controller) {
  navigator.serviceWorker.addEventListener('controllerchange', () => void keepIndexEntries(parts, config.version), {
    once: true,
  });
}
setUpSaveForOffline(document.querySelector<HTMLElement>('.offline-save')!, partUrls, config.version);

let shown = stateFromUrl();
let restoring = false;

/** Runs the search a URL describes: on arrival, and when the back button brings an earlier one. */
function apply(state: typeof shown): void {
  shown = state;
  sortMenu.value = state.sort;
  instance.searchSort = SORTS[state.sort];
  for (const menu of filterMenus) menu.value = state.filters[menu.name]?.[0] ?? '';
  if (!state.term && Object.keys(state.filters).length === 0) return;
  restoring = true;
  // A copy: the components change the filters object they are given in place.
  instance.triggerSearchWithFilters(state.term, structuredClone(state.filters));
  restoring = false;
}

/** The filters the menus say, as Pagefind takes them: `{ year: ['2025'] }`. */
function selectedFilters(): Filters {
  return Object.fromEntries(filterMenus.filter((menu) => menu.value).map((menu) => [menu.name, [menu.value]]));
}

for (const menu of filterMenus) {
  menu.addEventListener('change', () => instance.triggerSearchWithFilters(instance.searchTerm, selectedFilters()));
}

instance.on('search', (term, filters) => {
  // Filters with no words list every paper they allow. Only then: with `faceted` on as Pagefind
  // loads, the components would run a search for no words over the reader's own.
  instance.faceted = !term && Object.values(filters).some((values) => values.length > 0);
  if (restoring) return;
  const next = { term, filters: structuredClone(filters), sort: shown.sort };
  const url = urlFor(next.term, next.filters, next.sort);
  // A new filter is a step worth going back from; each letter typed is not.
  if (sameFilters(next.filters, shown.filters)) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  shown = next;
});

sortMenu.addEventListener('change', () => {
  const next = { ...shown, sort: sortMenu.value };
  history.pushState(null, '', urlFor(next.term, next.filters, next.sort));
  apply(next);
});

addEventListener('popstate', () => apply(stateFromUrl()));
apply(shown);
