/**
 * "Save for offline" on the search page. The service worker caches the parts of the search index
 * a reader's searches use; this downloads the rest, so that the whole archive can be searched
 * with no connection. It says how much it will download before it starts, shows its progress,
 * can be stopped, and afterwards drops index files that no longer belong to the site.
 */
import { SEARCH_CACHE, SEARCH_ENTRY_CACHE } from '../lib/offline.ts';
import { FACETS_FILE } from '../lib/search/facets.ts';

/** Pagefind's scripts are installed with the service worker, not downloaded here. */
const RUNTIME = /(?:^|\/)pagefind[^/]*\.(?:js|css)$/;
const SAVED_KEY = 'paperboy:offline-search';
const PARALLEL_DOWNLOADS = 6;

/** A part's `files.json`: every file of the part with its size in bytes. */
interface PartFiles {
  files: Record<string, number>;
  bytes: number;
}

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * Wires the save panel: `parts` are the index parts' folder URLs, `version` names this deploy's
 * index (Pagefind asks for each part's entry file with it).
 */
export function setUpSaveForOffline(panel: HTMLElement, parts: readonly string[], version: string): void {
  if (!('caches' in window) || !('serviceWorker' in navigator)) return;
  const status = panel.querySelector<HTMLElement>('[data-offline-status]')!;
  const button = panel.querySelector<HTMLButtonElement>('[data-offline-action]')!;
  const progress = panel.querySelector<HTMLProgressElement>('progress')!;
  panel.hidden = false;

  const saved = localStorage.getItem(SAVED_KEY);
  let state: 'idle' | 'confirm' | 'saving' = 'idle';
  let plan: { urls: { url: string; entry: boolean }[]; missing: number; total: number } | undefined;
  let stop: AbortController | undefined;
  const show = (text: string, action?: string) => {
    status.textContent = text;
    button.hidden = action === undefined;
    if (action) button.textContent = action;
  };
  if (saved === version) show('The whole archive can be searched offline on this device.', 'Check saved search');
  else if (saved) show('The search index saved on this device is out of date.', 'Update offline search…');
  else show('Search the whole archive without a connection: save the index on this device.', 'Save for offline…');

  button.addEventListener('click', async () => {
    if (state === 'saving') {
      stop?.abort();
      return;
    }
    if (state === 'idle') {
      show('Checking the size of the search index…');
      plan = await planDownload(parts, version).catch(() => undefined);
      if (!plan) {
        show('The search index could not be reached; try again when you are online.', 'Save for offline…');
        return;
      }
      if (plan.missing === 0) {
        localStorage.setItem(SAVED_KEY, version);
        show(`The whole archive can be searched offline on this device (${megabytes(plan.total)}).`);
        return;
      }
      state = 'confirm';
      const have = plan.total - plan.missing;
      show(
        `The search index is ${megabytes(plan.total)}` +
          (have > 0 ? `, of which ${megabytes(have)} is saved already.` : '.') +
          ` Saving downloads ${megabytes(plan.missing)}.`,
        `Save ${megabytes(plan.missing)}`,
      );
      return;
    }
    state = 'saving';
    stop = new AbortController();
    progress.hidden = false;
    progress.max = plan!.missing;
    button.textContent = 'Stop';
    try {
      await download(plan!.urls, stop.signal, (done) => {
        progress.value = done;
        status.textContent = `Saving the search index: ${megabytes(done)} of ${megabytes(plan!.missing)}…`;
      });
      await dropStale(parts);
      localStorage.setItem(SAVED_KEY, version);
      show(`Saved: the whole archive can be searched offline on this device (${megabytes(plan!.total)}).`);
    } catch {
      show(
        stop.signal.aborted ? 'Stopped. What was saved stays saved.' : 'Saving stopped: the connection was lost.',
        'Save for offline…',
      );
    } finally {
      progress.hidden = true;
      state = 'idle';
    }
  });
}

/** Every file of every part to download: those not cached yet, and the small changing ones. */
async function planDownload(parts: readonly string[], version: string) {
  const cache = await caches.open(SEARCH_CACHE);
  const cached = new Set((await cache.keys()).map((request) => request.url));
  const urls: { url: string; entry: boolean }[] = [];
  let total = 0;
  let missing = 0;
  for (const part of parts) {
    const folder = new URL(part, location.href);
    const listing = (await (await fetch(new URL('files.json', folder), { cache: 'no-store' })).json()) as PartFiles;
    for (const [file, size] of Object.entries(listing.files)) {
      if (RUNTIME.test(file) || file === 'files.json') continue;
      // Files whose names stay the same across deploys go to the network-first cache; the entry
      // file, the facet table and the author files are asked for with this deploy's version, as the search asks.
      const name = file.slice(file.lastIndexOf('/') + 1);
      const versioned = name === 'pagefind-entry.json' || name === FACETS_FILE || file.startsWith('authors/');
      const entry = versioned || name.endsWith('.pagefind');
      const url = new URL(versioned ? `${file}?ts=${version}` : file, folder).href;
      total += size;
      if (entry || !cached.has(url)) {
        urls.push({ url, entry });
        missing += size;
      }
    }
  }
  return { urls, missing, total };
}

/** Downloads into the caches the service worker reads from, a few at a time. */
async function download(
  urls: { url: string; entry: boolean }[],
  signal: AbortSignal,
  onProgress: (bytes: number) => void,
) {
  const [search, entries] = await Promise.all([caches.open(SEARCH_CACHE), caches.open(SEARCH_ENTRY_CACHE)]);
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < urls.length) {
      const item = urls[next++]!;
      const response = await fetch(item.url, { signal });
      if (!response.ok) throw new Error(`${item.url}: ${response.status}`);
      const body = await response.clone().arrayBuffer();
      await (item.entry ? entries : search).put(item.url, response);
      bytes += body.byteLength;
      onProgress(bytes);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
}

/** Drops cached index files of earlier deploys: those no current part lists. */
async function dropStale(parts: readonly string[]): Promise<void> {
  const keep = new Set<string>();
  for (const part of parts) {
    const folder = new URL(part, location.href);
    const listing = (await (await fetch(new URL('files.json', folder))).json()) as PartFiles;
    for (const file of Object.keys(listing.files)) keep.add(new URL(file, folder).href);
  }
  const cache = await caches.open(SEARCH_CACHE);
  for (const request of await cache.keys()) if (!keep.has(request.url)) await cache.delete(request);
}

/**
 * Fetches each part's entry file (as Pagefind asks for it) and the metadata it names, so that the
 * service worker keeps them: what Pagefind loaded before the service worker was there to see it.
 */
export async function keepIndexEntries(parts: readonly { bundlePath: string }[], version: string): Promise<void> {
  await Promise.all(
    parts.map(async ({ bundlePath }) => {
      const folder = new URL(bundlePath, location.href);
      const entry = (await (await fetch(new URL(`pagefind-entry.json?ts=${version}`, folder))).json()) as {
        languages: Record<string, { hash: string }>;
      };
      await Promise.all(
        Object.values(entry.languages).map(({ hash }) => fetch(new URL(`pagefind.${hash}.pf_meta`, folder))),
      );
    }),
  ).catch(() => {});
}
