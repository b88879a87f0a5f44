// @flightdeck/seo: the framework-free core. Nothing here imports meteor/*.
export { seoSettings, prerenderIOSettings } from './lib/seo-settings.ts';
export { isCrawler, crawlerPattern, crawlerDetector, looksLikeCrawler, isPersonBrowser, type IsCrawlerOptions } from './lib/prerender/is-crawler.ts';
export { shouldPrerender, type PrerenderCandidate, type ShouldPrerenderOptions } from './lib/prerender/should-prerender.ts';
export { linkPreviewUserAgents, searchAndAiCrawlerUserAgents, prerenderNodeUserAgents, prerenderNodeIgnoredExtensions } from './lib/prerender/crawler-user-agents.ts';
export { RenderCache, isCacheableStatus, type RenderedPage, type RenderCacheOptions } from './lib/prerender/render-cache.ts';
export { fetchRenderedPage, isReplayedResponseHeader, DEFAULT_MAX_BODY_BYTES, type FetchRenderedPageOptions } from './lib/prerender/fetch-rendered-page.ts';
export { prerenderUrl, prerenderPageUrl, rendererTarget, keptQuery, type RendererTarget, type PrerenderPageUrlOptions } from './lib/prerender/prerender-url.ts';
export { RenderPool, RenderPoolBusyError, type RenderPoolOptions } from './lib/prerender/render-pool.ts';
export { deviceClass, type DeviceClass } from './lib/prerender/device-class.ts';
export { createPrerenderMiddleware, renderCacheKey, isRendererFailure, isServedRender, FORWARDED_REQUEST_HEADERS, PRERENDER_IO_SERVICE_URL, type PrerenderOptions, type PrerenderMiddleware } from './lib/prerender/prerender-middleware.ts';
export { robotsTxt, type RobotsTxtOptions, type RobotsGroup } from './lib/crawl-files/robots-txt.ts';
export { hasAppRobotsTxt, type ClientProgramsWithManifest } from './lib/crawl-files/app-robots-txt.ts';
export { sitemapXml, sitemapIndexXml, sitemapPage, sitemapUrls, sitemapUrlsPage, sitemapLoc, checkSitemapEntry, SITEMAP_URL_LIMIT, SITEMAP_CHANGEFREQS, type SitemapEntry, type SitemapUrl, type SitemapInvalidEntry } from './lib/crawl-files/sitemap-xml.ts';
export { createRobotsMiddleware, SitemapTimeoutError, type RobotsMiddlewareOptions, type SitemapSource } from './lib/crawl-files/robots-middleware.ts';
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
export { escapeHtml, jsonForScript } from './lib/head/escape-html.ts';
export { isSafeHeadUrl, dropUnsafeUrls, type UnsafeHeadUrl } from './lib/head/safe-url.ts';
export {
  headTags,
  dedupeHeadTags,
  tagKey,
  metaTag,
  linkTag,
  jsonLdTag,
  titleTag,
  type HeadTag,
  type HeadInput,
  type OpenGraph,
  type OpenGraphImage,
  type TwitterCard,
} from './lib/head/head-tags.ts';
export { renderHead, renderHeadTag, HEAD_KEY_ATTRIBUTE } from './lib/head/render-head.ts';
export { writeHeadTags, removeHeadTags, removeAllHeadTags } from './lib/head/dom-head.ts';
export { HeadState } from './lib/head/head-state.ts';
export { createDocHead, type DocHeadApi, type ReactiveDependency, type LoadScriptOptions } from './lib/head/doc-head.ts';
export { PrerenderReady, type ReadinessSource, type PrerenderReadyOptions } from './lib/head/prerender-ready.ts';
export { statusTags, redirectTags } from './lib/head/prerender-status.ts';
export { createSeo, type CreateSeoOptions, type SeoClient } from './lib/head/create-seo.ts';
export { compileRoute, matchRoute, type RouteMatcher } from './lib/head/route-pattern.ts';
export { clearHeadOnRouteChange, type FlowRouterTriggers } from './lib/head/clear-head-on-route-change.ts';
export {
  ServerHeadRoutes,
  PRERENDER_READY_SCRIPT,
  type ServerHead,
  type ServerHeadCallback,
  type ServerHeadRequest,
  type InitialHead,
} from './lib/head/server-head-routes.ts';
export { seoServerOptions, type SeoServerOptions, type SeoServerSettings } from './lib/seo-server-options.ts';
export { installSeo, createSeoRawHandler, type SeoRawHandler, type InstallSeoOptions, type InstalledSeo, type SeoWebApp, type SeoWebAppInternals } from './lib/install-seo.ts';
