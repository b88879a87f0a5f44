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

/** /sitemap.xml, or page n of a split sitemap. */
const SITEMAP_PATH = /^\/sitemap(?:-(\d+))?\.xml$/;

export type RobotsMiddleware = ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  /**
   * The middleware without `next`: sets X-Robots-Tag, answers robots.txt and sitemap requests, and
   * returns false for every other request (the app's), so a caller chains on without a closure.
   */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
};

/**
 * /robots.txt, /sitemap.xml (and /sitemap-<n>.xml past the limit) and, on a deployment that is
 * not indexable, `X-Robots-Tag: noindex` on every response. On `WebApp.rawHandlers`: Meteor lets
 * /robots.txt through outside the ROOT_URL path prefix, and raw handlers see every response.
 */
export function createRobotsMiddleware(options: RobotsMiddlewareOptions): RobotsMiddleware {
  const prefix = new URL(options.rootUrl).pathname.replace(/\/$/, '');
  const prefixDir = `${prefix}/`;
  const sitemapUrl = new URL(`${prefix}/sitemap.xml`, options.rootUrl).href;

  function answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (!options.indexable) res.setHeader('X-Robots-Tag', 'noindex');
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const local = prefix && path.startsWith(prefixDir) ? path.slice(prefix.length) : path;
    if (local === '/robots.txt') {
      const body = robotsTxt({
        indexable: options.indexable,
        disallow: options.disallow,
        allow: options.allow,
        sitemaps: options.sitemap?.() ? [sitemapUrl] : [],
      });
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    const sitemap = local.startsWith('/sitemap') ? SITEMAP_PATH.exec(local) : null;
    const source = sitemap ? options.sitemap?.() : undefined;
    if (!sitemap || !source) return false;
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
    return true;
  }

  const middleware = ((req, res, next) => {
    if (!answer(req, res)) next();
  }) as RobotsMiddleware;
  middleware.answer = answer;
  return middleware;
}
