/*
 * `npm run fetch -- oai`: a harvest of arXiv's OAI-PMH interface, a page a file, in
 * content/sources/oai/<set>/<from>[_<until>]/0001.xml, 0002.xml… Beside the pages a small state
 * file keeps the last page's resumption token, so a harvest cut short continues where it stopped.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { plural } from '../words.ts';
import { nameIn, removeLeftovers, type FetchContext } from './fetchers.ts';
import { FetchError, politeClient } from './http.ts';
import { saveChecked, writeWhole } from './save.ts';
import { oaiListUrl, oaiResumeUrl, readOaiResponse, sameOaiPage, type OaiRequest } from './sources.ts';

/** Where a harvest stands, written after each page; a dot file, so the import skips it. */
export const HARVEST_STATE = '.harvest.json';

export interface HarvestState {
  /** The OAI-PMH endpoint the token belongs to: another server would not know it. */
  server: string;
  /** Pages saved so far: 0001.xml to this one. */
  pages: number;
  /** Asks for the page after the last saved one; absent once the harvest is complete. */
  resumptionToken?: string;
}

/** A page's file name: numbered from 1, padded so that names sort as pages do (the import reads them by name). */
export const oaiPageName = (page: number): string => `${String(page).padStart(4, '0')}.xml`;
const PAGE_NAME = /^(\d+)\.xml$/;

/** The folder of one harvest: a folder per set (its colons as underscores), one per day range in it. */
export function oaiFolder(sources: string, { set, from, until }: OaiRequest): string {
  return join(sources, 'oai', set.replaceAll(':', '_'), until ? `${from}_${until}` : from);
}

/**
 * Harvests `request` from the OAI-PMH endpoint `server` (`ARXIV_OAI_URL`), a page at a time until
 * the resumption token is empty. Continues an unfinished harvest of the same request from its
 * last saved page; starts over when that token expired, or when the last harvest finished.
 * Returns 1 when the harvest stopped before its end, else 0.
 */
export async function harvestOai(context: FetchContext, server: string, request: OaiRequest): Promise<number> {
  const { log } = context;
  const folder = oaiFolder(context.sources, request);
  const where = nameIn(context, folder);
  await removeLeftovers(context, folder);
  const client = politeClient({
    // OAI-PMH servers ask harvesters to come back later with 503 and Retry-After as a matter of course.
    retries: 5,
    // arXiv asks for a request every three seconds, here as on its search API.
    minIntervalMs: 3000,
    maxRequests: 10_000,
    log,
    ...context.client,
  });
  const first = oaiListUrl(server, request);
  const resumed = await unfinishedHarvest(folder, where, server, log);
  let page = resumed ? resumed.pages + 1 : 1;
  let url = resumed ? oaiResumeUrl(server, resumed.resumptionToken) : first;
  let startedOver = false;
  if (resumed) log(`${where}: continuing the unfinished harvest after page ${resumed.pages}`);
  for (;;) {
    const name = nameIn(context, join(folder, oaiPageName(page)));
    const before = page === 2 ? 'page 1 is' : `pages 1 to ${page - 1} are`;
    const kept = page === 1 ? '' : `; ${before} kept, and the same command goes on from there`;
    let body: string;
    try {
      body = await client.get(url);
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      log(`${name}: not saved, ${error.message}${kept}`);
      return 1;
    }
    const response = readOaiResponse(body);
    const says = response.error && `arXiv says: ${response.error.code}: ${response.error.message}`;
    // Tokens expire (arXiv's after about a day): the pages after it can only be had from the start.
    if (response.error?.code === 'badResumptionToken' && page > 1 && !startedOver) {
      log(`${name}: the resumption token is no longer valid (${says}); starting over from the first page`);
      startedOver = true;
      page = 1;
      url = first;
      continue;
    }
    if (response.error?.code === 'noRecordsMatch' && page === 1) {
      log(`${where}: no records to harvest (${says}); nothing saved`);
      return 0;
    }
    const problem = response.problem ?? says;
    if (problem) {
      log(`${name}: not saved, the response is not valid: ${problem}${kept}`);
      return 1;
    }
    const outcome = await saveChecked(join(folder, oaiPageName(page)), body, () => undefined, sameOaiPage);
    const total =
      response.completeListSize === undefined ? '' : ` of ${response.completeListSize.toLocaleString('en')}`;
    log(`${name}: ${outcome} (${plural(response.records, 'record')}${total})`);
    const { resumptionToken } = response;
    await writeState(folder, { server, pages: page, ...(resumptionToken ? { resumptionToken } : {}) });
    if (!resumptionToken) {
      for (const stale of await pagesAfter(folder, page)) {
        await rm(join(folder, stale), { force: true });
        log(`${where}/${stale}: removed, the harvest now ends at page ${page}`);
      }
      log(`${where}: harvest complete, ${plural(page, 'page')}`);
      return 0;
    }
    page += 1;
    url = oaiResumeUrl(server, resumptionToken);
  }
}

/** The state of a harvest in `folder` that stopped part way and can go on from its token, else undefined. */
async function unfinishedHarvest(
  folder: string,
  where: string,
  server: string,
  log: (message: string) => void,
): Promise<(HarvestState & { resumptionToken: string }) | undefined> {
  const text = await readFile(join(folder, HARVEST_STATE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const state = parseState(text);
  if (!state) {
    log(`${where}/${HARVEST_STATE}: not a harvest state; starting from the first page`);
    return undefined;
  }
  if (state.resumptionToken === undefined) return undefined;
  if (state.server !== server) {
    log(`${where}: the unfinished harvest asked ${state.server}, not ${server}; starting from the first page`);
    return undefined;
  }
  const names = new Set(await readdir(folder));
  const missing = Array.from({ length: state.pages }, (_, index) => oaiPageName(index + 1)).filter(
    (name) => !names.has(name),
  );
  if (missing.length > 0) {
    log(`${where}: the unfinished harvest's ${missing.join(', ')} went missing; starting from the first page`);
    return undefined;
  }
  return { ...state, resumptionToken: state.resumptionToken };
}

/** A harvest state read back, or undefined when the file is not one (edited by hand, cut short). */
function parseState(text: string): HarvestState | undefined {
  try {
    const value = JSON.parse(text) as Partial<HarvestState> | null;
    const { server, pages, resumptionToken } = value ?? {};
    if (typeof server !== 'string' || !Number.isInteger(pages) || pages! < 1) return undefined;
    if (resumptionToken !== undefined && (typeof resumptionToken !== 'string' || !resumptionToken)) return undefined;
    return { server, pages: pages!, ...(resumptionToken ? { resumptionToken } : {}) };
  } catch {
    return undefined;
  }
}

const writeState = (folder: string, state: HarvestState) =>
  writeWhole(join(folder, HARVEST_STATE), `${JSON.stringify(state, null, 2)}\n`);

/** Pages numbered after `last`: left from an earlier harvest of the same request that ran longer. */
async function pagesAfter(folder: string, last: number): Promise<string[]> {
  const names = await readdir(folder);
  return names.filter((name) => Number(PAGE_NAME.exec(name)?.[1] ?? 0) > last).sort();
}
