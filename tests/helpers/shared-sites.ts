/**
 * Fixture sites that several build test files read, each built once per `npm test` run: the first
 * test file to ask for one builds it, in the run's folder that tests/setup/shared-sites.ts makes,
 * and every other file that asks waits for it and reads the same folder. Shared sites are read
 * only; a test that changes a site works on `site.copy()` (a `cp -r` of it, caches and dist/
 * included). Each site's recipe says what it holds, so that a test reading it knows what else is
 * there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { generateCorpus, type CorpusDay } from '../../scripts/bench/corpus.ts';
import { daysBetween, today } from '../../src/lib/freshness.ts';
import { parseDailyArxiv } from '../../src/lib/importers/daily-arxiv.ts';
import { parseHfDaily } from '../../src/lib/importers/hf-daily.ts';
import { fixture, fixturePath } from './fixtures.ts';
import { createSiteIn, siteAt, type SiteUnderTest } from './site.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** The folder this run's shared sites are built in (tests/setup/shared-sites.ts). */
    sharedSitesDir: string;
  }
}

/** The address the shared sites that need one are built for. */
export const SITE_URL = 'https://papers.example';

/** The bundled sample listing, the quick start's source. */
export const SAMPLE_LISTING = new URL('../../content/sources/daily-papers-listing.txt', import.meta.url).pathname;

/** A paper whose every field tries to break out of the HTML, the JSON-LD or the BibTeX it lands in. */
export const HOSTILE_PAPER = {
  title: 'The </script><script>alert(1)</script> "Quote" & {Brace} Study of $x^2$ Priors',
  authors: ['Eve "</title>" Smith', 'Bo <b>Bold</b>'],
  date: '2025-03-04',
  upvotes: 1,
  abstract: 'We study $\\alpha$ priors in depth. A second sentence follows.',
};

/** Authors' macros KaTeX does not know, a percent sign in math: `npm run import` names each unknown command once. */
export const UNKNOWN_COMMANDS = [
  {
    title: 'Modules over $\\Q(\\sqrt{5})$',
    date: '2025-06-02',
    abstract: 'Hilbert $G$-$\\cla$ modules, and $\\XQM$.',
  },
  {
    title: 'A Star of $1.4\\msun$',
    date: '2025-06-02',
    abstract: 'Its radius is $a = 7.54 \\pm 0.30 \\rsun$; see $\\XQM(n)$.',
  },
  { title: 'Percentages', date: '2025-06-02', abstract: 'A gain of $5% \\pm 1%$ over $p$$+$$p$.' },
];

/** The newest day of the listings: the sample listing's last. */
export const LISTINGS_NEWEST_DAY = '2025-12-07';
/** A day after it that had no papers, as the API answers a weekend: its source is an empty list. */
export const LISTINGS_EMPTY_DAY = '2025-12-13';
/** The entry the listings' maintainer wrote notes in, and the notes. */
export const LISTINGS_NOTED = {
  entry: 'content/papers/2025/03/04/2503.01234.mdx',
  notes: 'Read in the reading group.',
};

/** The sources of the listings: small real and hostile files, each with the test files that read it. */
const LISTINGS_SOURCES = {
  // sample.test.ts, links.test.ts
  'daily-papers-listing.txt': SAMPLE_LISTING,
  // site.test.ts, service-worker.test.ts
  'listing.txt': fixturePath('listing/hostile-and-math.txt'),
  // hf-site.test.ts, paper-page.test.ts, links.test.ts
  '2025-03-04.json': fixturePath('hf-daily/2025-03-04.json'),
  '2024-02-01.json': fixturePath('hf-daily/2024-02-01.json'),
  // links.test.ts: authors shared between papers
  'shared-authors.json': fixturePath('paperboy/shared-authors.json'),
  // paper-page.test.ts: a real arXiv API page, a published paper with its journal reference and DOI
  'published.xml': fixturePath('recorded/arxiv-api-2026-04-12.xml'),
};

