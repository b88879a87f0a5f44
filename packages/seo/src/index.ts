// @flightdeck/seo: the framework-free core. Nothing here imports meteor/*.
export { seoSettings, prerenderIOSettings } from './lib/seo-settings.ts';
export { isCrawler, crawlerPattern } from './lib/is-crawler.ts';
export { shouldPrerender, type PrerenderCandidate, type ShouldPrerenderOptions } from './lib/should-prerender.ts';
export { linkPreviewUserAgents, prerenderNodeUserAgents, prerenderNodeIgnoredExtensions } from './lib/crawler-user-agents.ts';
export { RenderCache, type RenderedPage, type RenderCacheOptions } from './lib/render-cache.ts';
export { fetchRenderedPage, type FetchRenderedPageOptions } from './lib/fetch-rendered-page.ts';
export { prerenderUrl } from './lib/prerender-url.ts';
export { createPrerenderMiddleware, isRendererFailure, PRERENDER_IO_SERVICE_URL, type PrerenderOptions, type PrerenderMiddleware } from './lib/prerender-middleware.ts';
export { robotsTxt, type RobotsTxtOptions } from './lib/robots-txt.ts';
export { sitemapXml, sitemapIndexXml, sitemapPage, SITEMAP_URL_LIMIT, type SitemapEntry } from './lib/sitemap-xml.ts';
export { createRobotsMiddleware, type RobotsMiddlewareOptions, type SitemapSource } from './lib/robots-middleware.ts';
export { escapeHtml, jsonForScript } from './lib/escape-html.ts';
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
} from './lib/head-tags.ts';
export { renderHead, renderHeadTag, HEAD_KEY_ATTRIBUTE } from './lib/render-head.ts';
export { writeHeadTags, removeHeadTags, removeAllHeadTags } from './lib/dom-head.ts';
export { HeadState } from './lib/head-state.ts';
export { createDocHead, type DocHeadApi, type ReactiveDependency, type LoadScriptOptions } from './lib/doc-head.ts';
export { PrerenderReady, type ReadinessSource, type PrerenderReadyOptions } from './lib/prerender-ready.ts';
export { statusTags, redirectTags } from './lib/prerender-status.ts';
export { createSeo, type CreateSeoOptions, type SeoClient } from './lib/create-seo.ts';
export { compileRoute, matchRoute, type RouteMatcher } from './lib/route-pattern.ts';
export { clearHeadOnRouteChange, type FlowRouterTriggers } from './lib/clear-head-on-route-change.ts';
export {
  ServerHeadRoutes,
  PRERENDER_READY_SCRIPT,
  type ServerHead,
  type ServerHeadCallback,
  type ServerHeadRequest,
  type InitialHead,
} from './lib/server-head-routes.ts';
export { seoServerOptions, type SeoServerOptions, type SeoServerSettings } from './lib/seo-server-options.ts';
export { installSeo, createSeoRawHandler, type SeoRawHandler, type InstallSeoOptions, type InstalledSeo, type SeoWebApp, type SeoWebAppInternals } from './lib/install-seo.ts';
