import { parse, type Creator } from '@retorquere/bibtex-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Paper } from '../../src/schema.ts';
import { bibtex, MAX_CITED_AUTHORS } from '../../src/lib/citation.ts';
import { preferredSlug } from '../../src/lib/import/slugs.ts';
import { prepareSource } from '../../src/lib/import/sources.ts';
import { splitMath } from '../../src/lib/math/segments.ts';

/** Every paper of the real corpus (tests/fixtures/corpus, see SOURCES.md) as the import prepares it. */
function corpusPapers(): { origin: string; paper: Paper; slug: string }[] {
  const folder = 'tests/fixtures/corpus';
  const files = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'SOURCES.md')
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  // A file in a format the import cannot read yet gives no papers, and is left out.
  return files.flatMap((file) =>
    prepareSource(file, readFileSync(file, 'utf8')).papers.map(({ origin, frontmatter, plainTitle }) => ({
      origin,
      paper: frontmatter,
      slug: preferredSlug({ arxivId: frontmatter.arxivId, plainTitle }),
    })),
  );
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const fullName = (creator: Creator) =>
  creator.name ?? [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(' ');

/** The page's title where Zotero's import reads the same: all of it without formulas, the prose around them with. */
function readsAsShown(title: string, read: string): boolean {
  const prose = splitMath(title).map((segment) => (segment.kind === 'text' ? oneLine(segment.value) : undefined));
  if (prose.every((text) => text !== undefined)) return oneLine(read) === prose.join('').trim();
  let from = 0;
  for (const text of prose) {
    if (!text) continue;
    const at = read.indexOf(text, from);
    if (at === -1) return false;
    from = at + text.length;
  }
  return true;
}

test('every paper of the real corpus gives BibTeX that Zotero’s import reads with no error, as the page shows it', () => {
  const papers = corpusPapers();
  // 3,301 papers, 3,425 records with the repeats; fewer while some of their formats cannot be imported yet.
  expect(papers.length).toBeGreaterThan(1_900);
  const entries = papers.map(({ paper, slug }) => bibtex(paper, slug, `https://papers.example/papers/${slug}/`));

  // One parse for the whole corpus is the fast path; an error sends each entry to its own parse, to name it.
  const library = parse(entries.join('\n\n'), { sentenceCase: false });
  if (library.errors.length > 0) {
    const failing = entries.flatMap((entry, index) => {
      const errors = parse(entry, { sentenceCase: false }).errors.map(({ error }) => error.split('\n')[0]);
      return errors.length > 0 ? [`${papers[index]!.origin}: ${errors.join('; ')}\n${entry}`] : [];
    });
    expect(failing).toEqual([]);
  }
  expect(library.errors).toEqual([]);
  expect(library.entries).toHaveLength(papers.length);

  const misread = papers.flatMap(({ origin, paper, slug }, index) => {
    const { key, fields } = library.entries[index]!;
    const named = paper.authors.slice(0, MAX_CITED_AUTHORS).map(oneLine);
    const others = paper.authors.length > MAX_CITED_AUTHORS || paper.authorCount > paper.authors.length;
    const wrong = [
      key !== slug && `key ${key}`,
      !readsAsShown(paper.title, fields.title ?? '') && `title ${JSON.stringify(fields.title)}`,
      JSON.stringify((fields.author ?? []).map(fullName)) !==
        JSON.stringify(named.length > 0 && others ? [...named, 'others'] : named) &&
        `authors ${JSON.stringify(fields.author)}`,
      fields.year !== paper.date.slice(0, 4) && `year ${fields.year}`,
      fields.month !== String(Number(paper.date.slice(5, 7))) && `month ${fields.month}`,
      fields.eprint !== paper.arxivId && `eprint ${fields.eprint}`,
      (fields['archiveprefix'] === 'arXiv') !== Boolean(paper.arxivId) && 'archivePrefix',
      paper.arxivId && paper.categories?.[0] && fields['primaryclass'] !== paper.categories[0] && 'primaryClass',
      fields.doi !== paper.doi && `doi ${fields.doi}`,
      fields.url !== (paper.links?.arxiv ?? `https://papers.example/papers/${slug}/`) && `url ${fields.url}`,
    ].filter(Boolean);
    return wrong.length > 0 ? [`${origin}: ${wrong.join(', ')}`] : [];
  });
  expect(misread).toEqual([]);
});
