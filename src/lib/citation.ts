/*
 * What a paper page tells reference managers, scholarly search engines and link previews: a
 * BibTeX entry, Google Scholar's Highwire Press tags and schema.org's ScholarlyArticle. All of it
 * is built from untrusted text, so each format's own escaping applies here; the page escapes HTML.
 */
import type { Paper } from '../content.config.ts';
import { splitMath } from './math/segments.ts';

/** Characters BibTeX (and the LaTeX it feeds) reads as markup, written so they print as themselves. */
const BIBTEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

const escapeBibtex = (text: string) => text.replace(/[\\{}$&%#_~^]/g, (char) => BIBTEX_ESCAPES[char]!);

/** Whether a formula's braces pair up, so that it cannot end a BibTeX field early. */
function balanced(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === '\\') i += 1;
    else if (tex[i] === '{') depth += 1;
    else if (tex[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A title for BibTeX: its TeX kept as `$…$`, everything else escaped. */
function bibtexTitle(title: string): string {
  return splitMath(title)
    .map((segment) =>
      segment.kind === 'text'
        ? escapeBibtex(segment.value)
        : balanced(segment.value)
          ? `$${segment.value}$`
          : escapeBibtex(`$${segment.value}$`),
    )
    .join('');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The paper's BibTeX entry, as arXiv exports it: `@misc`, with `eprint`, `archivePrefix` and
 * `primaryClass` for an arXiv paper. The key is the paper's slug, which never changes.
 * `pageUrl` is the paper's page, cited when there is no arXiv id.
 */
export function bibtex(paper: Paper, slug: string, pageUrl: string): string {
  const [year, month] = paper.date.split('-');
  const fields: [string, string][] = [['title', bibtexTitle(paper.title)]];
  if (paper.authors.length > 0) fields.push(['author', paper.authors.map(escapeBibtex).join(' and ')]);
  fields.push(['year', year!], ['month', MONTHS[Number(month) - 1]!]);
  if (paper.arxivId) {
    fields.push(['eprint', paper.arxivId], ['archivePrefix', 'arXiv']);
    if (paper.categories?.[0]) fields.push(['primaryClass', escapeBibtex(paper.categories[0])]);
  }
  // A DOI is written as it is: its characters are safe in BibTeX (see DOI in content.config.ts).
  if (paper.doi) fields.push(['doi', paper.doi]);
  fields.push(['url', paper.links?.arxiv ?? pageUrl]);
  // A month is written as BibTeX's own macro (`month = jan`), every other field in braces.
  const lines = fields.map(([name, value]) => `  ${name} = ${name === 'month' ? value : `{${value}}`}`);
  return `@misc{${slug},\n${lines.join(',\n')}\n}`;
}

/** Where a paper's PDF is, when known. */
export const pdfUrl = (paper: Paper): string | undefined =>
  paper.links?.pdf ?? (paper.arxivId ? `https://arxiv.org/pdf/${paper.arxivId}` : undefined);

/**
 * Google Scholar's tags for the paper (Highwire Press `citation_*`), as name and content pairs
 * for `<meta name content>`, in the order Scholar documents them.
 */
export function citationTags(paper: Paper, plainTitle: string): [string, string][] {
  const pdf = pdfUrl(paper);
  return [
    ['citation_title', plainTitle],
    ...paper.authors.map((author): [string, string] => ['citation_author', author]),
    ['citation_publication_date', paper.date.replaceAll('-', '/')],
    ...(pdf ? [['citation_pdf_url', pdf] as [string, string]] : []),
    ...(paper.arxivId ? [['citation_arxiv_id', paper.arxivId] as [string, string]] : []),
    ...(paper.doi ? [['citation_doi', paper.doi] as [string, string]] : []),
  ];
}

/** The paper as schema.org's ScholarlyArticle, for JSON-LD. */
export function scholarlyArticle(
  paper: Paper,
  { plainTitle, description, pageUrl }: { plainTitle: string; description: string; pageUrl: string },
): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    headline: plainTitle,
    name: plainTitle,
    ...(description ? { description } : {}),
    url: pageUrl,
    datePublished: paper.date,
    ...(paper.authors.length > 0 ? { author: paper.authors.map((name) => ({ '@type': 'Person', name })) } : {}),
    ...(paper.organization ? { sourceOrganization: { '@type': 'Organization', name: paper.organization } } : {}),
    ...(paper.arxivId
      ? {
          identifier: { '@type': 'PropertyValue', propertyID: 'arXiv', value: paper.arxivId },
          sameAs: paper.links?.arxiv ?? `https://arxiv.org/abs/${paper.arxivId}`,
        }
      : {}),
    ...(paper.keywords?.length ? { keywords: paper.keywords.join(', ') } : {}),
  };
}
