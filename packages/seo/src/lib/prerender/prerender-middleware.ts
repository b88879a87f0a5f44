import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES, fetchRenderedPage } from './fetch-rendered-page.ts';
import { pageUrlResolver, rendererTarget } from './prerender-url.ts';
import { isCacheableStatus, RenderCache, type RenderedPage } from './render-cache.ts';
import { crawlerDetector } from './is-crawler.ts';
import { RenderPool, RenderPoolBusyError } from './render-pool.ts';
import { FALLBACK_QUEUE_SIZE, FallbackQueue } from './fallback-queue.ts';
import type { HoldRequest } from './hold-before-app.ts';
import { deviceClass } from './device-class.ts';
import { shouldPrerender } from './should-prerender.ts';
import { TieredRenderCache, type PageSource } from './tiered-render-cache.ts';
import { createSharedRenderLayer, type SharedRenderCacheSettings, type SharedRenderLayer } from './shared-render-layer.ts';
import { warmPages, WARM_USER_AGENTS, type WarmOptions, type WarmSummary } from './warm-pages.ts';
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
  /** Also crawlers that are not listed, by the general rules of `looksLikeCrawler`. Default true. */
  detectUnlistedCrawlers?: boolean;
  extensionsToIgnore: readonly string[];
  allowList?: readonly RegExp[];
  blockList?: readonly RegExp[];
  /** Milliseconds before the crawler gets the app page instead. Default 5000. */
  timeout?: number;
  /** Renders at once (the rest wait in the queue). Default 4. */
  concurrency?: number;
  /** Crawler requests waiting for a render slot; past it, the crawler gets the app page at once. Default 16. */
  queueSize?: number;
  /**
   * Crawlers past a full pool held for the app page, answered one per event-loop turn (see
   * FallbackQueue); past it, the app page in the turn that read the request. Default 256
   * (FALLBACK_QUEUE_SIZE); 0 answers every one at once. Not a setting.
   */
  fallbackQueueSize?: number;
  /** Runs the fallback queue's next drain in a later turn. Default setImmediate; for tests. */
  scheduleFallback?: (drain: () => void) => void;
  /**
   * Query parameters that change the page (e.g. `page`, `q`); all others are dropped from the
   * URL rendered and from the cache key. Default none (name `_escaped_fragment_` to keep the
   * AJAX-crawling scheme's fragments: each value is a render and a cache entry of its own).
   */
  queryParams?: readonly string[];
  /** Bytes of a renderer's body, received and decoded; past it the crawler gets the app page. Default 5 MiB. */
  maxBodyBytes?: number;
  /** Default 500 pages; 0 turns caching off. */
  cacheSize?: number;
  /** Bytes the render cache holds. Default 50 MiB. */
  cacheBytes?: number;
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
  /**
   * The middleware as a step of a shared layer: false, without calling `next`, for a request that
   * is not a crawler's page (a person's); true when it took the request (it answers it, or calls
   * `next` itself when the crawler gets the app page after all).
   */
  take(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): boolean;
  /**
   * For a wrapper of the http server's 'request' listeners (holdBeforeApp): while the render pool
   * is full, holds a crawler's page request that would get the app page (no cached page, no render
   * of it under way) in the fallback queue before the app sees it, and gives it back to `resume`
   * in a later turn; when it reaches this middleware then, it gets the app page at once. False
   * (nothing held) for anything else, and at once while the pool has room.
   */
  holdBeforeApp: HoldRequest;
  cache: RenderCache;
  /** The bound on renders at once (`running`, `queued`). */
  pool: RenderPool;
  /** Crawlers past the pool waiting for the app page (`size`). */
  fallbacks: FallbackQueue;
  /** L1 and, with `redis`, L2. */
  tiers: TieredRenderCache;
  /** Undefined in the in-memory-only mode. */
  shared: SharedRenderLayer | undefined;
  /** Forgets matching pages in every container (see TieredRenderCache#invalidate). */
  invalidate(pattern: InvalidationPattern): Promise<number>;
  /** Forgets every page in every container. */
  clear(): Promise<number>;
  /**
   * Renders every path given that has no fresh page (each device class), at a bounded
   * concurrency and inside the render pool.
   */
  warm(paths: Iterable<string> | AsyncIterable<string>, options?: WarmOptions): Promise<WarmSummary>;
  /** Closes the Redis connections. */
  close(): Promise<void>;
};

const CACHE_HEADER: Record<PageSource, string> = { memory: 'hit', redis: 'shared', stale: 'stale', renderer: 'miss' };

