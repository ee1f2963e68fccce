import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { loadArchive, viewOf } from '../lib/collection.ts';
import { today } from '../lib/freshness.ts';
import { newestPapers } from '../lib/papers.ts';
import { absoluteUrl, paperUrl } from '../lib/urls.ts';
import { SITE } from '../site.ts';

/** The newest papers as an RSS feed: plain-text titles and the start of each abstract. */
export const GET: APIRoute = async () => {
  const { days, dates } = await loadArchive();
  const newestDate = dates[0];
  const newest = newestPapers(days, SITE.feedItems);
  return rss({
    title: SITE.title,
    description: newestDate ? `${SITE.description} Newest papers: ${newestDate}.` : SITE.description,
    // When the site was built: a reader of the feed sees whether it still updates.
    customData: `<lastBuildDate>${new Date(`${today()}T00:00:00Z`).toUTCString()}</lastBuildDate>`,
    site: absoluteUrl(SITE.base),
    items: newest.map((paper) => {
      const view = viewOf(paper);
      return {
        title: view.plainTitle,
        link: absoluteUrl(paperUrl(paper.id)),
        pubDate: new Date(`${paper.data.date}T00:00:00Z`),
        description: view.excerptText,
        ...(paper.data.authors.length > 0 ? { author: paper.data.authors.join(', ') } : {}),
      };
    }),
  });
};
