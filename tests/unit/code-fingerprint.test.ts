import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { codeFiles, codeFingerprint } from '../../src/lib/code-fingerprint.ts';
import { CACHED_ROUTES } from '../../src/lib/page-cache.ts';

const projectRoot = new URL('../../', import.meta.url).pathname;

/*
 * The page cache keys every page on its route's code fingerprint (src/integrations/page-cache.ts):
 * when the code a page runs changes, no page rendered by the old code is reused. Each check works
 * on a copy of the project's code, in a folder of its own, since fingerprints are computed once
 * per process and folder.
 */
describe('the code fingerprint of a page', () => {
  const paperPage = CACHED_ROUTES.papers;
  const copies: string[] = [];

  /** A copy of the code and of the files every fingerprint covers. */
  async function copyOfProject(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'paperboy-code-'));
    copies.push(dir);
    for (const name of ['src', 'scripts', 'package-lock.json', 'astro.config.mjs'])
      await cp(join(projectRoot, name), join(dir, name), { recursive: true, preserveTimestamps: true });
    return dir;
  }

  let original: string;
  beforeAll(async () => {
    original = codeFingerprint(await copyOfProject(), paperPage);
  });
  afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

  test('covers the page, the components it renders, their scripts and the site settings', async () => {
    const files = codeFiles(await copyOfProject(), paperPage);
    for (const file of [
      paperPage,
      'src/layouts/Base.astro',
      'src/components/SaveButton.astro',
      'src/lib/papers.ts',
      'src/site.ts',
    ]) {
      expect(files).toContain(file);
    }
    expect(files).not.toContain('scripts/import.ts');
  });

  test('changes when a file the page imports changes, the site settings among them', async () => {
    const dir = await copyOfProject();
    const site = join(dir, 'src/site.ts');
    await writeFile(site, (await readFile(site, 'utf8')).replace('Paperboy Daily Papers', 'Our Daily Papers'));
    expect(codeFingerprint(dir, paperPage)).not.toBe(original);
  });

  test('changes when the lockfile changes, and not when code the page never imports does', async () => {
    const unrelated = await copyOfProject();
    await writeFile(join(unrelated, 'scripts/import.ts'), '// rewritten\n');
    expect(codeFingerprint(unrelated, paperPage)).toBe(original);
    const locked = await copyOfProject();
    await writeFile(join(locked, 'package-lock.json'), '{}\n');
    expect(codeFingerprint(locked, paperPage)).not.toBe(original);
  });
});
