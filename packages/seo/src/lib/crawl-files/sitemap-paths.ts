import type { SitemapSource } from './robots-middleware.ts';

/**
 * The request paths (with query) of a sitemap source's entries that belong to the app: `loc` as
 * a path, or an absolute URL on ROOT_URL's origin. Entries elsewhere are skipped (the renderer is
 * only ever asked for our own pages), and with ROOT_URL's path prefix kept as Meteor's raw
 * handlers see it.
 */
export async function* sitemapPaths(source: SitemapSource, rootUrl: string): AsyncGenerator<string> {
  // As sitemap-xml.ts joins them, so warming asks for the very URLs /sitemap.xml lists.
  const root = new URL(rootUrl.endsWith('/') ? rootUrl : `${rootUrl}/`);
  const iterable = await source();
  for await (const entry of iterable as AsyncIterable<{ loc?: unknown }>) {
    if (typeof entry?.loc !== 'string') continue;
    let url: URL;
    try {
      url = new URL(entry.loc, root);
    } catch {
      continue;
    }
    if (url.origin !== root.origin) continue;
    yield `${url.pathname}${url.search}`;
  }
}
