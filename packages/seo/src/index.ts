// @flightdeck/seo: the framework-free core, browser-safe (nothing here imports meteor/* or node:*):
// the head helpers, robots.txt / sitemap.xml, the render cache and the settings spec. What needs
// Node (the prerender middleware, its HTTP client, prerender-node's crawler list) is in
// `@flightdeck/seo/server` (server-index.ts), which Node also gets for this specifier (the "node"
// export condition in package.json).
import { crawlerPattern, isCrawler as isCrawlerIn, type IsCrawlerOptions } from './lib/prerender/is-crawler.ts';
export { seoSettings, prerenderIOSettings } from './lib/seo-settings.ts';
export { crawlerDetector, looksLikeCrawler, isPersonBrowser, type IsCrawlerOptions } from './lib/prerender/is-crawler.ts';
export { shouldPrerender, type PrerenderCandidate, type ShouldPrerenderOptions } from './lib/prerender/should-prerender.ts';
export { RenderCache, isCacheableStatus, type RenderedPage, type RenderCacheOptions } from './lib/prerender/render-cache.ts';
export { prerenderUrl, prerenderPageUrl, rendererTarget, keptQuery, type RendererTarget, type PrerenderPageUrlOptions } from './lib/prerender/prerender-url.ts';
export { RenderPool, RenderPoolBusyError, type RenderPoolOptions } from './lib/prerender/render-pool.ts';
export { deviceClass, type DeviceClass } from './lib/prerender/device-class.ts';
export { robotsTxt, type RobotsTxtOptions, type RobotsGroup } from './lib/crawl-files/robots-txt.ts';
export { hasAppRobotsTxt, type ClientProgramsWithManifest } from './lib/crawl-files/app-robots-txt.ts';
export { sitemapXml, sitemapIndexXml, sitemapPage, sitemapUrls, sitemapUrlsPage, sitemapLoc, checkSitemapEntry, SITEMAP_URL_LIMIT, SITEMAP_CHANGEFREQS, type SitemapEntry, type SitemapUrl, type SitemapInvalidEntry } from './lib/crawl-files/sitemap-xml.ts';
export { createRobotsMiddleware, SitemapTimeoutError, type RobotsMiddlewareOptions, type SitemapSource } from './lib/crawl-files/robots-middleware.ts';
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
  type ServerHeadMatch,
} from './lib/head/server-head-routes.ts';
export { crawlerPattern };

/**
 * Whether a user agent is one of `crawlers` (substrings or a `crawlerPattern`), unless it is an
 * in-app browser. The default list (prerender-node's) is Node-only: in Node, `crawlers` may be left
 * out (`@flightdeck/seo/server`); in a browser bundle it must be given.
 */
export function isCrawler(userAgent: string | undefined, crawlers: readonly string[] | RegExp, options: IsCrawlerOptions = {}): boolean {
  if (!Array.isArray(crawlers) && !(crawlers instanceof RegExp)) {
    throw new TypeError("isCrawler(userAgent, crawlers): the default crawler list is in '@flightdeck/seo/server' (Node); in a browser bundle pass the list");
  }
  return isCrawlerIn(userAgent, crawlers, options);
}
