/*
 * What a cache's contents depend on besides its data: the code that made them. A cache names its
 * entry modules; its fingerprint hashes every project file those modules really import (esbuild
 * follows the import graph: `.ts`, `.astro` components and their scripts, styles), the lockfile
 * (every dependency's version, KaTeX's among them), the site config and the site's settings as this
 * process resolved them (`SITE_URL`, `BASE_PATH`, macros, search parts). No cache keeps a list of
 * files by hand, so none can forget one.
 */
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SITE } from '../site.ts';
import { CACHE_DIR, writeFileAtomic } from './cache-files.ts';

/** Where each graph's walk is remembered between processes. */
const CODE_CACHE_DIR = `${CACHE_DIR}/code`;

/** Files every fingerprint covers besides the import graph: dependencies' versions and the site config. */
const ALWAYS = ['package-lock.json', 'astro.config.mjs'];

/**
 * An `.astro` file as esbuild can follow it: its frontmatter, and the code of its bundled
 * `<script>`s (an `is:inline` one is part of the file's own bytes, hashed with it).
 */
function astroCode(path: string): string {
  const source = readFileSync(path, 'utf8');
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1] ?? '';
  const scripts = [...source.matchAll(/<script(?![^>]*\bis:inline)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (match) => match[1],
  );
  return [frontmatter, ...scripts].join('\n;\n');
}

const fingerprints = new Map<string, string>();

/**
 * The fingerprint of the code `entryModules` (paths from the project root) run, with the lockfile,
 * the site config and the site's settings: 16 hex digits. Computed once per process; between
 * processes, a graph whose files all have the size and modification time they had is not walked
 * again (`.cache/paperboy/code/`): editing any file of it, a new import included, changes its time.
 * @example codeFingerprint(root, 'src/lib/render/entry-view.ts') // '3f9a…'
 */
export function codeFingerprint(root: string, ...entryModules: string[]): string {
  const key = [resolve(root), ...entryModules].join('\0');
  let fingerprint = fingerprints.get(key);
  if (!fingerprint) {
    const code = rememberedCode(root, entryModules) ?? walkedCode(root, entryModules);
    fingerprint = createHash('sha256').update(code).update(JSON.stringify(SITE)).digest('hex').slice(0, 16);
    fingerprints.set(key, fingerprint);
  }
  return fingerprint;
}

/** What a walk of the graph found, kept for the next process. */
interface WalkedGraph {
  /** Each file with its size and modification time when it was hashed. */
  files: [path: string, size: number, modified: number][];
  code: string;
}

const memoPath = (root: string, entryModules: string[]) =>
  join(root, CODE_CACHE_DIR, `${createHash('sha256').update(entryModules.join('\0')).digest('hex').slice(0, 16)}.json`);

function rememberedCode(root: string, entryModules: string[]): string | undefined {
  try {
    const walked = JSON.parse(readFileSync(memoPath(root, entryModules), 'utf8')) as WalkedGraph;
    const same = walked.files.every(([path, size, modified]) => {
      const now = statSync(join(root, path), { throwIfNoEntry: false });
      return now !== undefined && now.size === size && now.mtimeMs === modified;
    });
    return same && typeof walked.code === 'string' ? walked.code : undefined;
  } catch {
    return undefined;
  }
}

function walkedCode(root: string, entryModules: string[]): string {
  const hash = createHash('sha256');
  const files: WalkedGraph['files'] = [];
  for (const file of [...codeFiles(root, ...entryModules), ...ALWAYS].sort()) {
    const path = join(root, file);
    const info = statSync(path, { throwIfNoEntry: false });
    hash
      .update(file)
      .update('\0')
      .update(info ? readFileSync(path) : 'missing')
      .update('\0');
    if (info) files.push([file, info.size, info.mtimeMs]);
  }
  const code = hash.digest('hex');
  try {
    mkdirSync(join(root, CODE_CACHE_DIR), { recursive: true });
    writeFileAtomic(memoPath(root, entryModules), JSON.stringify({ files, code } satisfies WalkedGraph));
  } catch {
    // A read-only checkout still builds: the graph is walked again next time.
  }
  return code;
}

/** The project files `entryModules` import, themselves included, from the project root. */
export function codeFiles(root: string, ...entryModules: string[]): string[] {
  const projectRoot = resolve(root);
  const files = new Set<string>();
  const pending = [...entryModules];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    // esbuild follows TypeScript, styles and their assets; `.astro` files it cannot read are
    // followed here, each as the code it holds.
    const astro = file.endsWith('.astro');
    const { metafile } = buildSync({
      absWorkingDir: projectRoot,
      ...(astro
        ? {
            stdin: {
              contents: astroCode(join(projectRoot, file)),
              resolveDir: dirname(join(projectRoot, file)),
              loader: 'ts',
            },
          }
        : { entryPoints: [file] }),
      bundle: true,
      write: false,
      // Required to bundle a stylesheet; nothing is written.
      outdir: 'fingerprint',
      metafile: true,
      packages: 'external',
      // Astro's virtual modules (`astro:content`) are Astro's code: the lockfile covers it.
      external: ['astro:*', '*.astro'],
      platform: 'node',
      format: 'esm',
      // Fonts and images a stylesheet names are assets, not code.
      loader: { '.woff2': 'empty', '.woff': 'empty', '.svg': 'empty', '.png': 'empty' },
      logLevel: 'silent',
    });
    for (const [input, { imports }] of Object.entries(metafile.inputs)) {
      if (input !== '<stdin>') files.add(input);
      const from = input === '<stdin>' ? dirname(file) : dirname(input);
      for (const { path, external } of imports) {
        if (external && path.endsWith('.astro')) pending.push(relative(projectRoot, resolve(projectRoot, from, path)));
      }
    }
  }
  return [...files].sort();
}
