import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { generateCorpus } from '../../scripts/bench/corpus.ts';
import { CRASH_AFTER_WRITES_VARIABLE, HOLD_LOCK_UNTIL_VARIABLE } from '../../scripts/lib/test-points.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { createSite, startCommand, type SiteUnderTest } from '../helpers/site.ts';

/*
 * A maintainer's work is never lost: every case here was first seen losing notes or papers, and
 * runs as a maintainer would meet it: real imports in a temporary copy of a small site. Locks,
 * crashes and exit codes are the import's process's own, so those cases run `npm run import`'s
 * script in a process; the others run the same import in this one.
 */

const HF_DAY = fixturePath('hf-daily/2025-03-04.json');
const ENTRY = 'content/papers/2025/03/04/2503.01234.mdx';
const OTHER = 'content/papers/2025/03/04/2503.00042.mdx';
const NOTES = '## Notes\n\nMy notes, typed by hand. <Keep>them</Keep>.\n';

let site: SiteUnderTest;
afterEach(() => site?.remove());

/** Every entry of the site with its text. */
async function entries(): Promise<Map<string, string>> {
  const files = (await site.files('content/papers')).filter((file) => file.endsWith('.mdx'));
  return new Map(
    await Promise.all(files.map(async (file) => [file, await site.read(`content/papers/${file}`)] as const)),
  );
}

/** A site with one imported day, and notes in one of its entries. */
async function siteWithNotes(): Promise<void> {
  site = await createSite({ 'day.json': HF_DAY });
  await site.importPapers();
  await writeFile(join(site.dir, ENTRY), `${await site.read(ENTRY)}\n${NOTES}`);
}

describe('an entry that cannot be read', () => {
  test('is never written over: its paper is left out, and the build stops with the same message', async () => {
    await siteWithNotes();
    const broken = (await site.read(ENTRY)).replace(/^title: .*$/m, 'title: [unclosed');
    await writeFile(join(site.dir, ENTRY), broken);
    const typed = (await site.read(OTHER)).replace(/^authorCount: \d+$/m, 'authorCount: "three"');
    await writeFile(join(site.dir, OTHER), typed);
    // The source changed too, so the import wants to rewrite both.
    await site.addSource(
      'day.json',
      (await readFile(HF_DAY, 'utf8'))
        .replaceAll('"upvotes": 42', '"upvotes": 43')
        .replaceAll('"upvotes": 7', '"upvotes": 8'),
    );

    const { code, output } = await site.tryImport();
    expect(code).toBe(0);
    expect(await site.read(ENTRY)).toBe(broken);
    expect(await site.read(OTHER)).toBe(typed);
    expect(output).toMatch(
      new RegExp(`${ENTRY}: line \\d+: invalid YAML: .*; fix the entry \\(or delete it to import it again\\)`),
    );
    expect(output).toMatch(
      new RegExp(`${OTHER}: line \\d+: authorCount: Invalid input: expected number, received string; fix the entry`),
    );
    expect(output).toContain(`content/sources/day.json, record 1: left out: its entry ${ENTRY} cannot be read`);
    expect(output).toContain('2 left out (entry unreadable)');

    const build = await site.build().then(
      () => '',
      (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
    );
    // The build names every entry it cannot read, with the import's message.
    expect(build).toMatch(new RegExp(`${ENTRY}: line \\d+: invalid YAML: `));
    expect(build).toMatch(new RegExp(`${OTHER}: line \\d+: authorCount: `));
  });

  test('keeps its permalink taken while it is broken', async () => {
    site = await createSite({ 'a.json': fixturePath('paperboy/reading-group.json') });
    await site.importPapers();
    const [path] = [...(await entries()).keys()].filter((file) => !/\d{4}\.\d{4,5}/.test(file));
    await writeFile(join(site.dir, 'content/papers', path!), 'no frontmatter at all');
    const { output } = await site.tryImport();
    expect(output).toContain(`content/papers/${path}: line 1: no frontmatter block`);
    expect(await site.read(`content/papers/${path}`)).toBe('no frontmatter at all');
  });
});

describe('two imports at once', () => {
  test('never both write: the second one stops and says which import holds the lock', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    // The first holds the lock until the test lets it go on.
    const go = join(site.dir, 'go');
    const first = startCommand(site.dir, 'scripts/import.ts', [], { [HOLD_LOCK_UNTIL_VARIABLE]: go });
    await first.printed(/holding the lock until /);
    const second = await site.tryImportProcess([]);
    expect(second.code).toBe(1);
    expect(second.output).toMatch(
      /^\[import\] another import is running \(pid \d+, started .*\); wait for it to finish/m,
    );
    expect(second.output).not.toMatch(/\n\s+at /);
    expect(existsSync(join(site.dir, 'content/papers'))).toBe(false);
    await writeFile(go, '');
    expect((await first.done).code).toBe(0);
    expect((await entries()).size).toBe(2);
    await expect(site.read('content/.import.lock')).rejects.toThrow();
  });

  test('takes over the lock of an import that died', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    await mkdir(join(site.dir, 'content'), { recursive: true });
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('close', resolve));
    const lock = { pid: dead.pid, host: (await import('node:os')).hostname(), started: '2025-01-01T00:00:00.000Z' };
    await writeFile(join(site.dir, 'content/.import.lock'), JSON.stringify(lock));
    const { code, output } = await site.tryImportProcess([]);
    expect(code).toBe(0);
    expect(output).toContain(
      `took over the lock of import pid ${dead.pid} (started 2025-01-01T00:00:00.000Z), which is no longer running`,
    );
  });

  test.skipIf(!existsSync('/proc/self/stat'))(
    'takes over the lock of an import whose pid another program has since been given',
    async () => {
      site = await createSite({ 'day.json': HF_DAY });
      await mkdir(join(site.dir, 'content'), { recursive: true });
      // A live process that is no import: what a pid reused after a crash looks like.
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
      try {
        await new Promise((resolve) => other.once('spawn', resolve));
        const host = (await import('node:os')).hostname();
        const started = '2025-01-01T00:00:00.000Z';
        // The import that held it recorded its own start; the pid's start now differs.
        const lock = { pid: other.pid, host, started, command: 'import', token: 't', identity: 'a-past-boot:1234' };
        await writeFile(join(site.dir, 'content/.import.lock'), JSON.stringify(lock));
        const { code, output } = await site.tryImportProcess([]);
        expect(code).toBe(0);
        expect(output).toMatch(
          new RegExp(
            `took over the lock of import pid ${other.pid} \\(started ${started}\\), which is no longer running: ` +
              `pid ${other.pid} is now another program \\(.*setTimeout`,
          ),
        );
        expect(output).toContain('2 imported');
        // A lock of an earlier version, with no start time: the pid's command line tells.
        await writeFile(join(site.dir, 'content/.import.lock'), JSON.stringify({ pid: other.pid, host, started }));
        expect((await site.tryImportProcess([])).output).toMatch(/is now another program/);
      } finally {
        other.kill();
      }
    },
  );
});

