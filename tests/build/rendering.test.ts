import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateCorpus } from '../../scripts/bench/corpus.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { normalizeHtml } from '../helpers/html.ts';
import { createSite, type SiteUnderTest } from '../helpers/site.ts';

/**
 * Entries the import writes are typeset by Paperboy's fast path; an entry with MDX-only syntax is
 * compiled by Astro's MDX. Both must show a reader the same thing: every entry here gets a twin
 * whose only difference is an empty MDX expression at the end, which sends it through MDX.
 */
describe('the fast path and Astro’s MDX', () => {
  let site: SiteUnderTest;
  let slugs: string[];
  let buildOutput: string;

  beforeAll(async () => {
    site = await createSite({
      'listing.txt': fixturePath('listing/hostile-and-math.txt'),
      'hf.json': fixturePath('hf-daily/2025-03-04.json'),
      'arxiv.xml': fixturePath('arxiv/atom-with-math.xml'),
      'daily-arxiv.jsonl': fixturePath('daily-arxiv/2025-03-04.jsonl'),
    });
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
        { title: 'Definitions', date: '2025-06-02', abstract: 'Here $\\gdef\\alpha{EVIL}\\alpha$ and then $\\alpha$.' },
      ]),
    );
    for (const day of generateCorpus(40, { perDay: [20, 20] }))
      await site.addSource(`${day.date}.json`, JSON.stringify(day.papers));
    await site.importPapers();
    const entries = (await readdir(join(site.dir, 'content/papers'), { recursive: true })).filter((path) =>
      path.endsWith('.mdx'),
    );
    slugs = [];
    for (const path of entries) {
      const file = join(site.dir, 'content/papers', path);
      const twin = file.replace(/\.mdx$/, '-mdx.mdx');
      await writeFile(twin, `${await readFile(file, 'utf8')}\n{''}\n`);
      slugs.push(path.replace(/^.*\//, '').replace(/\.mdx$/, ''));
    }
    // One entry whose notes import and use a component, and write JSX.
    const noted = join(site.dir, 'content/papers', entries[0]!);
    const component = `${'../'.repeat(entries[0]!.split('/').length + 1)}src/components/Upvotes.astro`;
    await writeFile(
      noted,
      `${await readFile(noted, 'utf8')}\n## Notes\n\nimport Upvotes from '${component}';\n\n<Upvotes count={7} />\n\n<div class="my-note">Read in the <em>reading group</em>.</div>\n`,
    );
    buildOutput = await site.build();
  });
  afterAll(() => site.remove());

  const abstract = async (slug: string) => {
    const page = await site.html(`papers/${slug}/index.html`);
    return normalizeHtml(page.querySelector('.abstract')!.innerHTML);
  };

  test('give the same HTML for every entry, math, hostile text and links included', async () => {
    expect(slugs.length).toBeGreaterThan(40);
    let withMath = 0;
    for (const slug of slugs.slice(1)) {
      const [fast, mdx] = [await abstract(slug), await abstract(`${slug}-mdx`)];
      expect(mdx, slug).toBe(fast);
      if (fast.includes('class="katex"')) withMath += 1;
    }
    expect(withMath).toBeGreaterThan(20);
  });

  test('show unknown commands as names and author macros as notation, through MDX too', async () => {
    for (const slug of ['stars', 'stars-mdx']) {
      const page = await site.html(`papers/${slug}/index.html`);
      expect(
        page.querySelectorAll('.abstract .math-unknown').map((name) => name.textContent),
        slug,
      ).toEqual(['\\XQM']);
      expect(page.querySelector('.abstract')!.textContent, slug).toContain('⊙');
    }
    for (const slug of ['definitions', 'definitions-mdx', 'modules', 'modules-mdx']) {
      const html = await site.read(`dist/papers/${slug}/index.html`);
      expect(html, slug).not.toMatch(/katex-error|#cc0000|math-source/);
    }
    // `\gdef` shows as its name and defines nothing: the formula after it is a plain alpha.
    for (const slug of ['definitions', 'definitions-mdx']) {
      const formulas = (await site.html(`papers/${slug}/index.html`)).querySelectorAll('.abstract .katex-html');
      expect(formulas.at(-1)!.textContent, slug).toBe('α');
    }
  });

  test('render notes that import a component and write JSX', async () => {
    const page = await site.html(`papers/${slugs[0]}/index.html`);
    expect(page.querySelector('.notes .my-note em')!.textContent).toBe('reading group');
    expect(page.querySelector('.notes .upvotes')!.textContent).toContain('7');
    expect(page.querySelector('.notes h2#notes')!.textContent).toBe('Notes');
    // The abstract comes first, alone in its section; the notes after it.
    expect(page.querySelector('.abstract #notes')).toBeNull();
    expect(page.querySelector('.abstract + .notes, .abstract ~ .notes')).not.toBeNull();
  });

  test('build without errors', () => {
    expect(buildOutput).not.toMatch(/\[ERROR\]/);
  });
});
