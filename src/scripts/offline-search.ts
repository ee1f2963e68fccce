/**
 * The search index and pages on this device, for the search page, the offline page and the
 * service worker (which bundles the parts it uses: none of them touch the DOM).
 *
 * - "Save for offline" on the search page downloads what the index lacks on this device, and the
 *   pages of the newest papers (the build lists them: src/integrations/service-worker.ts), so that
 *   every search works with no connection and the papers it finds open. It says how much it will
 *   download before it starts, shows its progress, can be stopped, and afterwards drops index
 *   files that no longer belong to the site.
 * - On a site within the first-visit budget the service worker saves the whole index the same way
 *   when it installs.
 * - The pages ask what works offline now (`deviceStatus`), and which index files the service
 *   worker could not serve to a search (`indexMisses`), so that a search never passes off a
 *   missing part of the index as "No results".
 */
import {
  CACHE_PREFIX,
  coverage,
  deviceStatusLines,
  indexFiles,
  listingUrl,
  megabytes,
  MESSAGES,
  offlineRoutes,
  PAGE_CACHE,
  requestedUrl,
  saveAnnouncement,
  SEARCH_CACHE,
  SEARCH_ENTRY_CACHE,
  SERVICE_WORKER_FILE,
  savedMarkerUrl,
  savedMessage,
  savedPagesUrl,
  type DeviceStatus,
  type IndexState,
  type OfflineFile,
  type PartListing,
  type SavedMarker,
  type SavedPages,
  type SiteIndex,
} from '../lib/offline.ts';
import { plural } from '../lib/words.ts';

const PARALLEL_DOWNLOADS = 6;

/** A URL of the site, absolute (a worker's `location` is its script's, a page's is the page's). */
const absolute = (path: string) => new URL(path, location.href).href;

/** Every URL the index caches and Workbox's installed files hold, as the search asks for it. */
async function urlsOnDevice(): Promise<Set<string>> {
  const names = (await caches.keys()).filter(
    (name) => name === SEARCH_CACHE || name === SEARCH_ENTRY_CACHE || name.startsWith(`${CACHE_PREFIX}-precache`),
  );
  const urls = new Set<string>();
  for (const name of names) {
    for (const request of await (await caches.open(name)).keys()) urls.add(requestedUrl(request.url));
  }
  return urls;
}

/**
 * A part's file list for this deploy: the copy kept on this device, else (with `network`) the
 * site's, which is then kept. Asked for with the version, so a kept copy never goes stale.
 */
async function partListing(folder: string, version: string, network: boolean): Promise<PartListing | undefined> {
  const url = absolute(listingUrl(folder, version));
  const cache = await caches.open(SEARCH_ENTRY_CACHE);
  const kept = await cache.match(url);
  if (kept) return (await kept.json()) as PartListing;
  if (!network) return undefined;
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await cache.put(url, response.clone());
  return (await response.json()) as PartListing;
}

/** Every file of the index to keep, part by part; undefined when a part's list cannot be had. */
async function indexFilesOf(index: SiteIndex, network: boolean): Promise<OfflineFile[] | undefined> {
  const listings = await Promise.all(index.parts.map((part) => partListing(part, index.version, network)));
  if (listings.some((listing) => !listing)) return undefined;
  return index.parts.flatMap((part, position) =>
    indexFiles(listings[position]!, absolute(part), index.version, index.lang),
  );
}

async function readMarker(index: SiteIndex): Promise<SavedMarker | undefined> {
  const kept = await (await caches.open(SEARCH_ENTRY_CACHE)).match(absolute(savedMarkerUrl(index.base)));
  return kept ? ((await kept.json()) as SavedMarker) : undefined;
}

async function writeMarker(index: SiteIndex, marker: SavedMarker): Promise<void> {
  const cache = await caches.open(SEARCH_ENTRY_CACHE);
  await cache.put(absolute(savedMarkerUrl(index.base)), Response.json(marker));
}

/** Forgets that the index was saved whole: some of it was dropped (the device ran out of room). */
export async function forgetSaved(index: SiteIndex): Promise<void> {
  await (await caches.open(SEARCH_ENTRY_CACHE)).delete(absolute(savedMarkerUrl(index.base)));
}

/**
 * Downloads `files` into the caches they belong in, a few at a time; `onProgress` gets the bytes
 * so far, counted as planned (a page's size as sent, not as stored).
 */
async function download(
  files: readonly OfflineFile[],
  signal?: AbortSignal,
  onProgress?: (bytes: number) => void,
): Promise<void> {
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const response = await fetch(file.url, signal ? { signal } : {});
      if (!response.ok) throw new Error(`${file.url}: ${response.status}`);
      await (await caches.open(file.cache)).put(file.url, response);
      bytes += file.bytes;
      onProgress?.(bytes);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
}

