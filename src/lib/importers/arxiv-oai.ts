import { XMLParser } from 'fast-xml-parser';
import type { ImportedRecord } from '../../schema.ts';
import { nameFromParts, splitArxivAuthors } from './arxiv-authors.ts';
import {
  arxivIdOf,
  arxivLinks,
  compact,
  dayOf,
  firstDoi,
  isObject,
  parseXml,
  oneLine,
  texAbstract,
  texLine,
  text,
  versionDay,
} from './shared.ts';
import type { ImportResult } from './types.ts';

/*
 * A page of arXiv's OAI-PMH interface (https://oaipmh.arxiv.org/oai, formerly
 * export.arxiv.org/oai2): `ListRecords` or `GetRecord`, each record in one of the three metadata
 * formats arXiv serves, `arXiv`, `arXivRaw` or `oai_dc`. A record's datestamp is when arXiv last
 * touched the record, so a paper is listed under the day of its first version instead.
 */

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  // Values stay strings: an id like 0704.0001 must not become a number.
  parseTagValue: false,
  trimValues: true,
  // arXiv's pages are ASCII with every other character a numeric reference (`&#xe1;`).
  htmlEntities: true,
});

/** The OAI-PMH error that is an answer: a harvest of days without new papers gets it. */
const EMPTY_ANSWER = 'noRecordsMatch';

/** Parses an OAI-PMH response into paper records, whatever arXiv metadata format each record is in. */
export function parseArxivOai(content: string): ImportResult {
  const parsed = parseXml(parser, content);
  if ('failed' in parsed) return parsed.failed;
  const document = parsed.value;
  const root = isObject(document) ? document['OAI-PMH'] : undefined;
  if (!isObject(root)) return { records: [], problems: [], error: 'not an OAI-PMH response: no <OAI-PMH> element' };
  const errors = all(root['error']).filter((error) => attribute(error, 'code') !== EMPTY_ANSWER);
  if (errors.length > 0) {
    const said = errors.map((error) => `${attribute(error, 'code') ?? 'error'}: ${oneLine(valueOf(error)) ?? ''}`);
    return { records: [], problems: [], error: `arXiv answered with an OAI-PMH error (${said.join('; ')})` };
  }
  const list = root['ListRecords'] ?? root['GetRecord'];
  const result: ImportResult = { records: [], problems: [] };
  all(isObject(list) ? list['record'] : undefined).forEach((record, index) => {
    const at = `record ${index + 1}`;
    const read = fromRecord(record);
    if (typeof read === 'string') result.problems.push({ at, message: read });
    else result.records.push({ at, record: read });
  });
  return result;
}

/**
 * The resumption token of a `ListRecords` page: what to ask for the next page, or undefined on the
 * last page (arXiv then sends an empty `<resumptionToken/>`).
 * @example oaiResumptionToken('…<resumptionToken cursor="0">1613321|1001</resumptionToken>…') // '1613321|1001'
 */
export function oaiResumptionToken(content: string): string | undefined {
  // Found without parsing the whole page (a harvester has it in hand already); decoded by the parser.
  const element = /<(?:[\w.-]+:)?resumptionToken\b[^>]*?(?:\/>|>[^<]*<\/(?:[\w.-]+:)?resumptionToken>)/.exec(content);
  if (!element) return undefined;
  try {
    const parsed: unknown = parser.parse(element[0]);
    return text(valueOf(isObject(parsed) ? parsed['resumptionToken'] : undefined))?.trim();
  } catch {
    return undefined;
  }
}

/** A record of the page, or why it is skipped. */
function fromRecord(record: unknown): ImportedRecord | string {
  if (!isObject(record)) return 'an empty <record>; skipped';
  const header = isObject(record['header']) ? record['header'] : {};
  const identifier = text(valueOf(header['identifier'])) ?? 'the record';
  if (header['status'] === 'deleted') return `${identifier} is marked deleted (status="deleted"); skipped`;
  const metadata = isObject(record['metadata']) ? record['metadata'] : {};
  if (isObject(metadata['arXiv'])) return fromArxivFormat(metadata['arXiv']);
  if (isObject(metadata['arXivRaw'])) return fromArxivRaw(metadata['arXivRaw']);
  if (isObject(metadata['dc'])) return fromDublinCore(metadata['dc']);
  return `${identifier} has no arXiv, arXivRaw or oai_dc metadata; skipped`;
}