/** The page URL (path and query) a render key stands for: the key is `<device> <page URL>`. */
function pathOfKey(key: string): string {
  try {
    const page = new URL(key.slice(key.indexOf(' ') + 1));
    return `${page.pathname}${page.search}`;
  } catch {
    return key;
  }
}

/**
 * The cache key of a page for a crawler: its device class, then the page URL (already reduced to
 * the query parameters that change the page). Smartphone and desktop crawlers get their own render.
 */
export function renderCacheKey(pageUrl: string, userAgent: string | undefined): string {
  return `${deviceClass(userAgent)} ${pageUrl}`;
}

/** Pool-busy reports, at most one per this many ms: a flood must not become a log flood. */
const BUSY_REPORT_INTERVAL = 10_000;

/**
 * Answers that speak about the renderer, not the page: a 5xx, a refused token (401, prerender.io),
 * a proxy demanding credentials (407), a rate limit (429). The crawler gets the app page instead,
 * and nothing is cached.
 */
export function isRendererFailure(status: number): boolean {
  return status >= 500 || status === 401 || status === 407 || status === 429;
}

/**
 * Whether a renderer's answer is served to the crawler: exactly the cacheable ones (200, 301,
 * 302, 303, 307, 308, 404, 410). Anything else — a 304 or 206 (a conditional or range request's
 * answer), a 400 or 403 (a refusal of that request), a 5xx — gives the crawler the app page.
 */
export function isServedRender(status: number): boolean {
  return isCacheableStatus(status);
}

/**
 * Request headers forwarded with `forwardHeaders`, an allow-list: what a page may adapt to
 * (content negotiation, client hints). Never conditional (`If-*`) or range headers (the renderer
 * answered `If-None-Match: *` with a 304 that was cached for every crawler), hop-by-hop or proxy
 * headers, credentials, the Host or `X-Forwarded-*`, nor the client's own `X-Prerender-*` (its
 * token would replace ours).
 */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'dnt',
  'from',
  'save-data',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-gpc',
];

/** A forwarded header value stays short: the renderer is asked with headers we can afford. */
const FORWARDED_VALUE_LIMIT = 512;

/** Page URLs remembered per request target before the memo starts over. */
const REMEMBERED_PAGE_URLS = 1000;
/** Longer request targets are resolved every time: a bound on what a flood of them can hold. */
const REMEMBERED_TARGET_LENGTH = 512;

/** The response headers of a page served from memory, built once per page: a cache hit only writes. */
const memoryHitHeaders = new WeakMap<RenderedPage, Record<string, string | string[]>>();

function responseHeaders(page: RenderedPage, source: PageSource): Record<string, string | string[]> {
  const headers = { ...page.headers, 'content-length': String(page.body.length), 'x-prerender-cache': CACHE_HEADER[source] };
  if (source === 'memory') memoryHitHeaders.set(page, headers);
  return headers;
}

function send(res: ServerResponse, page: RenderedPage, method: string | undefined, source: PageSource): void {
  res.writeHead(page.status, (source === 'memory' && memoryHitHeaders.get(page)) || responseHeaders(page, source));
  res.end(method === 'HEAD' ? undefined : page.body);
}

/**
 * Serves crawlers the renderer's page, on `WebApp.rawHandlers`. Everyone else, and crawlers when
 * the renderer is down, slow, busy (the pool), too large (`maxBodyBytes`) or answers anything but
 * 200, a redirect, 404 or 410, goes on to the app (`next()`): a crawler never sees an error page
 * that the app did not make.
 */
