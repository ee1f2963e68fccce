import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { HOLD_LOCK_UNTIL_VARIABLE } from '../../scripts/lib/test-points.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, startCommand, type SiteUnderTest } from '../helpers/site.ts';

/*
 * `npm run build` stops, with one line and no stack trace, rather than publish a wrong site or
 * let two runs write the same files. Each case runs the real build as a maintainer would.
 */

const HF_DAY = fixturePath('hf-daily/2025-03-04.json');
const ENTRY = 'content/papers/2025/03/04/2503.01234.mdx';
const STACK_TRACE = /\n\s+at /;

let site: SiteUnderTest;
afterEach(() => site?.remove());

describe('two builds at once', () => {
  test('the second stops at once while the first builds the site, naming it; so does an import', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    // The first holds its lock between its import and its site stage until the test lets it go on.
    const go = join(site.dir, 'go');
    const first = startCommand(site.dir, 'scripts/build.ts', [], { [HOLD_LOCK_UNTIL_VARIABLE]: go });
    await first.printed(/\[build\] holding the lock until /);

    const second = await site.tryImportAndBuild([]);
    expect(second.code).toBe(1);
    expect(second.output.trim()).toMatch(
      /^\[build\] another build is running \(pid \d+, started [^)]+\); wait for it to finish, or delete content\/\.import\.lock if none is running$/,
    );
    const importing = await site.tryImportProcess([]);
    expect(importing.code).toBe(1);
    expect(importing.output.trim()).toMatch(/^\[import\] another build is running \(pid \d+, /);
    // The build hands its lock to the import it starts, and to no other process, whatever it is told.
    const { pid, token } = JSON.parse(await site.read('content/.import.lock')) as { pid: number; token: string };
    const sneaking = await site.tryImportProcess([], { PAPERBOY_LOCK_HOLDER: `${pid}:${token}` });
    expect(sneaking.code).toBe(1);
    expect(sneaking.output).toMatch(/^\[import\] another build is running/);

    await writeFile(go, '');
    const { code, output } = await first.done;
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/ENOENT|ENOTEMPTY/);
    expect(existsSync(join(site.dir, 'dist/papers/2503.01234/index.html'))).toBe(true);
    expect(existsSync(join(site.dir, 'content/.import.lock'))).toBe(false);
  });
});

describe('notes whose MDX does not compile', () => {
  test('stop the build with the entry file, the line in that file and the reason, in one line', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    await site.importPapers();
    const entry = `${await site.read(ENTRY)}\n## Notes\n\nRead on Friday: <Unclosed\n`;
    await writeFile(join(site.dir, ENTRY), entry);
    const line = entry.split('\n').indexOf('Read on Friday: <Unclosed') + 1;

    const { code, output } = await site.tryImportAndBuild([]);
    expect(code).toBe(1);
    expect(output.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^\\[import\\] ${ENTRY}:${line}:26: the notes are not valid MDX: Unexpected end of file in name, .*; fix them, the build stops here$`,
      ),
    );
    expect(output).not.toMatch(STACK_TRACE);
    expect(existsSync(join(site.dir, 'dist'))).toBe(false);
  });
});

describe('a bad setting in the environment', () => {
  test('stops the build with one line naming the variable, what it must be and what it was', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    for (const [env, line] of [
      [{ SEARCH_PART_PAPERS: 'abc' }, '[build] SEARCH_PART_PAPERS="abc": must be a whole number, 1 or more'],
      [
        { SITE_URL: 'me.github.io' },
        '[build] SITE_URL="me.github.io": must be an absolute http:// or https:// address, such as https://me.github.io',
      ],
    ] as const) {
      const { code, output } = await site.tryImportAndBuild([], env);
      expect(code).toBe(1);
      expect(output.trim()).toBe(line);
    }
    expect(existsSync(join(site.dir, 'content/papers'))).toBe(false);
  });
});

describe('--prune with a source that cannot be read', () => {
  test('stops the build before anything is written or pruned, naming the file', async () => {
    site = await createSite({ 'day.json': HF_DAY, 'other.json': fixturePath('paperboy/reading-group.json') });
    await site.importPapers();
    const before = await site.files('content/papers');
    await site.addSource(
      'other.json',
      (await readFile(fixturePath('paperboy/reading-group.json'), 'utf8')).slice(0, 200),
    );

    const { code, output } = await site.tryImportAndBuild(['--prune']);
    expect(code).toBe(1);
    expect(output.trim()).toMatch(
      /^\[import\] content\/sources\/other\.json: not valid JSON .*; --prune stops here, so nothing was pruned or written: fix the file or move it out of content\/sources\/$/,
    );
    expect(await site.files('content/papers')).toEqual(before);
    expect(existsSync(join(site.dir, 'dist'))).toBe(false);
  });
});
