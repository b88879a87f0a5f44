// @flightdeck/seo/server: the browser-safe core plus what needs Node — the prerender middleware
// and its HTTP client (node:http, node:https, node:zlib), prerender-node's crawler list, and the
// WebApp wiring. Node resolves `@flightdeck/seo` here too (the "node" export condition); browser
// bundles get index.ts. The self-hosted renderer is the flightdeck-prerender command, not an export.
import { crawlerDetector, isCrawler as isCrawlerIn, type IsCrawlerOptions } from './lib/prerender/is-crawler.ts';
import { linkPreviewUserAgents, prerenderNodeUserAgents, searchAndAiCrawlerUserAgents } from './lib/prerender/crawler-user-agents.ts';

export * from './index.ts';
export { linkPreviewUserAgents, searchAndAiCrawlerUserAgents, prerenderNodeUserAgents, prerenderNodeIgnoredExtensions } from './lib/prerender/crawler-user-agents.ts';
export { fetchRenderedPage, isReplayedResponseHeader, DEFAULT_MAX_BODY_BYTES, type FetchRenderedPageOptions } from './lib/prerender/fetch-rendered-page.ts';
export { createPrerenderMiddleware, renderCacheKey, isRendererFailure, isServedRender, FORWARDED_REQUEST_HEADERS, PRERENDER_IO_SERVICE_URL, type PrerenderOptions, type PrerenderMiddleware } from './lib/prerender/prerender-middleware.ts';
export { seoServerOptions, type SeoServerOptions, type SeoServerSettings } from './lib/seo-server-options.ts';
export { createPrerenderIOCompat, withMdgSeoServiceUrl, type PrerenderIOCompat, type PrerenderIOCompatState } from './lib/prerender-io-compat.ts';
export { installSeo, createSeoRawHandler, type SeoRawHandler, type InstallSeoOptions, type InstalledSeo, type SeoWebApp, type SeoWebAppInternals } from './lib/install-seo.ts';

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
