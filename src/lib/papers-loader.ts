import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paperSchema } from '../schema.ts';
import { readArchive, readFreshArchive } from './archive.ts';
import { entryBody, readEntryFile } from './entries.ts';
import { bodyPlace, invalidMdxProblem } from './import/invalid-mdx.ts';
import type { ExistingEntry } from './import/plan.ts';
import { digestOf } from './cache-files.ts';
import { RenderCache } from './render/cache.ts';
import { renderEntryView } from './render/entry-view.ts';

/** How many entry files are read at once. */
const CONCURRENCY = 32;

/**
 * The content loader for paper entries: the `.mdx` files under `base`, at any depth. Each entry's
 * id is its file name, the permalink slug fixed at import. An entry is stored with its frontmatter and the digest
 * of its file; its typeset views and body HTML live in the render cache (the import fills it), so
 * no module is made per entry. Only an entry that uses MDX-only syntax (JSX, imports, expressions)
 * is left to Astro's MDX, as a deferred render. An unchanged file is not read twice: the data
 * store keeps its digest between builds.
 */
export function papersLoader(options: { base: string; excerptWords: number }): Loader & { schema: typeof paperSchema } {
  return {
    name: 'paperboy:papers',
    schema: paperSchema,
    load: async (context) => {
      const root = fileURLToPath(context.config.root);
      const base = join(root, options.base);
      const cache = RenderCache.open(root);
      // What the import last read of each file, by digest: a file it read needs no parsing again.
      // Within `npm run build` the import has just read them all, so its list is the list of files.
      const fresh = await readFreshArchive(root);
      const known = new Map((fresh ?? (await readArchive(root))).map((entry) => [entry.digest, entry]));
      const byPath = fresh && new Map(fresh.map((entry) => [entry.path, entry]));
      const sync = (file: string) => syncEntry(context, { ...options, root, file, cache, known, fresh: byPath });

      const files = fresh ? fresh.map((entry) => join(root, entry.path)) : await listEntries(base);
      const seen = new Map<string, string>();
      // Every entry that cannot be read is named, each in the import's words, before the build stops.
      const unreadable: string[] = [];
      const syncOrNote = (file: string) =>
        sync(file).catch((error: unknown) => {
          if (!(error instanceof UnreadableEntry)) throw error;
          unreadable.push(error.message);
          return undefined;
        });
      for (let start = 0; start < files.length; start += CONCURRENCY) {
        const ids = await Promise.all(files.slice(start, start + CONCURRENCY).map(syncOrNote));
        ids.forEach((id, index) => {
          if (id === undefined) return;
          const file = files[start + index]!;
          const other = seen.get(id);
          if (other) {
            throw new Error(
              `${relative(root, other)} and ${relative(root, file)} are both entry "${id}"; keep one of them (npm run import resolves a duplicate a crash left behind)`,
            );
          }
          seen.set(id, file);
        });
      }
      if (unreadable.length > 0) {
        unreadable.forEach((problem) => context.logger.error(problem));
        throw new AstroError(
          `${unreadable.length === 1 ? 'An entry' : `${unreadable.length} entries`} cannot be read (see above)`,
          'Fix each entry at the line named, or delete it to import it again.',
        );
      }
      for (const id of context.store.keys()) if (!seen.has(id)) context.store.delete(id);

      context.watcher?.on('all', (event, path) => {
        if (!path.startsWith(base + sep) || !path.endsWith('.mdx')) return;
        if (event === 'unlink') context.store.delete(idOf(path));
        else if (event === 'add' || event === 'change') void sync(path);
      });
    },
  };
}

/** An entry file that is not a valid entry; its message is the import's for it. */
class UnreadableEntry extends Error {}

const idOf = (file: string) => file.slice(file.lastIndexOf(sep) + 1, -'.mdx'.length);

async function listEntries(base: string): Promise<string[]> {
  const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mdx') && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Reads one entry into the store, typesetting it unless the render cache has it. Returns its id.
 * An entry that cannot be read stops the build with the message the import gives for it.
 */
async function syncEntry(
  { store, parseData }: LoaderContext,
  options: {
    root: string;
    file: string;
    cache: RenderCache;
    /** What the import knows of entry files, by digest. */
    known: ReadonlyMap<string, ExistingEntry>;
    /** The entries the import of this build read, by path: their files need not be read again. */
    fresh: ReadonlyMap<string, ExistingEntry> | undefined;
    excerptWords: number;
  },
): Promise<string> {
  const { root, file, cache, known } = options;
  const id = idOf(file);
  const filePath = relative(root, file).split(sep).join('/');
  let text: string | undefined;
  const read = async () => (text ??= await readFile(file, 'utf8'));
  const listed = options.fresh?.get(filePath);
  const digest = listed?.digest || digestOf(await read());
  const existing = store.get(id);
  if (existing?.digest === digest && existing.filePath === filePath && cache.has(digest)) {
    if (existing.deferredRender) store.addModuleImport(filePath);
    return id;
  }
  if (listed?.problem) throw new UnreadableEntry(`${filePath}: ${listed.problem}`);
  let frontmatter = known.get(digest)?.path === filePath ? known.get(digest)!.frontmatter : undefined;
  if (!frontmatter) {
    const entry = readEntryFile(await read());
    if (!entry.ok) throw new UnreadableEntry(`${filePath}: ${entry.problem}`);
    frontmatter = entry.frontmatter;
  }
  const data = await parseData({ id, data: frontmatter, filePath: file });
  let view = cache.view(digest);
  if (!view) {
    const text = await read();
    let rendered: ReturnType<typeof renderEntryView>;
    try {
      rendered = renderEntryView(String(data['title']), entryBody(text), options.excerptWords);
    } catch (error) {
      // Notes that are not valid MDX: named by file, line and column, as the import names them.
      const problem = invalidMdxProblem(filePath, bodyPlace(text), error);
      if (problem) throw new UnreadableEntry(problem);
      throw error;
    }
    cache.save(digest, rendered.view, rendered.bodyHtml);
    view = rendered.view;
  }
  store.set({ id, data, filePath, digest, ...(view.renderer === 'mdx' ? { deferredRender: true } : {}) });
  return id;
}
