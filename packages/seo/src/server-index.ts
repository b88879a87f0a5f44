// @flightdeck/seo/server: the browser-safe core plus what needs Node — the prerender middleware, the shared render cache on Redis
// and its HTTP client (node:http, node:https, node:zlib), prerender-node's crawler list, and the
// WebApp wiring. Node resolves `@flightdeck/seo` here too (the "node" export condition); browser
// bundles get index.ts. The self-hosted renderer is the flightdeck-prerender command, not an export.
import { crawlerDetector, isCrawler as isCrawlerIn, type IsCrawlerOptions } from './lib/prerender/is-crawler.ts';
import { linkPreviewUserAgents, prerenderNodeUserAgents, searchAndAiCrawlerUserAgents } from './lib/prerender/crawler-user-agents.ts';

export * from './index.ts';
export { linkPreviewUserAgents, searchAndAiCrawlerUserAgents, prerenderNodeUserAgents, prerenderNodeIgnoredExtensions } from './lib/prerender/crawler-user-agents.ts';
export { fetchRenderedPage, isReplayedResponseHeader, DEFAULT_MAX_BODY_BYTES, type FetchRenderedPageOptions } from './lib/prerender/fetch-rendered-page.ts';
export { holdBeforeApp, type HoldRequest, type RequestEmitter } from './lib/prerender/hold-before-app.ts';
export { FallbackQueue, FALLBACK_QUEUE_SIZE, type FallbackQueueOptions } from './lib/prerender/fallback-queue.ts';
export { createPrerenderMiddleware, renderCacheKey, isRendererFailure, isServedRender, FORWARDED_REQUEST_HEADERS, PRERENDER_IO_SERVICE_URL, type PrerenderOptions, type PrerenderMiddleware } from './lib/prerender/prerender-middleware.ts';
export { seoServerOptions, type SeoServerOptions, type SeoServerSettings } from './lib/seo-server-options.ts';
export { createPrerenderIOCompat, withMdgSeoServiceUrl, type PrerenderIOCompat, type PrerenderIOCompatState } from './lib/prerender-io-compat.ts';
export { installSeo, createSeoRawHandler, type SeoRawHandler, type InstallSeoOptions, type InstalledSeo, type SeoWebApp, type SeoWebAppInternals } from './lib/install-seo.ts';
// The shared render cache on Redis (node-redis), its lock and invalidation, and warming.
export { createRedisConnection, type RedisConnection, type RedisConnectionOptions } from './lib/prerender/redis-connection.ts';
export { redactRedisUrl, isRedisUrl } from './lib/prerender/redact-redis-url.ts';
export { encodeRenderEntry, decodeRenderEntry, type RenderEntry } from './lib/prerender/render-entry-codec.ts';
export { SharedRenderCache, type SharedRenderCacheOptions, type SharedLookup } from './lib/prerender/shared-render-cache.ts';
export { RenderLock, type RenderLockOptions, type HeldLock } from './lib/prerender/render-lock.ts';
export { InvalidationChannel, type InvalidationChannelOptions } from './lib/prerender/invalidation-channel.ts';
export { serializePattern, compilePattern, type InvalidationPattern, type SerializedPattern } from './lib/prerender/invalidation-pattern.ts';
export { TieredRenderCache, RenderFailure, type MemoryCache, type PageSource, type FetchedPage, type TieredRenderCacheOptions } from './lib/prerender/tiered-render-cache.ts';
export { createSharedRenderLayer, type SharedRenderCacheSettings, type SharedRenderLayer } from './lib/prerender/shared-render-layer.ts';
export { warmPages, combineOutcomes, WARM_USER_AGENT, WARM_USER_AGENTS, WARM_USER_AGENT_TOKEN, type WarmOptions, type WarmSummary, type WarmProgress, type WarmOutcome } from './lib/prerender/warm-pages.ts';
export { sitemapPaths } from './lib/crawl-files/sitemap-paths.ts';
export { fetchSitemapUrls, type FetchSitemapOptions } from './lib/crawl-files/fetch-sitemap-urls.ts';
export { requestAsCrawler, type RequestAsCrawlerOptions } from './lib/prerender/request-as-crawler.ts';
export { runWarmCommand, summaryLine, WARM_USAGE, type WarmCommandIo } from './lib/prerender/warm-command.ts';

let defaultList: readonly string[] | undefined;
let defaultDetector: ((userAgent: string | undefined) => boolean) | undefined;

/**
 * Whether a user agent is a crawler: of `crawlers` when given, else of the list the prerender
 * middleware uses by default (prerender-node's, search and AI crawlers, link-preview fetchers), with
 * its general rules unless `options.generalRules` is false; an in-app browser never is.
 */
export function isCrawler(userAgent: string | undefined, crawlers?: readonly string[] | RegExp, options: IsCrawlerOptions = {}): boolean {
  // The same list as the middleware's default (seo-server-options.ts).
  defaultList ??= [...prerenderNodeUserAgents(), ...searchAndAiCrawlerUserAgents, ...linkPreviewUserAgents];
  if (crawlers !== undefined || options.generalRules === false) return isCrawlerIn(userAgent, crawlers ?? defaultList, options);
  defaultDetector ??= crawlerDetector(defaultList);
  return defaultDetector(userAgent);
}
