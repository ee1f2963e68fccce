import { describe, expect, test } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { SCREENSHOTS } from '../helpers/screenshots.ts';
import { servedInBrowser } from '../helpers/served-in-browser.ts';

/** Three real abstracts: author macros (`\msol`), an unknown one (`\zmed`), and dense hep-th notation. */
const PAPERS = ['astro-ph-0107018', 'astro-ph-9503116', '1902.06263'];

describe('real arXiv abstracts in the browser', () => {
  const served = servedInBrowser({ 'real.xml': fixturePath('arxiv/real-abstracts.xml') });

  test('typeset with KaTeX’s fonts, fitting a phone’s width, with nothing shown in error red', async () => {
    for (const width of [1100, 360]) {
      const context = await served.browser.newContext({ viewport: { width, height: 900 } });
      for (const slug of PAPERS) {
        const page = await context.newPage();
        await page.goto(`${served.server.url}papers/${slug}/`);
        await page.evaluate(() => document.fonts.ready);
        const fonts = await page.evaluate(() =>
          [...document.fonts].filter((font) => font.status === 'loaded').map((font) => font.family),
        );
        expect(
          fonts.some((family) => family.includes('KaTeX')),
          slug,
        ).toBe(true);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), slug).toBeLessThanOrEqual(width);
        const red = await page.locator('.abstract [style*="cc0000"], .abstract .katex-error').count();
        expect(red, slug).toBe(0);
        await page.screenshot({ path: `${SCREENSHOTS}math-${slug}-${width}.png`, fullPage: true });
        await page.close();
      }
      await context.close();
    }
  });
});
