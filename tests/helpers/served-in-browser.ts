import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { buildAndServe, type ServedSite, type StaticServer } from './server.ts';
import type { SiteUnderTest } from './site.ts';

/** A fixture site built and served, and a browser to read it: ready in a `describe`'s tests. */
export interface ServedInBrowser {
  readonly site: SiteUnderTest;
  readonly server: StaticServer;
  readonly browser: Browser;
}

/**
 * Builds `sources` into a site served under `base` and launches a browser before the tests of the
 * `describe` it is called in, and closes both after them. (Kept apart from browser.ts, which the
 * bench imports outside Vitest.)
 */
export function servedInBrowser(sources: Record<string, string>, base = '/'): ServedInBrowser {
  let served: ServedSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    served = await buildAndServe(sources, base);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  return {
    get site() {
      return served!.site;
    },
    get server() {
      return served!.server;
    },
    get browser() {
      return browser!;
    },
  };
}
