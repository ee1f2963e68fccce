import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { FetchContext } from '../../../src/lib/fetch/fetchers.ts';
import { harvestOai, HARVEST_STATE, oaiFolder } from '../../../src/lib/fetch/oai.ts';
import { oaiListUrl, oaiResumeUrl } from '../../../src/lib/fetch/sources.ts';
import { fakeNetwork } from '../../helpers/fake-network.ts';
import { fixture } from '../../helpers/fixtures.ts';

/** The first page of a real harvest of physics:hep-th, 1000 records, token `1613321|1001`. */
const firstPage = fixture('corpus/arxiv/oai-pmh/some-hep-th.xml');
/** A last page made from three real records: tests/fixtures/recorded/README.md says how. */
const lastPage = fixture('recorded/arxiv-oai-last-page-made-from-kaggle-records.xml');
/** arXiv's real refusals. */
const badResumptionToken = fixture('recorded/arxiv-oai-bad-resumption-token-2015-06-23.xml');
const badArgument = fixture('recorded/arxiv-oai-bad-argument-2015-06-23.xml');
const noRecordsMatch = fixture('recorded/arxiv-oai-no-records-match-2015-06-23.xml');

const SERVER = 'https://oaipmh.arxiv.org/oai';
const request = { set: 'physics:hep-th', from: '2016-01-01' };
const first = oaiListUrl(SERVER, request);
const next = (token: string) => oaiResumeUrl(SERVER, token);
/** A page that ends with another token: the made last page, going on. */
const middlePage = (token: string) =>
  lastPage.replace(
    /<resumptionToken [^>]*><\/resumptionToken>/,
    `<resumptionToken cursor="0">${token}</resumptionToken>`,
  );

const ok = (body: string) => () => new Response(body, { headers: { 'content-type': 'text/xml' } });
const never = () => new Promise<Response>(() => {});

