import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { sharedSite, UNKNOWN_COMMANDS } from '../helpers/shared-sites.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

let site: SiteUnderTest;
afterEach(() => site?.remove());

/** Every entry file and its bytes. */
async function snapshot(): Promise<Map<string, string>> {
  const files = (await site.files('content/papers')).filter((file) => file.endsWith('.mdx'));
  return new Map(
    await Promise.all(files.map(async (file) => [file, await site.read(`content/papers/${file}`)] as const)),
  );
}

describe('npm run import', () => {
  test('imports every format into one entry per paper, merging the same paper from several sources', async () => {
    site = await createSite({
      '1-hf-2025-03-04.json': fixturePath('hf-daily/2025-03-04.json'),
      '2-hf-2024-02-01.json': fixturePath('hf-daily/2024-02-01.json'),
      '3-hf-paper.json': fixturePath('hf-daily/paper.json'),
      '4-arxiv.xml': fixturePath('arxiv/atom-with-math.xml'),
      '5-reading-group.json': fixturePath('paperboy/reading-group.json'),
      '6-reading-group.jsonl': fixturePath('paperboy/reading-group.jsonl'),
      '2025-03-04.jsonl': fixturePath('daily-arxiv/2025-03-04.jsonl'),
      'listing.txt': fixturePath('listing/hostile-and-math.txt'),
    });
    const output = await site.importPapers();
    expect(output).toContain(
      '16 papers read from 8 files: 13 written, 0 unchanged, 1 skipped, 3 merged into other records',
    );
    expect(output).toMatch(
      /merged: arXiv 2503\.01234: listed on 2025-03-04 and 2025-03-02 in content\/sources\/1-hf-2025-03-04\.json, record 1 and content\/sources\/4-arxiv\.xml, entry 1; kept 2025-03-04/,
    );
    const entries = await snapshot();
    const merged = entries.get('2025/03/04/2503.01234.mdx')!;
    expect(merged).toContain('upvotes: 45');
    expect(merged).toContain('githubStars: 130');
    expect(merged).toMatch(/categories:\n {2}- cs\.LG\n {2}- stat\.ML/);
    expect(merged).toContain('comment: 12 pages, 4 figures; accepted at ICML 2025');
    expect([...entries.keys()]).toEqual(
      expect.arrayContaining([
        '1999/01/04/hep-th-9901001.mdx',
        '2017/06/12/1706.03762.mdx',
        '2025/03/04/2503.02001.mdx',
      ]),
    );
    expect(entries.get('2017/06/12/1706.03762.mdx')).toContain('upvotes: 120');
  });

  test('changes no byte when run twice, and keeps notes and hand edits through updates', async () => {
    site = await createSite({ 'day.json': fixturePath('hf-daily/2025-03-04.json') });
    await site.importPapers();
    const first = await snapshot();
    expect(await site.importPapers()).toContain('2 papers read from 1 file: 0 written, 2 unchanged');
    expect(await snapshot()).toEqual(first);

    const notes = '## Notes\n\nDiscussed on <Date>Friday</Date> {"{braces}"} — keep me.\n\n  Exactly.  \n';
    const withNotes = 'content/papers/2025/03/04/2503.01234.mdx';
    const handEdited = 'content/papers/2025/03/04/2503.00042.mdx';
    await writeFile(join(site.dir, withNotes), `${await site.read(withNotes)}\n${notes}`);
    const edited = (await site.read(handEdited)).replace('Reasoning traces', 'My better summary of reasoning traces');
    await writeFile(join(site.dir, handEdited), edited);
    const source = (await readFile(fixturePath('hf-daily/2025-03-04.json'), 'utf8'))
      .replaceAll('"upvotes": 42', '"upvotes": 50')
      .replaceAll('"upvotes": 7', '"upvotes": 8');
    await site.addSource('day.json', source);

    const output = await site.importPapers();
    expect(output).toContain('1 written, 0 unchanged, 0 skipped, 1 left as edited by hand');
    expect(output).toMatch(/2503\.00042\.mdx: edited by hand above "## Notes", so not updated/);
    const updated = await site.read(withNotes);
    expect(updated).toContain('upvotes: 50');
    expect(updated.endsWith(notes)).toBe(true);
    expect(await site.read(handEdited)).toBe(edited);
  });

  test('keeps entries no source lists unless --prune, and --prune never deletes notes', async () => {
    site = await createSite({
      'day.json': fixturePath('hf-daily/2025-03-04.json'),
      'old.json': fixturePath('hf-daily/2024-02-01.json'),
    });
    await site.importPapers();
    const withNotes = 'content/papers/2025/03/04/2503.00042.mdx';
    await writeFile(join(site.dir, withNotes), `${await site.read(withNotes)}\n## Notes\n\nMine.\n`);
    await rm(join(site.dir, 'content/sources/day.json'));
    await rm(join(site.dir, 'content/sources/old.json'));
    await site.addSource('other.json', await readFile(fixturePath('paperboy/reading-group.json'), 'utf8'));

    const kept = await site.importPapers();
    expect(kept).toMatch(/kept content\/papers\/2024\/02\/01\/2401\.17268\.mdx: no source lists it/);
    expect((await snapshot()).size).toBe(5);

    const pruned = await site.importPapers('--prune');
    expect(pruned).toMatch(/removed content\/papers\/2024\/02\/01\/2401\.17268\.mdx: no source lists it/);
    expect(pruned).toMatch(/2503\.00042\.mdx: no source lists it, but it has notes or hand edits, so --prune kept it/);
    expect([...(await snapshot()).keys()].sort()).toEqual([
      '2017/06/12/1706.03762.mdx',
      '2025/01/15/a-paper-only-we-know-about.mdx',
      '2025/03/04/2503.00042.mdx',
    ]);
  });

  test('skips what cannot be published, cleans what can, and keeps every good record', async () => {
    site = await createSite({
      'bad-records.json': fixturePath('bad/bad-records.json'),
      'broken.json': fixturePath('bad/broken.json'),
      'broken.xml': fixturePath('bad/broken.xml'),
      'wrong-shape.json': fixturePath('bad/wrong-shape.json'),
    });
    await site.addSource(
      'latin1.txt',
      Buffer.from('Caf\xe9 paper\n\nAbstract.\n\n\u2022 1 author\n\n\xb7\n\nJan 2, 2025', 'latin1'),
    );
    const { code, output } = await site.tryImport();
    expect(code).toBe(0);
    for (const line of [
      'content/sources/bad-records.json, record 2: not an object; skipped',
      'content/sources/bad-records.json, record 3: skipped: title:',
      'content/sources/bad-records.json, record 4: skipped: date:',
      'content/sources/bad-records.json, record 5: skipped: date: Invalid ISO date',
      'content/sources/bad-records.json, record 6: upvotes:',
      'content/sources/bad-records.json, record 7: upvotes:',
      'content/sources/bad-records.json, record 8: control characters removed',
      'content/sources/bad-records.json, record 9: arxivId:',
      'content/sources/broken.json: not valid JSON',
      'content/sources/broken.xml: not valid XML',
      'content/sources/wrong-shape.json: expected a JSON array of paper records; file skipped',
      'content/sources/latin1.txt: not UTF-8 text (save it as UTF-8); file skipped',
    ]) {
      expect(output).toContain(line);
    }
    expect(output).toContain('8 imported, 4 skipped, 5 cleaned, 4 files unreadable');
    const entries = [...(await snapshot()).keys()];
    expect(entries).toEqual(
      expect.arrayContaining([
        '2025/02/01/good-paper-before.mdx',
        '2025/02/05/good-paper-after.mdx',
        '2025/02/03/path-traversal-id.mdx',
        '2025/02/03/con-paper.mdx',
      ]),
    );
    expect(entries).toHaveLength(8);
    expect(await site.files('.')).not.toContain('etc/passwd');
    const hostile = await site.read('content/papers/2025/02/04/script-alert-1-script-and-process-exit-1.mdx');
    expect(hostile).toContain('\\<img src=x onerror=alert(1)> \\{process.exit(1)}');

    const strict = await site.tryImport('--strict');
    expect(strict.code).toBe(1);
    expect(strict.output).toContain('--strict: failing');
  });

  test('names each TeX command KaTeX does not know once, typesetting the rest of its formulas', async () => {
    site = await createSite({});
    await site.addSource('macros.json', JSON.stringify(UNKNOWN_COMMANDS));
    const output = await site.importPapers();
    expect(output).toContain('3 imported, 0 skipped, 0 cleaned');
    const unknown = output.split('\n').filter((line) => line.includes('a TeX command KaTeX does not know'));
    expect(unknown.map((line) => line.replace(/^.*?(\\\w+:)/, '$1'))).toEqual([
      '\\cla: a TeX command KaTeX does not know, shown as its name in 1 paper; define it in mathMacros (src/site.ts) to typeset it',
      '\\XQM: a TeX command KaTeX does not know, shown as its name in 2 papers; define it in mathMacros (src/site.ts) to typeset it',
    ]);
    // The same papers, built in the shared rendering site (tests/helpers/shared-sites.ts).
    const built = (await sharedSite('rendering')).site;
    const page = await built.html('papers/a-star-of-1-4m/index.html');
    expect(page.querySelectorAll('.math-unknown').map((name) => name.textContent)).toEqual(['\\XQM']);
    expect(page.querySelector('h1 .katex-html')!.textContent).toContain('⊙');
    expect(page.querySelector('.abstract .katex-html')!.textContent).toContain('±');
    for (const slug of ['modules-over-q-5', 'a-star-of-1-4m', 'percentages']) {
      const html = await built.read(`dist/papers/${slug}/index.html`);
      expect(html, slug).not.toMatch(/katex-error|math-source|#cc0000/);
    }
  });

  test('shows progress on imports of more than a thousand records', async () => {
    site = await createSite({});
    const lines = Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({
        title: `Generated paper ${i}`,
        date: '2025-05-01',
        authorCount: 1,
        abstract: `Abstract ${i} with $x_${i}$.`,
      }),
    );
    await site.addSource('many.jsonl', lines.join('\n'));
    const output = await site.importPapers();
    expect(output).toMatch(/typeset: 1\d\d of 1200\n/);
    expect(output).toContain('typeset: 1200 of 1200');
    expect(output).toContain('1200 imported, 0 skipped, 0 cleaned');
  });

  test('imports a slice of the Kaggle snapshot, read a line at a time, and keeps it as a source', async () => {
    site = await createSite({});
    const kaggle = fixturePath('corpus/arxiv/kaggle-jsonl/arxiv-metadata-oai-snapshot.json');
    const output = await site.importPapers('--categories', 'hep-th', '--until', '2007-04-01', kaggle);
    const slice = 'content/sources/kaggle/arxiv-metadata-oai-snapshot_hep-th_start_2007-04-01.jsonl';
    expect(output).toMatch(new RegExp(`200 lines read, (\\d+) lines kept: ${slice} new`));
    const kept = Number(/200 lines read, (\d+) lines kept/.exec(output)![1]);
    expect(kept).toBeGreaterThan(0);
    expect(output).toContain(`${kept} papers read from 1 file`);
    // Every kept line is the snapshot's own, byte for byte, and a hep-th paper of its first days.
    const lines = (await site.read(slice)).trimEnd().split('\n');
    expect(lines).toHaveLength(kept);
    for (const line of lines) {
      const paper = JSON.parse(line) as { categories: string; versions: { created: string }[] };
      expect(paper.categories.split(' ')).toContain('hep-th');
      expect(Date.parse(paper.versions[0]!.created)).toBeLessThan(Date.parse('2007-04-02T00:00:00Z'));
    }
    // A full import with --prune reads the slice without the snapshot, and keeps its papers.
    expect(await site.importPapers('--prune')).toContain(`${kept} papers read from 1 file`);
    expect((await snapshot()).size).toBe(kept);
  });
});