describe('an import killed part way (kill -9)', () => {
  test('loses no note and no paper: the next import finishes the job', async () => {
    site = await createSite({});
    const days = generateCorpus(12, { perDay: [3, 3] });
    for (const day of days) await site.addSource(`${day.date}.json`, JSON.stringify(day.papers));
    await site.importPapers();
    const before = await entries();
    const noted = [...before.keys()].filter((_, index) => index % 3 === 0);
    for (const file of noted) await writeFile(join(site.dir, 'content/papers', file), `${before.get(file)}\n${NOTES}`);
    // Every paper moves to the next day and changes: the import rewrites and moves every entry.
    for (const [index, day] of days.entries()) {
      const next = days[index + 1]?.date ?? '2030-01-01';
      const papers = day.papers.map((paper) => ({ ...paper, date: next, upvotes: Number(paper['upvotes']) + 1 }));
      await site.addSource(`${day.date}.json`, JSON.stringify(papers));
    }
    // Killed right after its fifth write: that paper is at its new day and still at its old one.
    const killed = await startCommand(site.dir, 'scripts/import.ts', [], { [CRASH_AFTER_WRITES_VARIABLE]: '5' }).done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.output).not.toContain('12 imported');
    expect((await entries()).size).toBe(13);

    const again = await site.importPapers('--prune');
    expect(again).toContain('took over the lock');
    const after = await entries();
    expect(after.size).toBe(12);
    const notedAfter = [...after.values()].filter((text) => text.endsWith(NOTES));
    expect(notedAfter).toHaveLength(noted.length);
    expect([...after.values()].every((text) => !text.includes(`date: "${days[0]!.date}"`))).toBe(true);
  });

  test('a paper left at two days by a crash is one entry again, with its notes', async () => {
    await siteWithNotes();
    const moved = ENTRY.replace('/04/', '/06/');
    const old = await site.read(ENTRY);
    await site.addSource('day.json', (await readFile(HF_DAY, 'utf8')).replaceAll('2025-03-04T', '2025-03-06T'));
    await site.importPapers();
    // What a crash between writing the new place and removing the old one leaves: both.
    await writeFile(join(site.dir, ENTRY), old);
    const output = await site.importPapers('--prune');
    expect(output).toMatch(/removed content\/papers\/2025\/03\/04\/2503\.01234\.mdx: a second entry of/);
    await expect(site.read(ENTRY)).rejects.toThrow();
    expect((await site.read(moved)).endsWith(NOTES)).toBe(true);
  });
});

