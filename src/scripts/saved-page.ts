/**
 * The /saved/ page: the reading list from this browser's storage, newest saved first, each paper
 * with its Save button to remove it (and to put it back). "Download BibTeX" and "Copy links" export
 * the list; "Import BibTeX" brings an exported file back, in any browser. Online, each paper's
 * page is asked for: a page that is gone marks its paper "No longer on this site" (it stays on the
 * list), and an imported paper's page completes its title, authors and day and is kept offline.
 */
import {
  fallbackEntry,
  importBibtex,
  mergeLists,
  newestFirst,
  readingListBibtex,
  withPage,
  type SavedPaper,
} from '../lib/reading-list.ts';
import { plural } from '../lib/words.ts';
import { buttonData } from './save-button.ts';
import { base, keepOffline, readPaperPage, savedPapers, storePapers, updatePaper } from './reading-list.ts';
import { loadMathStyles } from './math-styles.ts';

/** How many papers' pages are asked for at once. */
const CHECKS_AT_ONCE = 4;

const list = document.querySelector<HTMLOListElement>('.saved-list')!;
const template = document.querySelector<HTMLTemplateElement>('#saved-item')!;
const status = document.querySelector<HTMLElement>('.saved-status')!;
const problemList = document.querySelector<HTMLUListElement>('.saved-problems')!;
const download = document.querySelector<HTMLButtonElement>('[data-download]')!;
const copyLinks = document.querySelector<HTMLButtonElement>('[data-copy-links]')!;
const fileInput = document.querySelector<HTMLInputElement>('.saved-import input')!;

const dayFormats = {
  day: new Intl.DateTimeFormat(document.documentElement.lang || 'en', { dateStyle: 'medium', timeZone: 'UTC' }),
  month: new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }),
};

/** A day (`YYYY-MM-DD`) or, for an imported paper not yet read, a month or a year, as the reader's calendar writes it. */
function formatDay(day: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return dayFormats.day.format(new Date(`${day}T00:00:00Z`));
  if (/^\d{4}-\d{2}$/.test(day)) return dayFormats.month.format(new Date(`${day}-01T00:00:00Z`));
  return day;
}

/** Fills a list item (the page's template) with a saved paper. */
function fill(item: HTMLElement, paper: SavedPaper): void {
  const link = item.querySelector('a')!;
  link.href = paper.url;
  link.innerHTML = paper.titleHtml;
  if (paper.titleHtml.includes('class="katex"')) loadMathStyles(list.dataset['katexCss']!);
  const time = item.querySelector('time')!;
  time.dateTime = paper.day;
  time.textContent = formatDay(paper.day);
  item.querySelector('.saved-authors')!.textContent = paper.authors ?? '';
  item.querySelector<HTMLElement>('.saved-gone')!.hidden = !paper.gone;
  const button = item.querySelector<HTMLButtonElement>('[data-save]')!;
  delete button.dataset['authors'];
  Object.assign(button.dataset, buttonData(paper));
}

/** The list item of a paper, by its id. */
const itemOf = (id: string) =>
  [...list.querySelectorAll<HTMLElement>('.saved-item')].find((item) => item.dataset['id'] === id);

/** Draws the whole list as stored, newest saved first. */
function draw(): void {
  const papers = newestFirst(savedPapers());
  list.replaceChildren(
    ...papers.map((paper) => {
      const item = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
      item.dataset['id'] = paper.id;
      fill(item, paper);
      item.querySelector('[data-save]')!.setAttribute('aria-pressed', 'true');
      return item;
    }),
  );
  count();
}

/** Says how many papers are saved, and offers the exports when there are any. */
function count(message?: string): void {
  const saved = savedPapers().length;
  download.disabled = copyLinks.disabled = saved === 0;
  status.textContent =
    message ?? (saved === 0 ? 'Nothing saved yet.' : `${plural(saved, 'saved paper')}, newest saved first.`);
}