/**
 * Adds the listings' made-up sources, imports them, writes notes, then runs `npm run build` as a
 * maintainer does every day; returns what the first import printed, then what the build printed.
 */
async function buildListings(site: SiteUnderTest, env: Record<string, string>): Promise<string> {
  // hf-site.test.ts: a paper with no abstract; paper-page.test.ts: the hostile paper; freshness.test.ts: an empty day.
  await site.addSource('no-abstract.json', JSON.stringify([{ title: 'A Talk With No Abstract', date: '2024-02-01' }]));
  await site.addSource('hostile.json', JSON.stringify([HOSTILE_PAPER]));
  await site.addSource(`${LISTINGS_EMPTY_DAY}.json`, '[]');
  // hf-site.test.ts: a maintainer's notes, written after the first import.
  const imported = await site.importPapers();
  await writeFile(
    join(site.dir, LISTINGS_NOTED.entry),
    `${await site.read(LISTINGS_NOTED.entry)}\n## Notes\n\n${LISTINGS_NOTED.notes}\n`,
  );
  // freshness.test.ts: fresh enough for a --max-age of a day more than its age.
  const maxAge = String(daysBetween(LISTINGS_NEWEST_DAY, today()) + 1);
  const { code, output } = await site.tryImportAndBuild(['--max-age', maxAge], env);
  if (code !== 0) throw new Error(`npm run build failed:\n${output}`);
  return imported + output;
}

/**
 * The first `count` papers of a real source (tests/fixtures/corpus), moved to `date` and written as
 * Paperboy records in the file's order, each with its place in it as the import gives it, and
 * `fields` set.
 */
function realDay(
  records: { record: Record<string, unknown> }[],
  date: string,
  count: number,
  fields: Record<string, unknown> = {},
): Record<string, unknown>[] {
  const seen = new Set<unknown>();
  // The daily-arXiv crawl repeats some lines: a paper counts once, as the import keeps it.
  const once = records.filter(({ record }) => {
    if (seen.has(record['arxivId'])) return false;
    seen.add(record['arxivId']);
    return true;
  });
  return once.slice(0, count).map(({ record }, index) => ({ ...record, ...fields, date, position: index + 1 }));
}

/**
 * The archive of browsing.test.ts and search.test.ts: about 200 weekdays of generated papers from
 * May 2023, most of a year; a busy day; two weekend days of real papers nobody upvoted.
 */
export const ARCHIVE = (() => {
  const corpus = generateCorpus(400, { perDay: [1, 3] });
  // A busy day, on a Saturday among the others: 130 papers, more than one day page holds. (Their
  // arXiv ids are of 2025, apart from the generated days' own.)
  const busyDay = '2023-05-13';
  const busyPapers = generateCorpus(130, { seed: 11, start: '2025-08-01', perDay: [130, 130] })[0]!.papers.map(
    (paper): Record<string, unknown> => ({ ...paper, date: busyDay }),
  );
  // Two weekend days of real papers nobody upvoted, in their sources' order: twelve of a daily-arXiv
  // day (one of them stripped of its links, as a hand-made record may come), eight of Hugging Face's.
  const arxivDay = '2023-05-14';
  const arxivPapers = realDay(
    parseDailyArxiv(fixture('corpus/daily-arxiv/2026-05-13.jsonl'), '2026-05-13.jsonl').records,
    arxivDay,
    12,
  );
  const unlinked = arxivPapers[4]!;
  delete unlinked['arxivId'];
  delete unlinked['links'];
  const sourceDay = '2023-05-20';
  const sourcePapers = realDay(parseHfDaily(fixture('corpus/hf/2026-08-13.json')).records, sourceDay, 8, {
    upvotes: 0,
  });
  const allDays: CorpusDay[] = [
    ...corpus,
    { date: busyDay, papers: busyPapers },
    { date: arxivDay, papers: arxivPapers },
    { date: sourceDay, papers: sourcePapers },
  ].sort((a, b) => a.date.localeCompare(b.date));
  return { corpus, busyDay, arxivDay, arxivPapers, sourceDay, sourcePapers, allDays };
})();

