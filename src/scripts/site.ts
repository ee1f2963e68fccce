/**
 * The little script every page carries: it registers the service worker that keeps the site
 * readable and searchable offline, lets `/` focus the search field in the header, and runs the
 * theme toggle.
 */

const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((error: unknown) => {
    console.warn('Offline reading is unavailable:', error);
  });
  // On a first visit this page and its files loaded before the service worker took over, so it
  // never saw them: it is asked to fetch and keep them now, as it keeps every page read later.
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener(
      'controllerchange',
      () => {
        const urls = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
        const sameOrigin = urls.filter((url) => new URL(url).origin === location.origin);
        navigator.serviceWorker.controller?.postMessage({ type: 'CACHE_URLS', payload: { urlsToCache: sameOrigin } });
      },
      { once: true },
    );
  }
}

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable]')) return;
  const field = document.querySelector<HTMLInputElement>('#site-search');
  if (!field) return;
  event.preventDefault();
  field.focus();
});

// Copy buttons (a paper's BibTeX): shown only where the browser can copy; the text they copy is
// on the page either way.
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
  const source = button.parentElement?.querySelector(button.dataset['copy']!);
  if (!source || !navigator.clipboard) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(source.textContent ?? '').then(
      () => {
        button.textContent = 'Copied';
        setTimeout(() => (button.textContent = label), 2000);
      },
      () => (button.textContent = 'Select the text to copy it'),
    );
  });
}

// The theme toggle: pressed means dark. The choice is remembered; until there is one the page
// follows the system's (the inline script in Base.astro applies a remembered one before paint).
const toggle = document.querySelector<HTMLButtonElement>('.theme-toggle');
if (toggle) {
  const dark = () =>
    (document.documentElement.dataset['theme'] ??
      (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) === 'dark';
  const update = () => toggle.setAttribute('aria-pressed', String(dark()));
  update();
  toggle.classList.add('ready');
  toggle.addEventListener('click', () => {
    const theme = dark() ? 'light' : 'dark';
    document.documentElement.dataset['theme'] = theme;
    try {
      localStorage.setItem('paperboy-theme', theme);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
    update();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', update);
}