/** A saved title as plain text, its formulas as TeX (KaTeX keeps the source of each). */
function plainTitle(titleHtml: string): string {
  const title = document.createElement('div');
  title.innerHTML = titleHtml;
  for (const math of title.querySelectorAll('.katex')) {
    math.replaceWith(`$${math.querySelector('annotation')?.textContent ?? math.textContent}$`);
  }
  return title.textContent ?? '';
}

const absolute = (url: string) => new URL(url, location.href).href;

download.addEventListener('click', () => {
  const bibtex = readingListBibtex(savedPapers(), {
    site: absolute(base),
    now: new Date(),
    entryOf: (paper) => fallbackEntry(paper, plainTitle(paper.titleHtml), absolute(paper.url)),
  });
  const link = Object.assign(document.createElement('a'), {
    href: URL.createObjectURL(new Blob([bibtex], { type: 'application/x-bibtex' })),
    download: 'saved-papers.bib',
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
});

copyLinks.addEventListener('click', () => {
  const links = newestFirst(savedPapers()).map((paper) => absolute(paper.url));
  navigator.clipboard.writeText(links.join('\n')).then(
    () => count(`Copied ${plural(links.length, 'link')}.`),
    () => count('This browser did not let the page copy.'),
  );
});

fileInput.addEventListener('change', () => void importFile());

/** Brings a `.bib` file's papers into the list, never over ones saved already. */
async function importFile(): Promise<void> {
  const file = fileInput.files?.[0];
  if (!file) return;
  const { papers, problems } = importBibtex(await file.text(), base, new Date());
  const { papers: merged, added } = mergeLists(savedPapers(), papers);
  storePapers(merged);
  fileInput.value = '';
  draw();
  problemList.replaceChildren(
    ...problems.map(({ at, message }) =>
      Object.assign(document.createElement('li'), { textContent: `${at}: ${message}` }),
    ),
  );
  problemList.hidden = problems.length === 0;
  const already = papers.length - added;
  count(
    `Imported ${plural(added, 'paper')} from ${file.name}` +
      (already > 0 ? `; ${already} ${already === 1 ? 'was' : 'were'} saved already.` : '.') +
      (problems.length > 0
        ? ` ${problems.length} ${problems.length === 1 ? 'entry' : 'entries'} could not be read.`
        : ''),
  );
  void checkPages();
}

// After the Save buttons' own handler (reading-list.ts, loaded first, on the document too) has stored the change.
document.addEventListener('click', (event) => {
  if ((event.target as Element).closest('[data-save]')) count();
});
addEventListener('storage', () => draw());

/**
 * Asks each saved paper's page whether it is still there, a few at a time: a paper whose page is
 * gone is marked, never dropped. An imported paper, or one saved without its BibTeX, has its page
 * read (and kept offline); the others need only an answer's status.
 */
async function checkPages(): Promise<void> {
  if (!navigator.onLine) return;
  const queue = savedPapers();
  const check = async (paper: SavedPaper) => {
    try {
      if (paper.imported || !paper.bibtex) {
        const { status, ...page } = await readPaperPage(paper.url);
        updatePaper(paper.id, (saved) => withPage(saved, status, page));
        if (page.paper) void keepOffline([paper.url]);
      } else {
        // HEAD: the service worker (which routes GET requests only) leaves it to the network.
        const { status } = await fetch(paper.url, { method: 'HEAD', cache: 'no-store' });
        updatePaper(paper.id, (saved) => withPage(saved, status));
      }
    } catch {
      return; // Offline after all: the list stays as it was.
    }
    const updated = savedPapers().find(({ id }) => id === paper.id);
    const item = itemOf(paper.id);
    if (updated && item) fill(item, updated);
  };
  const worker = async () => {
    for (let paper = queue.shift(); paper; paper = queue.shift()) await check(paper);
  };
  await Promise.all(Array.from({ length: CHECKS_AT_ONCE }, worker));
}

draw();
void checkPages();