describe('papers are the same only when their identities say so', () => {
  test('titles with no letters or digits on one day are different papers, and merges name their records', async () => {
    site = await createSite({});
    const records = ['!!!???...', '🚀🚀🚀', '…', '🚀🚀🚀'].map((title, index) => ({
      title,
      date: '2025-03-04',
      abstract: `Abstract number ${index}.`,
    }));
    await site.addSource('a.json', JSON.stringify(records));
    await site.addSource('b.json', JSON.stringify([{ ...records[0], upvotes: 3 }]));
    const output = await site.importPapers();
    expect((await entries()).size).toBe(4);
    expect(output).toContain('1 merged into other records');
  });

  test('an edited title is a hand edit of the same paper, not a new one', async () => {
    site = await createSite({ 'a.json': fixturePath('paperboy/reading-group.json') });
    await site.importPapers();
    const [path, text] = [...(await entries())].find(([file]) => !/\d{4}\.\d{4,5}/.test(file))!;
    await writeFile(join(site.dir, 'content/papers', path), text.replace(/^title: (.*)$/m, 'title: My Better Title'));
    const output = await site.importPapers();
    expect(output).toContain(`content/papers/${path}: edited by hand above "## Notes"`);
    expect((await entries()).size).toBe((await entries()).size);
    expect([...(await entries()).keys()]).toContain(path);
    expect([...(await entries()).values()].filter((entry) => entry.includes('title: My Better Title'))).toHaveLength(1);
  });
});

