import type { SitemapSource } from './robots-middleware.ts';
import { sitemapLoc } from './sitemap-xml.ts';

/**
 * The request paths (with query) of a sitemap source's entries, as Meteor's raw handlers see
 * them (ROOT_URL's path prefix included): each `loc` made absolute exactly as /sitemap.xml lists it
 * (`sitemapLoc`), so warming asks for the very URLs crawlers are given. Entries that are not
 * under ROOT_URL are skipped: the renderer is only ever asked for our own pages.
 */
export async function* sitemapPaths(source: SitemapSource, rootUrl: string): AsyncGenerator<string> {
  const iterable = await source();
  for await (const entry of iterable as AsyncIterable<{ loc?: unknown }>) {
    if (typeof entry?.loc !== 'string') continue;
    const absolute = sitemapLoc(entry.loc.trim(), rootUrl);
    if (absolute === undefined) continue;
    const url = new URL(absolute);
    yield `${url.pathname}${url.search}`;
  }
}
