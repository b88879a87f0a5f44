import type { IncomingMessage, ServerResponse } from 'node:http';
import { robotsTxt } from './robots-txt.ts';
import { sitemapPage, type SitemapEntry } from './sitemap-xml.ts';

export type SitemapSource = () => Iterable<SitemapEntry> | AsyncIterable<SitemapEntry> | Promise<Iterable<SitemapEntry>>;

export interface RobotsMiddlewareOptions {
  rootUrl: string;
  indexable: boolean;
  disallow?: readonly string[];
  allow?: readonly string[];
  /** The app's sitemap source; read on every sitemap request. */
  sitemap?: () => SitemapSource | undefined;
  /** URLs per sitemap file before an index is served. Default 50,000. */
  sitemapLimit?: number;
  onError?: (error: Error, request: IncomingMessage) => void;
}

async function collect(source: SitemapSource): Promise<SitemapEntry[]> {
  const entries: SitemapEntry[] = [];
  const iterable = await source();
  for await (const entry of iterable as AsyncIterable<SitemapEntry>) entries.push(entry);
  return entries;
}

/**
 * /robots.txt, /sitemap.xml (and /sitemap-<n>.xml past the limit) and, on a deployment that is
 * not indexable, `X-Robots-Tag: noindex` on every response. On `WebApp.rawHandlers`: Meteor lets
 * /robots.txt through outside the ROOT_URL path prefix, and raw handlers see every response.
 */
export function createRobotsMiddleware(options: RobotsMiddlewareOptions) {
  const prefix = new URL(options.rootUrl).pathname.replace(/\/$/, '');
  const sitemapUrl = new URL(`${prefix}/sitemap.xml`, options.rootUrl).href;
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (!options.indexable) res.setHeader('X-Robots-Tag', 'noindex');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const path = (req.url ?? '/').split('?')[0] as string;
    const local = prefix && path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
    if (local === '/robots.txt') {
      const body = robotsTxt({
        indexable: options.indexable,
        disallow: options.disallow,
        allow: options.allow,
        sitemaps: options.sitemap?.() ? [sitemapUrl] : [],
      });
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const sitemap = /^\/sitemap(?:-(\d+))?\.xml$/.exec(local);
    const source = sitemap ? options.sitemap?.() : undefined;
    if (!sitemap || !source) {
      next();
      return;
    }
    collect(source).then(
      (entries) => {
        const page = sitemap[1] === undefined ? undefined : Number(sitemap[1]);
        const xml = sitemapPage(entries, options.rootUrl, page, options.sitemapLimit);
        if (xml === undefined) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
          res.end(`No sitemap page ${page}`);
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
        res.end(req.method === 'HEAD' ? undefined : xml);
      },
      (error: Error) => {
        options.onError?.(error, req);
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Retry-After': '60' });
        res.end('The sitemap source failed');
      },
    );
  };
}
