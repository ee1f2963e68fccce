import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/*
 * Permissions only bind an ordinary user: as root, the import runs as `nobody` through setpriv.
 * Where neither is possible the tests are skipped, and say why.
 */
const run = promisify(execFile);
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const canDrop = isRoot && existsSync('/usr/bin/setpriv');
const reason = isRoot && !canDrop ? 'running as root without setpriv, so permissions cannot bind' : undefined;
if (reason) console.warn(`Skipping the permission tests: ${reason}.`);

let site: SiteUnderTest;
afterEach(() => site?.remove());

/** Runs the import as an ordinary user; resolves with its exit code and output. */
async function importAsUser(...importArgs: string[]): Promise<{ code: number; output: string }> {
  const command = canDrop ? '/usr/bin/setpriv' : process.execPath;
  const args = canDrop
    ? [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        '--',
        process.execPath,
        'scripts/import.ts',
        ...importArgs,
      ]
    : ['scripts/import.ts', ...importArgs];
  return run(command, args, { cwd: site.dir }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

/** Hands the whole site to the user the import runs as. */
async function giveToUser(dir: string): Promise<void> {
  if (!canDrop) return;
  await chown(dir, NOBODY, NOBODY);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.name !== 'node_modules' && !entry.parentPath.includes('node_modules'))
      await chown(join(entry.parentPath, entry.name), NOBODY, NOBODY);
  }
}

/** Every entry's text, read as root, to prove nothing was written. */
async function snapshot(): Promise<Map<string, string>> {
  const files = (await site.files('content/papers')).filter((file) => file.endsWith('.mdx'));
  return new Map(
    await Promise.all(
      files.map(async (file) => [file, await readFile(join(site.dir, 'content/papers', file), 'utf8')] as const),
    ),
  );
}

describe.skipIf(reason !== undefined)('an import that cannot read everything', () => {
  async function importedSite(): Promise<void> {
    site = await createSite({ 'day.json': fixturePath('hf-daily/2025-03-04.json') });
    await site.importPapers();
    // Upvotes grew since: the import would rewrite every entry it can read.
    const source = await readFile(fixturePath('hf-daily/2025-03-04.json'), 'utf8');
    await site.addSource(
      'day.json',
      source.replaceAll('"upvotes": 42', '"upvotes": 50').replaceAll('"upvotes": 7', '"upvotes": 9'),
    );
    await site.addSource('more.json', await readFile(fixturePath('paperboy/reading-group.json'), 'utf8'));
    await giveToUser(site.dir);
  }

  test('stops before writing anything when a folder of entries cannot be read', async () => {
    await importedSite();
    const before = await snapshot();
    await chmod(join(site.dir, 'content/papers/2025/03'), 0o000);
    const { code, output } = await importAsUser();
    await chmod(join(site.dir, 'content/papers/2025/03'), 0o755);
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      '[import] content/papers/2025/03: permission denied; let your user read and write it (chmod u+rw) (EACCES)',
    );
    expect(await snapshot()).toEqual(before);
  });

  test('stops before writing anything when an entry cannot be read', async () => {
    await importedSite();
    const before = await snapshot();
    const entry = 'content/papers/2025/03/04/2503.00042.mdx';
    await chmod(join(site.dir, entry), 0o000);
    const { code, output } = await importAsUser();
    await chmod(join(site.dir, entry), 0o644);
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `[import] ${entry}: permission denied; let your user read and write it (chmod u+rw) (EACCES)`,
    );
    expect(await snapshot()).toEqual(before);
  });

  test('skips a source it cannot read, and imports the rest', async () => {
    await importedSite();
    await writeFile(join(site.dir, 'content/sources/secret.json'), '[]');
    await giveToUser(site.dir);
    await chmod(join(site.dir, 'content/sources/secret.json'), 0o000);
    const { code, output } = await importAsUser();
    expect(code).toBe(0);
    expect(output).toContain(
      '[import] content/sources/secret.json: permission denied; let your user read and write it (chmod u+rw) (EACCES); file skipped',
    );
    expect(output).toMatch(/\d+ imported, 0 skipped, 0 cleaned, 1 file unreadable/);
  });

  test('with --prune, stops at a source it cannot read before anything is pruned or written', async () => {
    await importedSite();
    const before = await snapshot();
    // more.json's papers would be pruned if the import took the unreadable file for an empty one.
    await chmod(join(site.dir, 'content/sources/more.json'), 0o000);
    const { code, output } = await importAsUser('--prune');
    await chmod(join(site.dir, 'content/sources/more.json'), 0o644);
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      '[import] content/sources/more.json: permission denied; let your user read and write it (chmod u+rw) (EACCES); ' +
        '--prune stops here, so nothing was pruned or written: fix the file or move it out of content/sources/',
    );
    expect(await snapshot()).toEqual(before);
  });
});
