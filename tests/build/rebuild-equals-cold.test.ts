import fc from 'fast-check';
import { cp, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CorpusDay } from '../../scripts/bench/corpus.ts';
import { GENERATED, sharedSite } from '../helpers/shared-sites.ts';
import { siteAt, type SiteUnderTest } from '../helpers/site.ts';

/*
 * The promise of the caches, as a property: whatever happens between builds (sources change, notes
 * are written, code and settings change, the cache or dist/ is damaged), a rebuild with every
 * cache in place gives, byte for byte, the site a cold build of the same state gives.
 *
 * Each run starts from a copy of a site built once (the shared generated site of
 * tests/helpers/shared-sites.ts: four days of papers), applies a random sequence of steps, each a
 * few changes and a rebuild, then builds the final state again from nothing (no .cache/, no
 * dist/) and compares every file of dist/. Astro builds take seconds, so `npm test` makes one run
 * of one or two steps; fast-check picks a new one each time the suite runs, and prints the seed of
 * one that fails. `PROPERTY_RUNS=20 npm test -- tests/build/rebuild-equals-cold.test.ts` tries harder.
 */

/** One change a maintainer, a tool or a disk makes between two builds. */
type Change =
  | { kind: 'title'; paper: number; title: string }
  | { kind: 'abstract'; paper: number }
  | { kind: 'upvotes'; paper: number; upvotes: number }
  | { kind: 'authors'; paper: number }
  | { kind: 'notes'; paper: number; mdx: boolean }
  | { kind: 'new day' }
  | { kind: 'remove source'; day: number }
  | { kind: 'move paper'; paper: number }
  | { kind: 'component text' }
  | { kind: 'library output' }
  | { kind: 'setting'; name: 'BASE_PATH' | 'SITE_URL' | 'title' }
  | { kind: 'truncate cache file'; file: number }
  | { kind: 'page changed in dist'; file: number };

const paper = fc.nat(11);
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('title' as const),
    paper,
    // Some titles keep their plain text but change their typeset form: `x` is `$x$` and `$\mathbf{x}$`.
    title: fc.constantFrom('A study of $x$', 'A study of $\\mathbf{x}$', 'Plain words', 'Müller–Šrámek bounds'),
  }),
  fc.record({ kind: fc.constant('abstract' as const), paper }),
  fc.record({ kind: fc.constant('upvotes' as const), paper, upvotes: fc.nat(500) }),
  fc.record({ kind: fc.constant('authors' as const), paper }),
  fc.record({ kind: fc.constant('notes' as const), paper, mdx: fc.boolean() }),
  fc.constant({ kind: 'new day' as const }),
  fc.record({ kind: fc.constant('remove source' as const), day: fc.nat(3) }),
  fc.record({ kind: fc.constant('move paper' as const), paper }),
  fc.constant({ kind: 'component text' as const }),
  fc.constant({ kind: 'library output' as const }),
  fc.record({
    kind: fc.constant('setting' as const),
    name: fc.constantFrom<'BASE_PATH' | 'SITE_URL' | 'title'>('BASE_PATH', 'SITE_URL', 'title'),
  }),
  fc.record({ kind: fc.constant('truncate cache file' as const), file: fc.nat() }),
  fc.record({ kind: fc.constant('page changed in dist' as const), file: fc.nat() }),
);

/** Every file under `dir`, sorted, as paths inside it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** The files of two dist/ folders that differ, or exist in one only. */
async function differences(a: string, b: string): Promise<string[]> {
  const [left, right] = await Promise.all([filesUnder(a), filesUnder(b)]);
  const names = [...new Set([...left, ...right])].sort();
  const differing: string[] = [];
  for (const name of names) {
    const [x, y] = await Promise.all([
      readFile(join(a, name)).catch(() => null),
      readFile(join(b, name)).catch(() => null),
    ]);
    if (!x || !y || !x.equals(y)) differing.push(name);
  }
  return differing;
}

/** The state a run builds: the sources by file name, and the environment the builds see. */
interface State {
  days: CorpusDay[];
  env: Record<string, string>;
  next: number;
}

describe('a rebuild with every cache in place', () => {
  const { base, extra, env: FIXED } = GENERATED;
  let built: SiteUnderTest;

  beforeAll(async () => {
    ({ site: built } = await sharedSite('generated'));
  });

  /** Runs per `npm test`: each is a few builds. */
  const runs = Number(process.env['PROPERTY_RUNS'] ?? 1);

  test(
    'gives, byte for byte, what a cold build of the same state gives',
    { timeout: 60_000 + runs * 90_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
          async (steps) => {
            const dir = await mkdtemp(join(tmpdir(), 'paperboy-rebuild-'));
            const cold = await mkdtemp(join(tmpdir(), 'paperboy-cold-'));
            try {
              await cp(built.dir, dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
              const state: State = { days: structuredClone(base), env: { ...FIXED }, next: 0 };
              for (const step of steps) {
                for (const one of step) await apply(dir, state, one, extra);
                await buildIn(dir, state.env);
              }
              // The same state from nothing: sources, entries (notes live there) and code, no caches.
              for (const name of [
                'package.json',
                'astro.config.mjs',
                'tsconfig.json',
                'src',
                'public',
                'scripts',
                'content',
              ]) {
                await cp(join(dir, name), join(cold, name), { recursive: true });
              }
              await cp(join(dir, 'node_modules'), join(cold, 'node_modules'), {
                recursive: true,
                verbatimSymlinks: true,
              });
              await buildIn(cold, state.env);
              expect(await differences(join(dir, 'dist'), join(cold, 'dist')), JSON.stringify(steps)).toEqual([]);
            } finally {
              await rm(dir, { recursive: true, force: true });
              await rm(cold, { recursive: true, force: true });
            }
          },
        ),
        { numRuns: runs, endOnFailure: true },
      );
    },
  );
});