/**
 * Saves the whole index of `index` on this device (what it lacks of it), and marks it saved:
 * what the service worker does when it installs on a site within the first-visit budget.
 * `installing` are the URLs it installs alongside (Pagefind's runtime), not to be fetched twice.
 */
export async function saveWholeIndex(index: SiteIndex, installing: ReadonlySet<string>): Promise<void> {
  const files = await indexFilesOf(index, true);
  if (!files) return;
  const present = new Set([...(await urlsOnDevice()), ...installing]);
  await download(coverage(files, present).missing);
  const marker = await readMarker(index);
  await writeMarker(index, {
    version: index.version,
    pages: marker?.version === index.version ? marker.pages : 0,
    papers: marker?.papers ?? 0,
  });
}

/**
 * Drops what earlier deploys left in the index caches: entry files of another version, and index
 * files no part of this deploy lists (only when its lists are on the device: this never
 * downloads them).
 */
export async function dropStale(index: SiteIndex): Promise<void> {
  const entries = await caches.open(SEARCH_ENTRY_CACHE);
  for (const request of await entries.keys()) {
    const version = new URL(request.url).searchParams.get('ts');
    if (version !== null && version !== index.version) await entries.delete(request);
  }
  const files = await indexFilesOf(index, false);
  if (!files) return;
  const listed = new Set(files.map((file) => file.url));
  const search = await caches.open(SEARCH_CACHE);
  for (const request of await search.keys()) if (!listed.has(request.url)) await search.delete(request);
}

/** What works offline on this device now, for the deploy whose index is `index`. */
export async function deviceStatus(index: SiteIndex): Promise<DeviceStatus> {
  const routes = offlineRoutes(absolute(index.base));
  const pages = (await (await caches.open(PAGE_CACHE)).keys()).filter(
    ({ url }) => !routes.searchPage.test(url) && !routes.homePage.test(url),
  ).length;
  const marker = await readMarker(index);
  if (marker?.version === index.version) return { pages, index: 'whole', outdated: false };
  // Without a whole index saved, any file of this deploy's parts makes a partial one.
  const folders = index.parts.map(absolute);
  const keys = await (await caches.open(SEARCH_CACHE)).keys();
  const some = keys.some(({ url }) => folders.some((folder) => url.startsWith(folder)));
  const state: IndexState = some || marker ? 'partial' : 'none';
  return { pages, index: state, outdated: marker !== undefined };
}

/**
 * Asks the service worker controlling this page; undefined when none answers in time (none
 * controls the page, or it is an earlier deploy's, which does not know the question).
 */
export function askServiceWorker<T>(type: string, data: Record<string, unknown> = {}): Promise<T | undefined> {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), 3000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data as T);
    };
    worker.postMessage({ type, ...data }, [channel.port2]);
  });
}

/**
 * The files of `index` the service worker could not serve since `since` (ms since the epoch):
 * Pagefind reads a missing part of its word index as no match, so the search page asks.
 */
export async function indexMisses(index: SiteIndex, since: number): Promise<string[]> {
  const missed = (await askServiceWorker<string[]>(MESSAGES.indexMisses, { since })) ?? [];
  const folders = index.parts.map(absolute);
  return missed.filter((url) => folders.some((folder) => url.startsWith(folder)));
}

/**
 * Whether the site answers now. A browser may think itself online with no way to the site (a
 * captive portal, the site down), so the service worker's script is asked for: it is never
 * served from a cache.
 */