describe('harvestOai', () => {
  let root: string;
  let folder: string;
  let log: string[];
  const contextFor = (network: ReturnType<typeof fakeNetwork>['network']): FetchContext => ({
    root,
    sources: join(root, 'content/sources'),
    today: '2026-04-12',
    log: (message) => log.push(message),
    client: { userAgent: 'Test/1', timeoutMs: 1000, ...network },
  });
  const saved = (name: string) => readFile(join(folder, name), 'utf8');
  const state = async () => JSON.parse(await saved(HARVEST_STATE)) as unknown;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'paperboy-oai-'));
    folder = oaiFolder(join(root, 'content/sources'), request);
    log = [];
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  test('saves page after page, 3,000 ms apart, until the resumption token runs out', async () => {
    const server = fakeNetwork({ [first]: [ok(firstPage)], [next('1613321|1001')]: [ok(lastPage)] });
    expect(await harvestOai(contextFor(server.network), SERVER, request)).toBe(0);
    expect(server.requests).toEqual([
      { url: first, at: 0 },
      { url: next('1613321|1001'), at: 3000 },
    ]);
    expect(server.slept).toEqual([3000]);
    expect(await saved('0001.xml')).toBe(firstPage);
    expect(await saved('0002.xml')).toBe(lastPage);
    expect(await readdir(folder)).toEqual([HARVEST_STATE, '0001.xml', '0002.xml']);
    expect(await state()).toEqual({ server: SERVER, pages: 2 });
    expect(log).toEqual([
      'content/sources/oai/physics_hep-th/2016-01-01/0001.xml: new (1,000 records of 13,871)',
      'content/sources/oai/physics_hep-th/2016-01-01/0002.xml: new (3 records of 13,871)',
      'content/sources/oai/physics_hep-th/2016-01-01: harvest complete, 2 pages',
    ]);
  });

  test('asks the first page with the set and days, and the next ones with the token alone', () => {
    expect(oaiListUrl(SERVER, { ...request, until: '2016-12-31' })).toBe(
      'https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXiv&set=physics%3Ahep-th&from=2016-01-01&until=2016-12-31',
    );
    expect(next('1613321|1001')).toBe('https://oaipmh.arxiv.org/oai?verb=ListRecords&resumptionToken=1613321%7C1001');
    expect(oaiFolder('/site/content/sources', { set: 'cs:cs:AI', from: '2024-01-01', until: '2024-01-31' })).toBe(
      '/site/content/sources/oai/cs_cs_AI/2024-01-01_2024-01-31',
    );
  });

  test('waits as long as a 503’s Retry-After asks, and gives up clearly when it asks too much', async () => {
    const patient = fakeNetwork({
      [first]: [ok(firstPage)],
      [next('1613321|1001')]: [
        () => new Response('Retry after 20 seconds', { status: 503, headers: { 'retry-after': '20' } }),
        ok(lastPage),
      ],
    });
    expect(await harvestOai(contextFor(patient.network), SERVER, request)).toBe(0);
    expect(patient.slept).toEqual([3000, 20_000]);
    expect(patient.requests.map((request) => request.at)).toEqual([0, 3000, 23_000]);
    expect(log).toContain(`${next('1613321|1001')}: HTTP 503; trying again in 20.0 s`);

    log = [];
    await rm(folder, { recursive: true });
    const asksTooMuch = fakeNetwork({
      [first]: [ok(firstPage)],
      [next('1613321|1001')]: [() => new Response('', { status: 503, headers: { 'retry-after': '3600' } })],
    });
    expect(await harvestOai(contextFor(asksTooMuch.network), SERVER, request)).toBe(1);
    expect(asksTooMuch.slept).toEqual([3000]);
    expect(log.at(-1)).toBe(
      `content/sources/oai/physics_hep-th/2016-01-01/0002.xml: not saved, ${next('1613321|1001')}: HTTP 503, ` +
        'and the server asks to wait 3600 s, longer than the 120 s this fetcher waits; try again later; ' +
        'page 1 is kept, and the same command goes on from there',
    );
    expect(await state()).toEqual({ server: SERVER, pages: 1, resumptionToken: '1613321|1001' });
  });

  test('goes on from the last saved page’s token when a harvest was killed after page 3', async () => {
    const pages = { [first]: [ok(middlePage('t2'))], [next('t2')]: [ok(middlePage('t3'))] };
    const killed = fakeNetwork({ ...pages, [next('t3')]: [ok(middlePage('t4'))], [next('t4')]: [never] });
    void harvestOai(contextFor(killed.network), SERVER, request);
    await expect.poll(() => killed.requests.length).toBe(4);
    expect(await state()).toEqual({ server: SERVER, pages: 3, resumptionToken: 't4' });
    // A kill between writing a temp file and renaming it leaves the temp file.
    await writeFile(join(folder, '0004.xml.999999999.tmp'), lastPage.slice(0, 100));
    // One of a run still writing is left alone.
    await writeFile(join(folder, `0005.xml.${process.ppid}.tmp`), '');

    log = [];
    const resumed = fakeNetwork({ [next('t4')]: [ok(lastPage)] });
    expect(await harvestOai(contextFor(resumed.network), SERVER, request)).toBe(0);
    expect(resumed.requests.map((request) => request.url)).toEqual([next('t4')]);
    expect(log).toEqual([
      'content/sources/oai/physics_hep-th/2016-01-01: removed 1 temporary file a stopped run left',
      'content/sources/oai/physics_hep-th/2016-01-01: continuing the unfinished harvest after page 3',
      'content/sources/oai/physics_hep-th/2016-01-01/0004.xml: new (3 records of 13,871)',
      'content/sources/oai/physics_hep-th/2016-01-01: harvest complete, 4 pages',
    ]);
    expect(await readdir(folder)).toEqual([
      HARVEST_STATE,
      '0001.xml',
      '0002.xml',
      '0003.xml',
      '0004.xml',
      `0005.xml.${process.ppid}.tmp`,
    ]);
  });

  test('starts over from the first page when the server no longer knows the token', async () => {
    const stopped = fakeNetwork({ [first]: [ok(firstPage)], [next('1613321|1001')]: [ok(lastPage.slice(0, 2000))] });
    expect(await harvestOai(contextFor(stopped.network), SERVER, request)).toBe(1);
    expect(log.at(-1)).toMatch(/0002\.xml: not saved, the response is not valid: not valid XML .*; page 1 is kept/);

    log = [];
    const later = fakeNetwork({
      [first]: [ok(firstPage)],
      [next('1613321|1001')]: [ok(badResumptionToken), ok(lastPage)],
    });
    expect(await harvestOai(contextFor(later.network), SERVER, request)).toBe(0);
    expect(later.requests.map((request) => request.url)).toEqual([next('1613321|1001'), first, next('1613321|1001')]);
    expect(log).toEqual([
      'content/sources/oai/physics_hep-th/2016-01-01: continuing the unfinished harvest after page 1',
      'content/sources/oai/physics_hep-th/2016-01-01/0002.xml: the resumption token is no longer valid ' +
        '(arXiv says: badResumptionToken: The resumptionToken supplied is illegal for this repository); ' +
        'starting over from the first page',
      'content/sources/oai/physics_hep-th/2016-01-01/0001.xml: unchanged (1,000 records of 13,871)',
      'content/sources/oai/physics_hep-th/2016-01-01/0002.xml: new (3 records of 13,871)',
      'content/sources/oai/physics_hep-th/2016-01-01: harvest complete, 2 pages',
    ]);
  });

  test('runs a finished harvest again from the start: pages differing only in date and token are unchanged', async () => {
    const once = fakeNetwork({ [first]: [ok(firstPage)], [next('1613321|1001')]: [ok(lastPage)] });
    await harvestOai(contextFor(once.network), SERVER, request);
    log = [];
    // What a server sends a second harvest: a new date, and a token of a new session.
    const resent = firstPage
      .replace('2017-03-25T23:15:46Z', '2017-03-26T08:00:00Z')
      .replace('>1613321|1001<', '>1699999|1001<');
    const again = fakeNetwork({ [first]: [ok(resent)], [next('1699999|1001')]: [ok(lastPage)] });
    expect(await harvestOai(contextFor(again.network), SERVER, request)).toBe(0);
    expect(again.requests.map((request) => request.url)).toEqual([first, next('1699999|1001')]);
    expect(log.slice(0, 2)).toEqual([
      'content/sources/oai/physics_hep-th/2016-01-01/0001.xml: unchanged (1,000 records of 13,871)',
      'content/sources/oai/physics_hep-th/2016-01-01/0002.xml: unchanged (3 records of 13,871)',
    ]);
    expect(await saved('0001.xml')).toBe(firstPage);

    log = [];
    const revised = lastPage.replace('<journal-ref>JHEP 0705:034,2007</journal-ref>', '');
    const later = fakeNetwork({ [first]: [ok(firstPage)], [next('1613321|1001')]: [ok(revised)] });
    await harvestOai(contextFor(later.network), SERVER, request);
    expect(log[1]).toBe('content/sources/oai/physics_hep-th/2016-01-01/0002.xml: updated (3 records of 13,871)');
    expect(await saved('0002.xml')).toBe(revised);
  });

  test('removes the pages of an earlier harvest that ran longer', async () => {
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, '0003.xml'), lastPage);
    const server = fakeNetwork({ [first]: [ok(firstPage)], [next('1613321|1001')]: [ok(lastPage)] });
    expect(await harvestOai(contextFor(server.network), SERVER, request)).toBe(0);
    expect(log).toContain(
      'content/sources/oai/physics_hep-th/2016-01-01/0003.xml: removed, the harvest now ends at page 2',
    );
    expect(await readdir(folder)).toEqual([HARVEST_STATE, '0001.xml', '0002.xml']);
  });

  test('reports arXiv’s refusal in its words and writes nothing', async () => {
    const server = fakeNetwork({ [first]: [ok(badArgument)] });
    expect(await harvestOai(contextFor(server.network), SERVER, request)).toBe(1);
    expect(log).toEqual([
      'content/sources/oai/physics_hep-th/2016-01-01/0001.xml: not saved, the response is not valid: ' +
        "arXiv says: badArgument: Verb 'ListRecords', illegal argument 'identifier'.",
    ]);
    await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
  });

  test('takes no records matching for an empty harvest, not a failure', async () => {
    const server = fakeNetwork({ [first]: [ok(noRecordsMatch)] });
    expect(await harvestOai(contextFor(server.network), SERVER, request)).toBe(0);
    expect(log).toEqual([
      'content/sources/oai/physics_hep-th/2016-01-01: no records to harvest ' +
        "(arXiv says: noRecordsMatch: Set argument doesn't match any sets. The setSpec was 'moo'); nothing saved",
    ]);
    await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
  });
});
