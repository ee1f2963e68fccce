/**
 * The speed floor the bench compares Paperboy with: the least work that turns the same corpus into
 * the same kind of site. Plain Node, KaTeX, template strings and the Pagefind CLI; no content
 * layer, no bundler, no caches. Usage: `node scripts/bench/floor.ts SOURCES_DIR OUT_DIR`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';

const [sources, out] = process.argv.slice(2);
if (!sources || !out) throw new Error('usage: floor.ts SOURCES_DIR OUT_DIR');

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);

/** Text with `$$…$$` and `$…$` typeset by KaTeX, the prose escaped. */
function typeset(text: string): string {
  return text
    .split(/(\$\$[^$]+\$\$|\$[^$]+\$)/)
    .map((part) => {
      const display = part.startsWith('$$');
      if (!part.startsWith('$') || part.length < 3) return escape(part);
      const tex = display ? part.slice(2, -2) : part.slice(1, -1);
      return katex.renderToString(tex, { displayMode: display, throwOnError: false });
    })
    .join('');
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<link rel="stylesheet" href="/katex.css"></head><body><main data-pagefind-body>${body}</main></body></html>`;

interface Paper {
  title: string;
  authors: string[];
  date: string;
  upvotes: number;
  arxivId: string;
  abstract: string;
}

const files = readdirSync(sources)
  .filter((name) => name.endsWith('.json'))
  .sort();
for (const file of files) {
  const papers = JSON.parse(readFileSync(join(sources, file), 'utf8')) as Paper[];
  const date = file.slice(0, 10);
  const items: string[] = [];
  for (const paper of papers) {
    const title = typeset(paper.title);
    const dir = join(out, 'papers', paper.arxivId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'index.html'),
      page(
        escape(paper.title),
        `<h1 data-pagefind-meta="title">${title}</h1><p>${escape(paper.authors.join(', '))}</p>` +
          `<p data-pagefind-filter="year">${date.slice(0, 4)}</p><p>▲ ${paper.upvotes}</p>` +
          `<section>${typeset(paper.abstract)}</section>`,
      ),
    );
    items.push(`<li><a href="/papers/${paper.arxivId}/">${title}</a></li>`);
  }
  mkdirSync(join(out, 'days', date), { recursive: true });
  writeFileSync(join(out, 'days', date, 'index.html'), page(date, `<h1>${date}</h1><ol>${items.join('')}</ol>`));
}
const pagefind = join(import.meta.dirname, '../../node_modules/.bin/pagefind');
execFileSync(pagefind, ['--site', out], { stdio: 'ignore' });