export async function siteReachable(index: SiteIndex): Promise<boolean> {
  if (!navigator.onLine) return false;
  try {
    return (await fetch(absolute(`${index.base}${SERVICE_WORKER_FILE}`), { method: 'HEAD', cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

/** Whether the page at `url` (a result's link) is kept on this device. */
export async function pageOnDevice(url: string): Promise<boolean> {
  return (await (await caches.open(PAGE_CACHE)).match(absolute(url))) !== undefined;
}

/** What "Save for offline" would download: what the index lacks here, and the listed pages not kept. */
async function planSave(index: SiteIndex) {
  const files = await indexFilesOf(index, true);
  if (!files) throw new Error('no list of the index');
  const response = await fetch(absolute(savedPagesUrl(index.base)), { cache: 'no-store' });
  if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
  const listed = (await response.json()) as SavedPages;
  const onDevice = await urlsOnDevice();
  const kept = new Set((await (await caches.open(PAGE_CACHE)).keys()).map((request) => request.url));
  const indexPart = coverage(files, onDevice);
  const pages = Object.entries(listed.pages).map(([path, bytes]) => ({
    url: absolute(path),
    cache: PAGE_CACHE,
    bytes,
  }));
  const pagesPart = coverage(pages, kept);
  return {
    missing: [...indexPart.missing, ...pagesPart.missing],
    missingBytes: indexPart.total - indexPart.saved + pagesPart.total - pagesPart.saved,
    index: indexPart,
    pages: pages.length,
    pageBytes: pagesPart.total,
    papers: listed.papers,
  };
}

/**
 * Wires the save panel of the search page: it says what works offline here, and offers to save
 * the rest when there is a connection.
 */
export function setUpSaveForOffline(panel: HTMLElement, index: SiteIndex): void {
  // A browser that cannot keep files for offline use has nothing to show here.
  if (!('caches' in window) || !('serviceWorker' in navigator)) {
    panel.hidden = true;
    return;
  }
  const status = panel.querySelector<HTMLElement>('[data-offline-status]')!;
  const button = panel.querySelector<HTMLButtonElement>('[data-offline-action]')!;
  const progress = panel.querySelector<HTMLProgressElement>('progress')!;

  let state: 'idle' | 'confirm' | 'saving' = 'idle';
  let plan: Awaited<ReturnType<typeof planSave>> | undefined;
  let stop: AbortController | undefined;
  const show = (text: string, action?: string) => {
    status.textContent = text;
    button.hidden = action === undefined;
    if (action) button.textContent = action;
  };

  /** What this device holds now, and the action that would complete it. */
  const showState = async () => {
    if (state !== 'idle') return;
    const [device, marker, online] = await Promise.all([deviceStatus(index), readMarker(index), siteReachable(index)]);
    if (state !== 'idle') return;
    if (!online) {
      const [pages, search] = deviceStatusLines(device);
      show(
        `You are offline. ${pages} ${search}` +
          (device.index === 'whole' ? '' : ' Once online, “Save for offline” keeps the rest here.'),
      );
      return;
    }
    if (device.index === 'whole' && marker && marker.pages > 0) {
      show(
        `The whole archive can be searched offline on this device, and its ${plural(marker.pages, marker.pages < marker.papers ? 'newest paper' : 'paper')} open offline.`,
        'Check saved search',
      );
    } else if (device.index === 'whole') {
      show(
        'The whole archive can be searched offline on this device; papers you have not opened need a connection.',
        'Save papers for offline…',
      );
    } else if (device.outdated) {
      show('The search index saved on this device is out of date.', 'Update offline search…');
    } else {
      show(
        'Search the whole archive without a connection: save the index and the newest papers on this device.',
        'Save for offline…',
      );
    }
  };
  void showState();
  addEventListener('online', () => void showState());
  addEventListener('offline', () => void showState());
  // On a first visit to a small site, the worker that takes over has just saved the whole index.
  navigator.serviceWorker.addEventListener('controllerchange', () => void showState());

  button.addEventListener('click', () => void onClick());

  /** One press of the button: start, confirm or stop a save, by the state it is in. */
  async function onClick(): Promise<void> {
    if (state === 'saving') {
      stop?.abort();
      return;
    }
    if (state === 'idle') {
      show('Checking the size of the search index…');
      plan = await planSave(index).catch(() => undefined);
      if (!plan) {
        show('The search index could not be reached; try again when you are online.', 'Save for offline…');
        return;
      }
      if (plan.missing.length === 0) {
        await writeMarker(index, { version: index.version, pages: plan.pages, papers: plan.papers });
        show(savedMessage({ index: plan.index.total, pages: plan.pages, papers: plan.papers }, { already: true }));
        return;
      }
      state = 'confirm';
      show(
        saveAnnouncement({
          index: plan.index.total,
          indexSaved: plan.index.saved,
          pages: plan.pages,
          papers: plan.papers,
          pageBytes: plan.pageBytes,
          missing: plan.missingBytes,
        }),
        `Save ${megabytes(plan.missingBytes)}`,
      );
      return;
    }
    const { missing, missingBytes, index: indexPart, pages, papers } = plan!;
    state = 'saving';
    stop = new AbortController();
    progress.hidden = false;
    progress.max = missingBytes;
    progress.value = 0;
    button.textContent = 'Stop';
    try {
      await download(missing, stop.signal, (done) => {
        progress.value = done;
        status.textContent = `Saving for offline: ${megabytes(done)} of ${megabytes(missingBytes)}…`;
      });
      await dropStale(index);
      await writeMarker(index, { version: index.version, pages, papers });
      show(savedMessage({ index: indexPart.total, pages, papers }));
    } catch {
      show(
        stop.signal.aborted ? 'Stopped. What was saved stays saved.' : 'Saving stopped: the connection was lost.',
        'Save for offline…',
      );
    } finally {
      progress.hidden = true;
      state = 'idle';
    }
  }
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