/** Runs `npm run build -- --prune` in the site in `dir` with this environment; fails with its output if it fails. */
async function buildIn(dir: string, env: Record<string, string>): Promise<void> {
  const { code, output } = await siteAt(dir).tryImportAndBuild(['--prune'], env);
  if (code !== 0) throw new Error(`the build in ${dir} failed:\n${output}`);
}

/** Applies one change to the site in `dir`, keeping `state` (its sources and environment) in step. */
async function apply(dir: string, state: State, change: Change, extra: CorpusDay[]): Promise<void> {
  const papers = state.days.flatMap((day) => day.papers);
  const pick = (index: number) => papers[index % papers.length]!;
  const saveSources = async () => {
    for (const day of state.days) {
      await writeFile(join(dir, 'content/sources', `${day.date}.json`), JSON.stringify(day.papers));
    }
  };
  switch (change.kind) {
    case 'title':
      pick(change.paper)['title'] = change.title;
      return saveSources();
    case 'abstract':
      pick(change.paper)['abstract'] = `A new abstract about $\\alpha_${change.paper}$ and diffusion models.`;
      return saveSources();
    case 'upvotes':
      pick(change.paper)['upvotes'] = change.upvotes;
      return saveSources();
    case 'authors':
      pick(change.paper)['authors'] = ['Zoë Newcomer', 'Thomas M\\"uller'];
      pick(change.paper)['authorCount'] = 2;
      return saveSources();
    case 'notes': {
      const entries = (await filesUnder(join(dir, 'content/papers'))).filter((file) => file.endsWith('.mdx'));
      if (entries.length === 0) return;
      const entry = join(dir, 'content/papers', entries[change.paper % entries.length]!);
      const text = await readFile(entry, 'utf8');
      const notes = change.mdx
        ? '\n<details><summary>Why it matters</summary>A note with {1 + 1} in it.</details>\n'
        : '\nA plain note with $e^{i\\pi} = -1$.\n';
      await writeFile(entry, text.includes('## Notes') ? `${text}${notes}` : `${text}\n## Notes\n${notes}`);
      return;
    }
    case 'new day': {
      const day = extra[state.next++ % extra.length]!;
      if (!state.days.some((known) => known.date === day.date)) state.days.push(structuredClone(day));
      return saveSources();
    }
    case 'remove source': {
      if (state.days.length <= 1) return;
      const [removed] = state.days.splice(change.day % state.days.length, 1);
      await rm(join(dir, 'content/sources', `${removed!.date}.json`), { force: true });
      return;
    }
    case 'move paper': {
      const from = state.days.find((day) => day.papers.includes(pick(change.paper)))!;
      const to = state.days[(state.days.indexOf(from) + 1) % state.days.length]!;
      if (from === to) return;
      const moved = pick(change.paper);
      from.papers.splice(from.papers.indexOf(moved), 1);
      moved['date'] = to.date;
      to.papers.push(moved);
      return saveSources();
    }
    case 'component text': {
      const file = join(dir, 'src/components/RelatedPapers.astro');
      await writeFile(file, (await readFile(file, 'utf8')).replace('Related papers', 'Papers like this one'));
      return;
    }
    case 'library output': {
      const file = join(dir, 'src/lib/papers.ts');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('et al. (', 'and others (').replace("'author')", "'writer')"),
      );
      return;
    }
    case 'setting':
      if (change.name === 'title') {
        const file = join(dir, 'src/site.ts');
        await writeFile(file, (await readFile(file, 'utf8')).replace(/title: '[^']*'/, "title: 'Our Reading Group'"));
      } else if (change.name === 'BASE_PATH') {
        state.env['BASE_PATH'] = state.env['BASE_PATH'] === '/daily/' ? '/' : '/daily/';
      } else {
        state.env['SITE_URL'] = 'https://papers.example.org';
      }
      return;
    case 'truncate cache file': {
      const files = await filesUnder(join(dir, '.cache'));
      if (files.length === 0) return;
      const file = join(dir, '.cache', files[change.file % files.length]!);
      await truncate(file, Math.floor((await stat(file)).size / 2));
      return;
    }
    case 'page changed in dist': {
      const pages = (await filesUnder(join(dir, 'dist'))).filter((file) => file.endsWith('.html'));
      if (pages.length === 0) return;
      await appendFile(
        join(dir, 'dist', pages[change.file % pages.length]!),
        '<script src="/analytics.js"></script>\n',
      );
      return;
    }
  }
}