export function createPrerenderMiddleware(options: PrerenderOptions): PrerenderMiddleware {
  // Parsed once: the page URL is only ever appended to its path (rendererTarget).
  const service = new URL(options.prerenderServiceUrl || PRERENDER_IO_SERVICE_URL);
  const root = new URL(options.rootUrl);
  const timeout = options.timeout ?? 5000;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const cache = new RenderCache({
    maxEntries: options.cacheSize ?? 500,
    maxBytes: options.cacheBytes ?? 50 * 1024 * 1024,
    lifetime: options.cacheLifetime ?? 10 * 60 * 1000,
    now: options.now,
  });
  const pool = new RenderPool({ concurrency: options.concurrency ?? 4, queueSize: options.queueSize ?? 16, now: options.now });
  // Past the pool, a crawler's app page waits for a turn of its own: the cheap answers of the
  // turn that read it (cache hits, people, joined renders) go first.
  const fallbacks = new FallbackQueue({ maxSize: options.fallbackQueueSize ?? FALLBACK_QUEUE_SIZE, answer: appPage, schedule: options.scheduleFallback });
  const queryParams = options.queryParams ?? [];
  const resolvePageUrl = pageUrlResolver(root, { protocol: options.protocol, queryParams });
  // A crawler asks for the same few targets again and again: each is resolved (parsed, checked
  // against ROOT_URL, its query reduced) once. Null: not one of ROOT_URL's pages.
  const pageUrls = new Map<string, string | null>();
  function pageUrlOf(target: string): string | undefined {
    let url = pageUrls.get(target);
    if (url === undefined) {
      url = resolvePageUrl(target) ?? null;
      if (target.length <= REMEMBERED_TARGET_LENGTH) {
        if (pageUrls.size >= REMEMBERED_PAGE_URLS) pageUrls.clear();
        pageUrls.set(target, url);
      }
    }
    return url ?? undefined;
  }
  const now = options.now ?? Date.now;
  let busySince = -Infinity;
  let busyCount = 0;
  // Called once per crawler request past the pool: a count, and a report every 10 s at most.
  function reportBusy(req: IncomingMessage, error?: RenderPoolBusyError): void {
    busyCount += 1;
    const at = now();
    if (at - busySince < BUSY_REPORT_INTERVAL) return;
    const count = busyCount;
    busySince = at;
    busyCount = 0;
    const reason = error?.message ?? `the render pool is full (${pool.running} rendering, ${pool.queued} waiting)`;
    options.onError?.(new Error(`${reason}: ${count} crawler request(s) got the app page`), req);
  }
  const decision = {
    crawlerUserAgents: crawlerDetector(options.crawlerUserAgents, { generalRules: options.detectUnlistedCrawlers !== false }),
    extensionsToIgnore: options.extensionsToIgnore.map((extension) => extension.toLowerCase()),
    allowList: options.allowList,
    blockList: options.blockList,
  };

  function requestHeaders(req: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {};
    if (options.forwardHeaders) {
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = req.headers[name];
        const text = Array.isArray(value) ? value.join(', ') : value;
        if (text !== undefined && text.length <= FORWARDED_VALUE_LIMIT) headers[name] = text;
      }
    }
    headers['user-agent'] = String(req.headers['user-agent'] ?? '');
    headers['accept-encoding'] = 'gzip';
    headers['x-prerender-int-type'] = 'Node';
    if (options.prerenderToken) headers['x-prerender-token'] = options.prerenderToken;
    return headers;
  }

  let tiers: TieredRenderCache;
  const shared = options.redis
    ? createSharedRenderLayer(
        { maxEntryBytes: maxBytes + 64 * 1024, ...options.redis },
        {
          lifetime: options.cacheLifetime ?? 10 * 60 * 1000,
          renderTimeout: timeout,
          onInvalidate: (pattern) => tiers.applyRemote(pattern),
          onWarning: options.onWarning,
        },
      )
    : undefined;
  tiers = new TieredRenderCache({
    memory: cache,
    shared: shared?.shared,
    lock: shared?.lock,
    channel: shared?.channel,
    // A container waiting for another's render waits no longer than a render of its own may take.
    waitTimeout: timeout,
    // Background re-renders of stale pages only take a free slot of the pool, never queue.
    scheduleBackground: (task) => {
      if (pool.running + pool.queued >= (options.concurrency ?? 4)) return false;
      void task();
      return true;
    },
    pathOf: pathOfKey,
  });

  /** One render through the pool; resolves only a page worth serving and caching. */
  function render(url: string, headers: Record<string, string>): Promise<RenderedPage> {
    return pool.run((remaining) => fetchRenderedPage(rendererTarget(service, url), { headers, timeout: remaining, maxBytes }), now() + timeout).then((page) => {
      if (!isServedRender(page.status)) throw new Error(`the renderer answered ${page.status} for ${url}: the crawler gets the app page`);
      return page;
    });
  }

  /**
   * Past the pool, with no render of this page under way and no shared cache to look in, a
   * crawler's uncached page is the app page: `serveCrawler` and `holdBeforeApp` decide it alike.
   */
  function getsAppPage(key: string): boolean {
    return !shared && pool.full && !tiers.isFetching(key);
  }

  function serveCrawler(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    // Only ROOT_URL's own pages: anything else (dot segments out of the prefix, `//host`,
    // absolute-form targets) goes on to the app, which answers it as it would for a person.
    const url = pageUrlOf(req.url ?? '/');
    if (url === undefined) {
      next();
      return;
    }
    const key = renderCacheKey(url, req.headers['user-agent']);
    const cached = tiers.peek(key);
    if (cached) {
      send(res, cached, req.method, 'memory');
      return;
    }
    // Past the pool, with no render of this page under way and no shared cache to look in: the
    // app page from the fallback queue (a later turn; at once past its bound), without a promise
    // or an error made per request (a flood of unique pages is nearly all such requests, and it
    // shares the event loop with the cache hits).
    if (getsAppPage(key)) {
      reportBusy(req);
      // Held before the app already (holdBeforeApp): it has waited its turn.
      if (heldBeforeApp.delete(req) || !fallbacks.defer(req, res, next)) next();
      return;
    }
    // Crawlers often ask for the same page at once: one render serves them all, in one pool slot,
    // in this container and, with Redis, in every container.
    tiers
      .fetch(key, () => render(url, requestHeaders(req)))
      .then(
        ({ page, source }) => send(res, page, req.method, source),
        (error: Error) => {
          if (error instanceof RenderPoolBusyError) {
            reportBusy(req, error);
            if (fallbacks.defer(req, res, next)) return;
          } else {
            options.onError?.(error, req);
          }
          next();
        },
      )
      .catch((error: unknown) => fallBack(error, req, res, next));
  }

  // Crawlers held before the app saw them, until they come back through `take`.
  const heldBeforeApp = new WeakSet<IncomingMessage>();
  const holdBeforeApp: HoldRequest = (req, res, resume) => {
    if (shared || !pool.full) return false;
    try {
      if (!shouldPrerender(req, decision)) return false;
      const url = pageUrlOf(req.url ?? '/');
      if (url === undefined) return false;
      const key = renderCacheKey(url, req.headers['user-agent']);
      if (tiers.peek(key) || !getsAppPage(key)) return false;
    } catch {
      // Whatever `take` would make of it, it makes of it in this turn.
      return false;
    }
    if (!fallbacks.defer(req, res, () => resume(req, res))) return false;
    heldBeforeApp.add(req);
    return true;
  };

  /** A held crawler's turn: the app page, as `serve` would have given it. */
  function appPage(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    try {
      next();
    } catch (error) {
      fallBack(error, req, res, next);
    }
  }

  // A request never crashes the process nor gives a crawler a 500 made here: whatever throws
  // (a header Node refuses, a handler downstream) ends in the app page or a closed socket.
  function fallBack(error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    options.onError?.(error instanceof Error ? error : new Error(String(error)), req);
    if (!res.headersSent) {
      try {
        next();
        return;
      } catch {
        // next() threw synchronously: nothing more can be said on this response.
      }
    }
    res.destroy();
  }

  // One decision for both forms: the middleware is `take`, then `next()` for what it did not take
  // (a throw there too ends in fallBack, as for a crawler).
  const take = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): boolean => {
    try {
      if (!shouldPrerender(req, decision)) return false;
      serveCrawler(req, res, next);
    } catch (error) {
      fallBack(error, req, res, next);
    }
    return true;
  };
  const middleware = ((req, res, next) => {
    if (take(req, res, next)) return;
    try {
      next();
    } catch (error) {
      fallBack(error, req, res, next);
    }
  }) as PrerenderMiddleware;
  middleware.take = take;
  middleware.holdBeforeApp = holdBeforeApp;
  middleware.cache = cache;
  middleware.pool = pool;
  middleware.fallbacks = fallbacks;
  middleware.tiers = tiers;
  middleware.shared = shared;
  middleware.invalidate = (pattern) => tiers.invalidate(pattern);
  middleware.clear = () => tiers.clear();
  middleware.warm = (paths, warmOptions) =>
    warmPages(
      paths,
      async (path) => {
        const url = resolvePageUrl(path);
        if (url === undefined) throw new Error(`${path.slice(0, 200)} is not a page under ROOT_URL`);
        let rendered = false;
        for (const userAgent of WARM_USER_AGENTS) {
          const key = renderCacheKey(url, userAgent);
          if (await tiers.isFresh(key)) continue;
          const headers: Record<string, string> = { 'user-agent': userAgent, 'accept-encoding': 'gzip', 'x-prerender-int-type': 'Node' };
          if (options.prerenderToken) headers['x-prerender-token'] = options.prerenderToken;
          await tiers.refresh(key, () => render(url, headers));
          rendered = true;
        }
        return rendered ? 'rendered' : 'fresh';
      },
      warmOptions,
    );
  middleware.close = async () => {
    await shared?.connection.close();
  };
  return middleware;
}