/** The base of incremental.test.ts and rebuild-equals-cold.test.ts: four days of three papers, and days to add. */
export const GENERATED = (() => {
  const days = generateCorpus(16, { perDay: [3, 3], seed: 11 });
  return {
    base: days.slice(0, 4),
    extra: days.slice(4),
    /** Every build of it runs on the same day, so that a rebuild and a cold build can be compared byte for byte. */
    env: { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) },
  };
})();

/** The real corpus (tests/fixtures/corpus/, SOURCES.md), every file of it, by its path inside it (`hf/2024-06-19.json`). */
export const CORPUS_FILES = readdirSync(fixturePath('corpus'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== 'SOURCES.md')
  .map((entry) => relative(fixturePath('corpus'), join(entry.parentPath, entry.name)))
  .sort();

/**
 * The corpus files `npm test` builds: one or more whole files of every format and source, about
 * 640 papers, so that the run stays within its two minutes. `npm run test:corpus` (which CI runs)
 * sets PAPERBOY_TEST_CORPUS=all and builds all 39 files, 3,301 papers, the same tests reading them.
 */
const CORPUS_SLICE = [
  'arxiv/atom/math_2026-06-20_riemann_arxiv_feed.xml',
  'arxiv/atom/math_2026-06-29_arxiv_feed.xml',
  'arxiv/daily-arxiv-math-RT/2026-07-21.jsonl',
  'arxiv/hep-th-listing-json/2026-08-12.json',
  'arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json',
  'daily-arxiv/2025-05-21.jsonl',
  'hf/2024-06-19.json',
  'hf/2025-06-18.json',
  'hf/2025-10-20.json',
];

/** Whether this run builds the whole corpus, or CORPUS_SLICE. */
export const WHOLE_CORPUS = process.env['PAPERBOY_TEST_CORPUS'] === 'all';

/** The corpus files this run's corpus site is built from. */
export const CORPUS_BUILT = WHOLE_CORPUS ? CORPUS_FILES : CORPUS_SLICE;

/**
 * A big collaboration in the Kaggle snapshot's shape, made here: the corpus has none, and the real
 * one (CMS and LHCb, arXiv 1411.4413, 2,832 names) would weigh 60 KB. Its author string starts as
 * arXiv's does, with the collaborations' names before a colon.
 */
export const COLLABORATION = (() => {
  const id = '1411.99999';
  const names = Array.from({ length: 2831 }, (_, i) => `A. Physicist${String(i + 1).padStart(4, '0')}`);
  const record = JSON.stringify({
    id,
    submitter: 'A. Physicist0001',
    authors: `The CMS and LHCb Collaborations: ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`,
    title: 'Observation of the rare $B^0_s\\to\\mu^+\\mu^-$ decay from the combined analysis of CMS and LHCb data',
    comments: '',
    'journal-ref': null,
    doi: null,
    categories: 'hep-ex hep-ph',
    abstract: '  The standard model of particle physics describes the fundamental particles and their\ninteractions.',
    versions: [{ version: 'v1', created: 'Mon, 17 Nov 2014 18:59:25 GMT' }],
    update_date: '2015-05-13',
    authors_parsed: [
      ['The CMS and LHCb Collaborations', '', ''],
      ...names.map((name) => name.split(' ').reverse().concat('')),
    ],
  });
  return { id, names, record };
})();

/** The entry that rendering.test.ts gives notes importing a component and writing JSX, and those notes. */
export const RENDERING_NOTED = 'content/papers/2025/03/04/2503.00042.mdx';
const RENDERING_NOTES = `## Notes

import Upvotes from '../../../../../src/components/Upvotes.astro';

<Upvotes count={7} />

<div class="my-note">Read in the <em>reading group</em>.</div>
`;
/** The settings the rendering site is built with. */
export const RENDERING_ENV = { SITE_URL, BASE_PATH: '/daily/', OFFLINE_BUDGET_KB: '64' };
/** What ends an entry's twin: an empty MDX expression, which sends it through Astro's MDX instead of the fast path. */
export const MDX_TWIN_SUFFIX = '-mdx';

/** How to make a shared site: the sources it starts from, then how it is imported and built. */
interface Recipe {
  sources: Record<string, string>;
  /** Imports and builds the site; returns what the build (and the import, where the test files read it) printed. */
  build(site: SiteUnderTest): Promise<string>;
}

const RECIPES = {
  /**
   * The real corpus, imported and built as a maintainer would (`npm run build`): CORPUS_BUILT of
   * tests/fixtures/corpus/, and the collaboration. corpus.test.ts.
   */
  corpus: {
    sources: Object.fromEntries(CORPUS_BUILT.map((file) => [file, join(fixturePath('corpus'), file)])),
    async build(site) {
      await site.addSource('collaboration.json', `${COLLABORATION.record}\n`);
      return site.importAndBuild();
    },
  },
  /** ARCHIVE, built for SITE_URL with one search index part (it is small): browsing.test.ts, search.test.ts. */
  archive: {
    sources: {},
    async build(site) {
      for (const day of ARCHIVE.allDays) {
        // Hugging Face's records carry `upvotes` and an AI `summary`: in a JSON array they would
        // read as Hugging Face's own format, so they go as JSON Lines.
        if (day.date === ARCHIVE.sourceDay) {
          await site.addSource(`${day.date}.jsonl`, day.papers.map((paper) => JSON.stringify(paper)).join('\n'));
        } else await site.addSource(`${day.date}.json`, JSON.stringify(day.papers));
      }
      return site.importAndBuild({ SITE_URL });
    },
  },
  /**
   * The listings (LISTINGS_SOURCES: the sample, hostile text and math, Hugging Face days, shared
   * authors, a published arXiv paper, the hostile paper, a paper with no abstract, an empty day),
   * with notes in one entry, built by `npm run build -- --max-age N` for SITE_URL at the root.
   * sample, site, service-worker, links, paper-page, hf-site and freshness.test.ts.
   */
  listings: {
    sources: LISTINGS_SOURCES,
    build: (site) => buildListings(site, { SITE_URL }),
  },
  /**
   * Entries that go through Paperboy's fast path and their twins that go through Astro's MDX
   * (rendering.test.ts): hostile text and math, Hugging Face, arXiv Atom, daily-arXiv, authors'
   * macros (import.test.ts's UNKNOWN_COMMANDS among them), the real arXiv abstracts of math.test.ts,
   * and forty generated papers. Built for SITE_URL under the base path /daily/, with a first-visit
   * budget (OFFLINE_BUDGET_KB) too small for its search index: site, links and service-worker.test.ts
   * read it as the site under a base path. Returns the import's output, then the build's.
   */
  rendering: {
    sources: {
      'listing.txt': fixturePath('listing/hostile-and-math.txt'),
      'hf.json': fixturePath('hf-daily/2025-03-04.json'),
      'arxiv.xml': fixturePath('arxiv/atom-with-math.xml'),
      'daily-arxiv.jsonl': fixturePath('daily-arxiv/2025-03-04.jsonl'),
      'real.xml': fixturePath('arxiv/real-abstracts.xml'),
    },
    async build(site) {
      // Author macros, unknown commands, percent signs and a definition: MDX must typeset them as the fast path does.
      await site.addSource(
        'macros.json',
        JSON.stringify([
          {
            title: 'Stars',
            date: '2025-06-02',
            abstract: 'Masses of $1.4\\msun$ and $a = 7.54 \\pm 0.30 \\rsun \\XQM$.',
          },
          {
            title: 'Modules',
            date: '2025-06-02',
            abstract: 'Hilbert $G$-$\\cla$ modules over $\\Q(\\sqrt{5})$, a $5% \\pm 1%$ gain.',
          },
          {
            title: 'Definitions',
            date: '2025-06-02',
            abstract: 'Here $\\gdef\\alpha{EVIL}\\alpha$ and then $\\alpha$.',
          },
        ]),
      );
      await site.addSource('unknown-commands.json', JSON.stringify(UNKNOWN_COMMANDS));
      for (const day of generateCorpus(40, { perDay: [20, 20] }))
        await site.addSource(`${day.date}.json`, JSON.stringify(day.papers));
      const imported = await site.importPapers();
      for (const path of await site.files('content/papers')) {
        if (!path.endsWith('.mdx')) continue;
        const file = join(site.dir, 'content/papers', path);
        await writeFile(file.replace(/\.mdx$/, `${MDX_TWIN_SUFFIX}.mdx`), `${await readFile(file, 'utf8')}\n{''}\n`);
      }
      // One entry whose notes import and use a component, and write JSX.
      await writeFile(join(site.dir, RENDERING_NOTED), `${await site.read(RENDERING_NOTED)}\n${RENDERING_NOTES}`);
      return imported + (await site.build(RENDERING_ENV));
    },
  },
  /** GENERATED's base, built by `npm run build` without SITE_URL: incremental and rebuild-equals-cold.test.ts, paper-page.test.ts. */
  generated: {
    sources: {},
    async build(site) {
      for (const day of GENERATED.base) await site.addSource(`${day.date}.json`, JSON.stringify(day.papers));
      return site.importAndBuild(GENERATED.env);
    },
  },
} satisfies Record<string, Recipe>;

export type SharedSiteName = keyof typeof RECIPES;

/** A shared site, built: read it, never change it (change `site.copy()`). */
export interface SharedSite {
  site: SiteUnderTest;
  /** What its recipe's build printed. */
  output: string;
}

/**
 * The shared site `name`, built by this call or by the test file that asked first. Call it in a
 * `beforeAll`: it may wait for a build.
 */
export async function sharedSite(name: SharedSiteName): Promise<SharedSite> {
  const folder = inject('sharedSitesDir');
  const dir = join(folder, name);
  const done = join(folder, `${name}.json`);
  let mine = true;
  // Whoever makes the folder builds the site; mkdir is atomic, so exactly one file does.
  await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    mine = false;
  });
  if (mine) {
    const recipe: Recipe = RECIPES[name];
    let result: { output: string } | { error: string };
    try {
      result = { output: await recipe.build(await createSiteIn(dir, recipe.sources)) };
    } catch (error) {
      result = { error: `the shared site "${name}" could not be built: ${(error as Error).message}` };
    }
    // Written whole under another name first: a waiting file never reads half of it.
    await writeFile(`${done}.tmp`, JSON.stringify(result));
    await rename(`${done}.tmp`, done);
  }
  while (!existsSync(done)) await sleep(100);
  const result = JSON.parse(readFileSync(done, 'utf8')) as { output: string } | { error: string };
  if ('error' in result) throw new Error(result.error);
  return { site: siteAt(dir), output: result.output };
}

/** The entries of `site` whose records came from `source` (a file name in content/sources/), with their slugs. */
export async function entriesFrom(site: SiteUnderTest, source: string): Promise<{ path: string; slug: string }[]> {
  const entries: { path: string; slug: string }[] = [];
  for (const path of await site.files('content/papers')) {
    if (!path.endsWith('.mdx')) continue;
    const text = await site.read(`content/papers/${path}`);
    if (/^source: (.*)$/m.exec(text)?.[1] === `content/sources/${source}`) {
      entries.push({ path: `content/papers/${path}`, slug: path.replace(/^.*\//, '').replace(/\.mdx$/, '') });
    }
  }
  return entries;
}
