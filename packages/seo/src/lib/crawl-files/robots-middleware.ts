import type { IncomingMessage, ServerResponse } from 'node:http';
import { robotsTxt, type RobotsGroup } from './robots-txt.ts';
import { sitemapUrls, sitemapUrlsPage, type SitemapEntry, type SitemapUrl } from './sitemap-xml.ts';

export type SitemapSource = () => Iterable<SitemapEntry> | AsyncIterable<SitemapEntry> | Promise<Iterable<SitemapEntry>>;

export interface RobotsMiddlewareOptions {
  rootUrl: string;
  indexable: boolean;
  disallow?: readonly string[];
  allow?: readonly string[];
  /** Groups for named crawlers (`seo.robots.groups`). */
  groups?: readonly RobotsGroup[];
  /**
   * Whether the app ships its own `public/robots.txt` (`hasAppRobotsTxt`): then an indexable
   * deployment lets Meteor serve that file as is. A deployment that is not indexable still
   * answers `Disallow: /` (the app's file was written for production).
   */
  appRobotsTxt?: () => boolean;
  /** The app's sitemap source; read on every sitemap request. */
  sitemap?: () => SitemapSource | undefined;
  /** URLs per sitemap file before an index is served. Default 50,000. */
  sitemapLimit?: number;
  /** Milliseconds the source may take; past it the sitemap answers 503. Default 10,000. */
  sitemapTimeout?: number;
  /** Milliseconds the generated sitemap is served before the source is read again. Default 60,000; 0 reads it on every request. */
  sitemapCacheLifetime?: number;
  /** Entries read from the source at most (the rest are left out, and logged). Default 500,000. */
  sitemapMaxEntries?: number;
  now?: () => number;
  onError?: (error: Error, request: IncomingMessage) => void;
}

/** The sitemap source took longer than `sitemapTimeout`. */
export class SitemapTimeoutError extends Error {
  constructor(timeout: number) {
    super(`the sitemap source did not finish within ${timeout} ms`);
    this.name = 'SitemapTimeoutError';
  }
}

/** Invalid entries reported one by one per generation; the rest are counted in one line. */
const REPORTED_INVALID_ENTRIES = 10;

interface Collected {
  entries: unknown[];
  truncated: boolean;
}

/**
 * Reads the source within `timeout` ms and at most `maxEntries` entries. A source that never
 * resolves (or an iterator that stops yielding) rejects at the timeout, and the loop stops at its
 * next entry instead of reading on into memory nobody will use.
 */
function collect(source: SitemapSource, timeout: number, maxEntries: number): Promise<Collected> {
  let stopped = false;
  const work = (async (): Promise<Collected> => {
    const iterable = (await source()) as unknown;
    const isIterable = iterable !== null && typeof iterable === 'object' && (Symbol.iterator in iterable || Symbol.asyncIterator in iterable);
    if (!isIterable) throw new TypeError(`the sitemap source must return an (async) iterable of entries, got ${iterable === null ? 'null' : typeof iterable}`);
    const entries: unknown[] = [];
    for await (const entry of iterable as AsyncIterable<unknown>) {
      if (stopped) break;
      if (entries.length >= maxEntries) return { entries, truncated: true };
      entries.push(entry);
    }
    return { entries, truncated: false };
  })();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopped = true;
      reject(new SitemapTimeoutError(timeout));
    }, timeout);
    work.then(
      (collected) => {
        clearTimeout(timer);
        resolve(collected);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
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

  const sitemapTimeout = options.sitemapTimeout ?? 10_000;
  const sitemapCacheLifetime = options.sitemapCacheLifetime ?? 60_000;
  const sitemapMaxEntries = options.sitemapMaxEntries ?? 500_000;
  const now = options.now ?? Date.now;
  // One generation at a time, shared by the requests that arrive while it runs, then kept for
  // sitemapCacheLifetime: the source (often a database scan) is not read once per crawler request.
  interface Generation {
    source: SitemapSource;
    expires: number;
    urls: Promise<SitemapUrl[]>;
    /** The XML of each page asked for, made once per generation. */
    pages: Map<string, string | undefined>;
  }
  let generation: Generation | undefined;

  function generate(source: SitemapSource, req: IncomingMessage): Generation {
    if (generation && generation.source === source && generation.expires > now()) return generation;
    const current: Generation = {
      source,
      // Until it settles, concurrent requests share it; then it lives for the cache lifetime.
      expires: Infinity,
      pages: new Map<string, string | undefined>(),
      urls: collect(source, sitemapTimeout, sitemapMaxEntries).then(({ entries, truncated }) => {
        if (truncated) options.onError?.(new Error(`the sitemap source has more than ${sitemapMaxEntries} entries: the rest are left out`), req);
        let invalid = 0;
        const urls = sitemapUrls(entries, options.rootUrl, (index, problem) => {
          invalid += 1;
          if (invalid <= REPORTED_INVALID_ENTRIES) options.onError?.(new Error(`sitemap entry ${index} skipped: ${problem}`), req);
        });
        if (invalid > REPORTED_INVALID_ENTRIES) options.onError?.(new Error(`${invalid - REPORTED_INVALID_ENTRIES} more invalid sitemap entries skipped`), req);
        return urls;
      }),
    };
    generation = current;
    current.urls.then(
      () => {
        current.expires = now() + sitemapCacheLifetime;
      },
      () => {
        if (generation === current) generation = undefined;
      },
    );
    return current;
  }

  async function sitemapPageXml(source: SitemapSource, page: number | undefined, req: IncomingMessage): Promise<string | undefined> {
    const { urls: pending, pages } = generate(source, req);
    const urls = await pending;
    const key = String(page);
    if (!pages.has(key)) pages.set(key, sitemapUrlsPage(urls, options.rootUrl, page, options.sitemapLimit));
    return pages.get(key);
  }

  function answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (!options.indexable) res.setHeader('X-Robots-Tag', 'noindex');
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const local = prefix && path.startsWith(prefixDir) ? path.slice(prefix.length) : path;
    if (local === '/robots.txt') {
      if (options.indexable && options.appRobotsTxt?.()) return false;
      const body = robotsTxt({
        indexable: options.indexable,
        disallow: options.disallow,
        allow: options.allow,
        groups: options.groups,
        sitemaps: options.sitemap?.() ? [sitemapUrl] : [],
      });
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    const sitemap = local.startsWith('/sitemap') ? SITEMAP_PATH.exec(local) : null;
    const source = sitemap ? options.sitemap?.() : undefined;
    if (!sitemap || !source) return false;
    const page = sitemap[1] === undefined ? undefined : Number(sitemap[1]);
    sitemapPageXml(source, page, req).then(
      (xml) => {
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
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Retry-After': '60' });
        res.end(error instanceof SitemapTimeoutError ? 'The sitemap source is too slow' : 'The sitemap source failed');
      },
    );
    return true;
  }

  // Whatever throws here (settings that failed validation, in development) is logged and the
  // request goes on to the app: robots.txt and the sitemap never give a 500 of their own.
  function safeAnswer(req: IncomingMessage, res: ServerResponse): boolean {
    try {
      return answer(req, res);
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(String(error)), req);
      return res.headersSent;
    }
  }

  const middleware = ((req, res, next) => {
    if (!safeAnswer(req, res)) next();
  }) as RobotsMiddleware;
  middleware.answer = safeAnswer;
  return middleware;
}
