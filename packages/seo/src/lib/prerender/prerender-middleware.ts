import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchRenderedPage } from './fetch-rendered-page.ts';
import { prerenderUrl } from './prerender-url.ts';
import { RenderCache, type RenderedPage } from './render-cache.ts';
import { crawlerDetector } from './is-crawler.ts';
import { shouldPrerender } from './should-prerender.ts';
import { TieredRenderCache, type PageSource } from './tiered-render-cache.ts';
import { createSharedRenderLayer, type SharedRenderCacheSettings, type SharedRenderLayer } from './shared-render-layer.ts';
import { warmPages, WARM_USER_AGENT, type WarmOptions, type WarmSummary } from './warm-pages.ts';
import type { InvalidationPattern } from './invalidation-pattern.ts';

export const PRERENDER_IO_SERVICE_URL = 'https://service.prerender.io/';

/**
 * prerender-node's option names where they mean the same thing (`prerenderServiceUrl`,
 * `prerenderToken`, `protocol`, `forwardHeaders`, `crawlerUserAgents`, `extensionsToIgnore`), plus
 * what it lacks.
 */
export interface PrerenderOptions {
  /** ROOT_URL: the only source of the protocol and host sent to the renderer. */
  rootUrl: string;
  /** Default https://service.prerender.io/ (which needs a token). */
  prerenderServiceUrl?: string;
  prerenderToken?: string;
  protocol?: 'http' | 'https';
  forwardHeaders?: boolean;
  crawlerUserAgents: readonly string[];
  extensionsToIgnore: readonly string[];
  allowList?: readonly RegExp[];
  blockList?: readonly RegExp[];
  /** Milliseconds before the crawler gets the app page instead. Default 5000. */
  timeout?: number;
  /** Default 500 pages; 0 turns caching off. */
  cacheSize?: number;
  /** Milliseconds. Default 10 minutes. */
  cacheLifetime?: number;
  /** A render cache shared by every container on Redis (L2 behind the in-memory one). */
  redis?: SharedRenderCacheSettings;
  /** Called when the renderer fails and the app page is served instead. */
  onError?: (error: Error, request?: IncomingMessage) => void;
  /** Redis outages (once each, and when it is back) and dropped shared entries. */
  onWarning?: (message: string) => void;
  now?: () => number;
}

export type PrerenderMiddleware = ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  /** L1, this container's memory. */
  cache: RenderCache;
  /** L1 and, with `redis`, L2. */
  tiers: TieredRenderCache;
  /** Undefined in the in-memory-only mode. */
  shared: SharedRenderLayer | undefined;
  /** Forgets matching pages in every container (see TieredRenderCache#invalidate). */
  invalidate(pattern: InvalidationPattern): Promise<number>;
  /** Forgets every page in every container. */
  clear(): Promise<number>;
  /** Renders every path given that has no fresh page, at a bounded concurrency. */
  warm(paths: Iterable<string> | AsyncIterable<string>, options?: WarmOptions): Promise<WarmSummary>;
  /** Closes the Redis connections. */
  close(): Promise<void>;
};

const CACHE_HEADER: Record<PageSource, string> = { memory: 'hit', redis: 'shared', stale: 'stale', renderer: 'miss' };

/**
 * Answers that speak about the renderer, not the page: a 5xx, a refused token (401, prerender.io),
 * a proxy demanding credentials (407), a rate limit (429). The crawler gets the app page instead,
 * and nothing is cached.
 */
export function isRendererFailure(status: number): boolean {
  return status >= 500 || status === 401 || status === 407 || status === 429;
}

