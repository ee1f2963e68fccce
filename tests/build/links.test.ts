import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { sharedSite, SITE_URL as ORIGIN } from '../helpers/shared-sites.ts';
import type { SiteUnderTest } from '../helpers/site.ts';

/** Every URL a file of the built site points at, with the URL of the file it is in. */
function urlsIn(file: string, text: string, fileUrl: URL): URL[] {
  const found: string[] = [];
  if (file.endsWith('.html')) {
    const html = parse(text);
    const attribute = (selector: string, name: string) =>
      html.querySelectorAll(selector).map((element: HTMLElement) => element.getAttribute(name)!);
    found.push(
      ...attribute('a[href]', 'href'),
      ...attribute('link[href]', 'href'),
      ...attribute('script[src]', 'src'),
      ...attribute('img[src]', 'src'),
      ...attribute('form[action]', 'action'),
      ...attribute('meta[property="og:url"]', 'content'),
    );
  } else if (file.endsWith('.css')) {
    found.push(...[...text.matchAll(/url\(["']?([^"')]+)["']?\)/g)].map((match) => match[1]!));
  } else if (file.endsWith('.xml')) {
    found.push(...[...text.matchAll(/<(?:loc|link)>([^<]+)<\/(?:loc|link)>/g)].map((match) => match[1]!));
  } else if (file.endsWith('.txt')) {
    found.push(...[...text.matchAll(/^Sitemap: (\S+)$/gm)].map((match) => match[1]!));
  }
  return found.map((href) => {
    try {
      return new URL(href, fileUrl);
    } catch {
      throw new Error(`${file}: ${JSON.stringify(href)} is not a URL`);
    }
  });
}

/** The shared listings sites (tests/helpers/shared-sites.ts): the sample, hostile text, shared authors and more. */
describe.each([
  ['/', 'listings'],
  ['/daily/', 'rendering'],
] as const)('links of a site built under %s', (base, name) => {
  let site: SiteUnderTest;
  let files: string[];

  beforeAll(async () => {
    ({ site } = await sharedSite(name));
    files = await site.files('dist');
  });

  /** The file in dist/ a URL of this site is served from, or undefined when it lies outside the site. */
  const fileOf = (url: URL) => {
    if (!url.pathname.startsWith(base)) return undefined;
    const path = decodeURIComponent(url.pathname.slice(base.length));
    return path === '' || path.endsWith('/') ? `${path}index.html` : path;
  };
  const textFiles = () => files.filter((file) => /\.(?:html|css|xml|txt|json|js)$/.test(file));
  const fileUrl = (file: string) => new URL(base + file.replace(/(?:^|(?<=\/))index\.html$/, ''), ORIGIN);

  test('every link and asset of this site resolves to a file, and every #fragment to an element', async () => {
    const broken: string[] = [];
    let checked = 0;
    const pages = new Map<string, HTMLElement>();
    const page = async (file: string) => {
      if (!pages.has(file)) pages.set(file, parse(await site.read(`dist/${file}`)));
      return pages.get(file)!;
    };
    for (const file of textFiles()) {
      const text = await site.read(`dist/${file}`);
      for (const url of urlsIn(file, text, fileUrl(file))) {
        expect(url.protocol, `${file}: ${url.href}`).not.toBe('javascript:');
        if (url.origin !== ORIGIN) continue;
        checked += 1;
        const target = fileOf(url);
        if (!target || !existsSync(join(site.dir, 'dist', target))) {
          broken.push(`${file} → ${url.href}`);
          continue;
        }
        if (url.hash && target.endsWith('.html')) {
          const id = decodeURIComponent(url.hash.slice(1));
          if (!(await page(target)).getElementById(id)) broken.push(`${file} → ${url.href} (no #${id})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
  });

  test('no file points at localhost or at the site root outside the base path', async () => {
    for (const file of textFiles()) {
      const text = await site.read(`dist/${file}`);
      expect(text, file).not.toMatch(/localhost|127\.0\.0\.1/);
      if (base !== '/' && file.endsWith('.html')) {
        // Root-relative links must all carry the base path.
        const rootLinks = [...text.matchAll(/(?:href|src|action)="(\/[^"]*)"/g)].map((match) => match[1]!);
        expect(
          rootLinks.filter((link) => !link.startsWith(base)),
          file,
        ).toEqual([]);
      }
    }
  });
});
