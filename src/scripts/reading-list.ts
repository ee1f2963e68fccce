/**
 * The Save buttons (src/components/SaveButton.astro, and those scripts draw): pressing one keeps
 * the paper in this browser's reading list, with its BibTeX, and has the service worker keep its
 * page (and /saved/) for offline reading. Nothing leaves the browser.
 *
 * The list lives in localStorage rather than IndexedDB: it is read synchronously, so every button
 * shows its state as the page appears; the `storage` event keeps open tabs in step; and the code
 * stays small enough for the paper and day pages' script budget. A list of a thousand papers with
 * their BibTeX is about 2 MB, within the 5 MB a site gets.
 */
import { PATHS } from '../lib/paths.ts';
import type { SaveButtonPaper, SavedPaper } from '../lib/reading-list.ts';
import { paperOfButton, readList } from './save-button.ts';

/** The site's base path, as the service worker's scope is written. */
export const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
// Sites on one origin (`me.github.io/a/`, `me.github.io/b/`) share its storage: each keeps its own list.
const KEY = `paperboy-reading-list:${base}`;

/** The saved papers, as stored (an empty list where storage is refused). */
export function savedPapers(): SavedPaper[] {
  try {
    return readList(localStorage.getItem(KEY));
  } catch {
    return [];
  }
}

/** Stores the list and shows it on every Save button; where storage is refused, the buttons show that nothing was kept. */
export function storePapers(papers: SavedPaper[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(papers));
  } catch {
    // Full, or refused (private mode): the buttons below show the list as it still is.
  }
  showSaved();
}

/** Changes one saved paper, if it is still saved. */
export function updatePaper(id: string, change: (paper: SavedPaper) => SavedPaper): void {
  storePapers(savedPapers().map((paper) => (paper.id === id ? change(paper) : paper)));
}

/** Presses the Save buttons of the saved papers, and only those. */
function showSaved(): void {
  const saved = new Set(savedPapers().map((paper) => paper.id));
  for (const button of document.querySelectorAll<HTMLElement>('[data-save]')) {
    button.setAttribute('aria-pressed', String(saved.has(button.dataset['id']!)));
  }
}

/**
 * Reads a paper's page: its status, and when it answered, what its Save button knows and its
 * Cite block's BibTeX. Throws when offline.
 */
export async function readPaperPage(
  url: string,
): Promise<{ status: number; paper?: SaveButtonPaper | undefined; bibtex?: string | undefined }> {
  const response = await fetch(url);
  if (!response.ok) return { status: response.status };
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const button = [...page.querySelectorAll<HTMLElement>('[data-save]')].find(
    (candidate) => candidate.dataset['url'] === url,
  );
  return {
    status: response.status,
    paper: button && paperOfButton(button.dataset),
    bibtex: page.querySelector('.bibtex')?.textContent ?? undefined,
  };
}

/**
 * Asks the service worker to keep these pages for offline reading, those no cache holds yet. It
 * fetches them into its page cache (PAGE_CACHE in src/lib/offline.ts) as it keeps every page read,
 * through its own routes; a page the worker already served is there. Without a worker nothing
 * would serve a cached page offline, so there is nothing to keep.
 */
export async function keepOffline(urls: readonly string[]): Promise<void> {
  if (!('caches' in window) || !navigator.serviceWorker) return;
  const missing: string[] = [];
  for (const url of urls) if (!(await caches.match(url))) missing.push(new URL(url, location.href).href);
  if (missing.length === 0) return;
  // Workbox's own message (workbox-routing), which the service worker answers.
  (await navigator.serviceWorker.ready).active?.postMessage({ type: 'CACHE_URLS', payload: { urlsToCache: missing } });
}

/** Fetches the BibTeX of a paper saved from a card, and keeps its page and /saved/ offline. */
async function completeSaved(paper: SavedPaper): Promise<void> {
  void navigator.storage?.persist?.();
  if (!paper.bibtex) {
    const { bibtex } = await readPaperPage(paper.url);
    if (bibtex) updatePaper(paper.id, (saved) => ({ ...saved, bibtex }));
  }
  await keepOffline([base + PATHS.saved, paper.url]);
}

/** Papers removed on this page, so that pressing Save again puts them back as they were. */
const removed = new Map<string, SavedPaper>();

document.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLElement>('[data-save]');
  const paper = button && paperOfButton(button.dataset);
  if (!paper) return;
  const papers = savedPapers();
  const saved = papers.find(({ id }) => id === paper.id);
  if (saved) {
    removed.set(saved.id, saved);
    storePapers(papers.filter((other) => other !== saved));
    return;
  }
  // Saved from its own page, the Cite block is at hand; from a card, completeSaved reads the page.
  const bibtex = paper.url === location.pathname ? document.querySelector('.bibtex')?.textContent : undefined;
  const entry = removed.get(paper.id) ?? { ...paper, savedAt: new Date().toISOString(), ...(bibtex ? { bibtex } : {}) };
  storePapers([entry, ...papers]);
  // Offline, the page is read when /saved/ is next opened online.
  completeSaved(entry).catch(() => undefined);
});

addEventListener('storage', (event) => {
  if (event.key === KEY || event.key === null) showSaved();
});

showSaved();
// The buttons are drawn hidden, in their place (SaveButton.astro): a button that cannot work never shows.
document.documentElement.dataset['saves'] = '';