/** Request headers never forwarded: they name our host or carry the crawler's credentials. */
const NEVER_FORWARDED = new Set(['host', 'cookie', 'authorization', 'connection', 'content-length', 'accept-encoding', 'x-forwarded-host', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded', 'x-real-ip']);

function send(res: ServerResponse, page: RenderedPage, method: string | undefined, source: PageSource): void {
  res.writeHead(page.status, {
    ...page.headers,
    'content-length': String(page.body.length),
    'x-prerender-cache': CACHE_HEADER[source],
  });
  res.end(method === 'HEAD' ? undefined : page.body);
}

/**
 * Serves crawlers the renderer's page, on `WebApp.rawHandlers`. Everyone else, and crawlers when
 * the renderer is down, slow or answers 5xx, goes on to the app (`next()`): a crawler never sees
 * an error page that the app did not make.
 */
export function createPrerenderMiddleware(options: PrerenderOptions): PrerenderMiddleware {
  const serviceUrl = options.prerenderServiceUrl || PRERENDER_IO_SERVICE_URL;
  const timeout = options.timeout ?? 5000;
  const cache = new RenderCache({
    maxEntries: options.cacheSize ?? 500,
    lifetime: options.cacheLifetime ?? 10 * 60 * 1000,
    now: options.now,
  });
  const decision = {
    crawlerUserAgents: crawlerDetector(options.crawlerUserAgents),
    extensionsToIgnore: options.extensionsToIgnore.map((extension) => extension.toLowerCase()),
    allowList: options.allowList,
    blockList: options.blockList,
  };

  function requestHeaders(req: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {};
    if (options.forwardHeaders) {
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !NEVER_FORWARDED.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
    }
    headers['user-agent'] = String(req.headers['user-agent'] ?? '');
    headers['accept-encoding'] = 'gzip';
    headers['x-prerender-int-type'] = 'Node';
    if (options.prerenderToken) headers['x-prerender-token'] = options.prerenderToken;
    return headers;
  }

  const service = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
  // The cache key is the page's URL without the renderer's: containers with renderers at
  // different addresses still share their pages.
  const keyOf = (url: string) => url.slice(service.length);
  const pathOf = (key: string) => {
    try {
      const page = new URL(key);
      return `${page.pathname}${page.search}`;
    } catch {
      return key;
    }
  };
  let tiers: TieredRenderCache;
  const shared = options.redis
    ? createSharedRenderLayer(options.redis, {
        lifetime: options.cacheLifetime ?? 10 * 60 * 1000,
        renderTimeout: timeout,
        onInvalidate: (pattern) => tiers.applyRemote(pattern),
        onWarning: options.onWarning,
      })
    : undefined;
  tiers = new TieredRenderCache({
    memory: cache,
    shared: shared?.shared,
    lock: shared?.lock,
    channel: shared?.channel,
    waitTimeout: timeout,
    pathOf,
  });

  function render(url: string, headers: Record<string, string>): Promise<RenderedPage> {
    return fetchRenderedPage(url, { headers, timeout }).then((page) => {
      if (isRendererFailure(page.status)) throw new Error(`the renderer answered ${page.status} for ${url}`);
      return page;
    });
  }

  const middleware = ((req, res, next) => {
    if (!shouldPrerender(req, decision)) {
      next();
      return;
    }
    const url = prerenderUrl(serviceUrl, options.rootUrl, req.url ?? '/', options.protocol);
    const key = keyOf(url);
    const cached = tiers.peek(key);
    if (cached) {
      send(res, cached, req.method, 'memory');
      return;
    }
    // Crawlers often ask for the same page at once: one render serves them all, in this
    // container and, with Redis, in every container.
    tiers.fetch(key, () => render(url, requestHeaders(req))).then(
      ({ page, source }) => send(res, page, req.method, source),
      (error: Error) => {
        options.onError?.(error, req);
        next();
      },
    );
  }) as PrerenderMiddleware;
  middleware.tiers = tiers;
  middleware.shared = shared;
  middleware.invalidate = (pattern) => tiers.invalidate(pattern);
  middleware.clear = () => tiers.clear();
  middleware.warm = (paths, warmOptions) =>
    warmPages(
      paths,
      async (path) => {
        const url = prerenderUrl(serviceUrl, options.rootUrl, path, options.protocol);
        const key = keyOf(url);
        if (await tiers.isFresh(key)) return 'fresh';
        const headers = { 'user-agent': WARM_USER_AGENT, 'accept-encoding': 'gzip', 'x-prerender-int-type': 'Node', ...(options.prerenderToken ? { 'x-prerender-token': options.prerenderToken } : {}) };
        await tiers.refresh(key, () => render(url, headers));
        return 'rendered';
      },
      warmOptions,
    );
  middleware.close = async () => {
    await shared?.connection.close();
  };
  middleware.cache = cache;
  return middleware;
}