describe('sources that cannot be used', () => {
  test('are each named in one line, and every good record around them is imported', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    const outside = await mkdtemp(join(tmpdir(), 'paperboy-outside-'));
    try {
      await writeFile(join(outside, 'good.jsonl'), JSON.stringify({ title: 'Linked', date: '2025-01-02' }));
      await symlink('/etc/passwd', join(site.dir, 'content/sources/passwd.txt'));
      await symlink(join(outside, 'good.jsonl'), join(site.dir, 'content/sources/linked.jsonl'));
      await site.addSource('empty.jsonl', '');
      await site.addSource('empty.txt', '');
      await site.addSource('huge.json', '');
      await truncate(join(site.dir, 'content/sources/huge.json'), 101 * 1024 * 1024);
      const tooLong = { title: 'Too long', date: '2025-01-02', abstract: 'x'.repeat(1_000_001) };
      await site.addSource(
        'big-record.jsonl',
        `${JSON.stringify(tooLong)}\n${JSON.stringify({ title: 'Fine', date: '2025-01-02' })}`,
      );
      const { code, output } = await site.tryImport();
      expect(code).toBe(0);
      expect(output).toContain(
        'content/sources/passwd.txt: a symbolic link (to /etc/passwd); copy the file itself into content/sources/; file skipped',
      );
      expect(output).toMatch(
        /content\/sources\/linked\.jsonl: a symbolic link \(to .*good\.jsonl\); copy the file itself/,
      );
      expect(output).toContain('content/sources/empty.jsonl: empty file, nothing to import from it');
      expect(output).toContain('content/sources/empty.txt: empty file, nothing to import from it');
      expect(output).toContain(
        'content/sources/huge.json: 101 MB, over the 100 MB limit for one source; split it into smaller files; file skipped',
      );
      expect(output).toContain(
        'content/sources/big-record.jsonl, line 1: skipped: abstract: 1,000,001 characters, over the limit of 1,000,000; record skipped',
      );
      expect(output).not.toMatch(/\n\s+at /);
      const titles = [...(await entries()).values()].map((text) => /^title: (.*)$/m.exec(text)![1]);
      expect(titles).toContain('Fine');
      expect(titles).not.toContain('Linked');
      expect(titles).toHaveLength(3);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('a named file that does not exist stops the import', async () => {
    site = await createSite({});
    const { code, output } = await site.tryImportProcess(['content/sources/typo.json']);
    expect(code).toBe(1);
    expect(output).toMatch(/typo\.json: no such file; check the path/);
    expect(output).not.toMatch(/\n\s+at /);
  });
});

describe('--prune with a source that cannot be read', () => {
  test('stops before anything is written or pruned, naming each such file in one line', async () => {
    site = await createSite({ 'day.json': HF_DAY, 'other.json': fixturePath('paperboy/reading-group.json') });
    await site.importPapers();
    const before = await entries();
    await site.addSource(
      'other.json',
      (await readFile(fixturePath('paperboy/reading-group.json'), 'utf8')).slice(0, 300),
    );
    await site.addSource('latin1.txt', Buffer.from('Caf\xe9 paper\n\nJan 2, 2025', 'latin1'));
    // Also changed, so that an import that went on would write.
    await site.addSource('day.json', (await readFile(HF_DAY, 'utf8')).replaceAll('"upvotes": 42', '"upvotes": 43'));

    const { code, output } = await site.tryImport('--prune');
    expect(code).toBe(1);
    const nothingDone =
      '; --prune stops here, so nothing was pruned or written: fix the file or move it out of content/sources/';
    expect(output.trim().split('\n').sort()).toEqual([
      `[import] content/sources/latin1.txt: not UTF-8 text (save it as UTF-8)${nothingDone}`,
      expect.stringMatching(
        new RegExp(
          `^\\[import\\] content/sources/other\\.json: not valid JSON .*${nothingDone.replace(/[()/.]/g, '\\$&')}$`,
        ),
      ),
    ]);
    expect(await entries()).toEqual(before);

    // Without --prune, the same sources are skipped, and the rest imported.
    const skipping = await site.tryImport();
    expect(skipping.code).toBe(0);
    expect(skipping.output).toContain('content/sources/latin1.txt: not UTF-8 text (save it as UTF-8); file skipped');
    expect(skipping.output).toContain('2 files unreadable');
  });
});

describe('a damaged cache file', () => {
  test('is dropped and rebuilt with one line saying so, never a failed import', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    await site.importPapers();
    const dir = (await site.files('.cache/paperboy/sources')).filter((file) => file.endsWith('.json'));
    expect(dir).toHaveLength(1);
    const cached = join(site.dir, '.cache/paperboy/sources', dir[0]!);
    await truncate(cached, 100);

    const { code, output } = await site.tryImport();
    expect(code).toBe(0);
    expect(output).toMatch(
      /^\[import\] \.cache\/paperboy\/sources\/[0-9a-f]+\/[0-9a-f]+\.json: a damaged cache file \(cut short or garbled\), dropped; its source is prepared again$/m,
    );
    expect(output).toContain('2 papers read from 1 file: 0 written, 2 unchanged');
    const again = await site.importPapers();
    expect(again).not.toContain('damaged');
  });
});

describe('content/papers', () => {
  test('being a file stops the import with one plain line', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    await writeFile(join(site.dir, 'content/papers'), 'oops');
    const { code, output } = await site.tryImport();
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      '[import] content/papers is a file, not a folder; move it away so the import can make the folder',
    );
  });

  test('is never left through a planted link', async () => {
    site = await createSite({ 'day.json': HF_DAY });
    const outside = await mkdtemp(join(tmpdir(), 'paperboy-outside-'));
    try {
      await mkdir(join(site.dir, 'content/papers'), { recursive: true });
      await symlink(outside, join(site.dir, 'content/papers/2025'));
      const { output } = await site.tryImport();
      expect(output).toContain(
        'content/papers/2025/03/04 leads outside content/papers through a symbolic link; remove the link',
      );
      expect(await (await import('node:fs/promises')).readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('an entry made read-only is left as it is', async () => {
    await siteWithNotes();
    const before = await site.read(ENTRY);
    await site.addSource('day.json', (await readFile(HF_DAY, 'utf8')).replaceAll('"upvotes": 42', '"upvotes": 43'));
    await chmod(join(site.dir, ENTRY), 0o444);
    const output = await site.importPapers();
    expect(output).toContain(`${ENTRY}: read-only, so left as it is; make it writable (chmod u+w)`);
    expect(await site.read(ENTRY)).toBe(before);
  });
});