/** `metadataPrefix=arXiv`: authors as keyname, forenames and suffix; `created` is the first version's day. */
function fromArxivFormat(paper: Record<string, unknown>): ImportedRecord {
  const authors = all(isObject(paper['authors']) ? paper['authors']['author'] : undefined).map((author) =>
    isObject(author)
      ? nameFromParts([valueOf(author['keyname']), valueOf(author['forenames']), valueOf(author['suffix'])])
      : '',
  );
  return arxivFields(paper, authors, dayOf(valueOf(paper['created'])));
}

/** `metadataPrefix=arXivRaw`: authors as the one line the submitter typed, and every version with its date. */
function fromArxivRaw(paper: Record<string, unknown>): ImportedRecord {
  const versions = all(paper['version']);
  const first = versions.find((version) => attribute(version, 'version') === 'v1') ?? versions[0];
  const line = text(valueOf(paper['authors']));
  const day = versionDay(valueOf(isObject(first) ? first['date'] : undefined));
  return arxivFields(paper, line === undefined ? [] : splitArxivAuthors(line), day);
}

/** The fields the `arXiv` and `arXivRaw` formats share. */
function arxivFields(paper: Record<string, unknown>, authors: string[], date: unknown): ImportedRecord {
  const id = arxivIdOf(valueOf(paper['id']));
  return compact({
    title: texAbstract(valueOf(paper['title'])),
    abstract: texAbstract(valueOf(paper['abstract'])),
    authors: authors.filter(Boolean),
    authorCount: authors.length,
    date,
    arxivId: id,
    // Space-separated, the primary category first.
    categories: oneLine(valueOf(paper['categories']))?.split(' '),
    comment: texLine(valueOf(paper['comments'])),
    journalRef: texLine(valueOf(paper['journal-ref'])),
    doi: firstDoi(valueOf(paper['doi'])),
    links: arxivLinks(id),
  });
}

const ABS_URL = /^https?:\/\/arxiv\.org\/abs\/(\S+)$/i;
const COMMENT = /^Comment:\s*/;

/**
 * `metadataPrefix=oai_dc`: creators as `Keyname Suffix, Forenames`, the abstract and then the
 * comment as descriptions, a date per version (the first is v1), and identifiers for the abstract
 * page, the journal reference and the DOI. Its subjects are names ("Computer Science - Learning"),
 * not category codes, so categories are left out.
 */
function fromDublinCore(paper: Record<string, unknown>): ImportedRecord {
  const creators = all(paper['creator']).map((creator) => {
    const [keyname = '', ...forenames] = (text(valueOf(creator)) ?? '').split(', ');
    return nameFromParts([keyname, forenames.join(', ')]);
  });
  const descriptions = all(paper['description']).map((description) => text(valueOf(description)));
  const [abstract, comment] = COMMENT.test(descriptions[0] ?? '') ? [undefined, descriptions[0]] : descriptions;
  const identifiers = all(paper['identifier']).map((identifier) => oneLine(valueOf(identifier)) ?? '');
  const id = arxivIdOf(identifiers.map((identifier) => ABS_URL.exec(identifier)?.[1]).find(Boolean));
  return compact({
    title: texAbstract(text(valueOf(all(paper['title'])[0]))),
    abstract: texAbstract(abstract),
    authors: creators.filter(Boolean),
    authorCount: creators.length,
    date: dayOf(valueOf(all(paper['date'])[0])),
    arxivId: id,
    comment: texLine(comment?.replace(COMMENT, '')),
    journalRef: identifiers.find(
      (identifier) => identifier && !ABS_URL.test(identifier) && !identifier.startsWith('doi:'),
    ),
    doi: firstDoi(identifiers.find((identifier) => identifier.startsWith('doi:'))?.slice('doi:'.length)),
    links: arxivLinks(id),
  });
}

/** An element the parser gives once as a value and several times as a list, as a list. */
function all(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

/** The text of an element, whether the parser gave it as a string or as `{ '#text': … }`. */
function valueOf(node: unknown): unknown {
  return isObject(node) ? node['#text'] : node;
}

/** An attribute of an element, when it has that attribute. */
function attribute(node: unknown, name: string): string | undefined {
  const value = isObject(node) ? node[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
