import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { loadArchive } from '../lib/collection.ts';
import { abstractExcerpt } from '../lib/excerpt.ts';
import { segmentsToPlainText } from '../lib/math/plain-text.ts';
import { splitMath } from '../lib/math/segments.ts';
import { absoluteUrl, paperUrl } from '../lib/urls.ts';
import { SITE } from '../site.ts';

/** The newest papers as an RSS feed: plain-text titles and the start of each abstract. */
export const GET: APIRoute = async () => {
  const { days } = await loadArchive();
  const newest = [...days.values()].flat().slice(0, SITE.feedItems);
  return rss({
    title: SITE.title,
    description: SITE.description,
    site: absoluteUrl(SITE.base),
    items: newest.map((paper) => {
      const excerpt = abstractExcerpt(paper.body ?? '', SITE.excerptWords);
      return {
        title: segmentsToPlainText(splitMath(paper.data.title)),
        link: absoluteUrl(paperUrl(paper.id)),
        pubDate: new Date(`${paper.data.date}T00:00:00Z`),
        description: segmentsToPlainText(excerpt.segments) + (excerpt.truncated ? '…' : ''),
        ...(paper.data.authors.length > 0 ? { author: paper.data.authors.join(', ') } : {}),
      };
    }),
  });
};
