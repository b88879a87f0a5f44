// @flightdeck/seo/server: the browser-safe core plus what needs Node — the prerender middleware
// and its HTTP client (node:http, node:https, node:zlib), prerender-node's crawler list, and the
// WebApp wiring. Node resolves `@flightdeck/seo` here too (the "node" export condition); browser
// bundles get index.ts. The self-hosted renderer is the flightdeck-prerender command, not an export.
import { crawlerDetector, isCrawler as isCrawlerIn } from './lib/prerender/is-crawler.ts';
import { linkPreviewUserAgents, prerenderNodeUserAgents } from './lib/prerender/crawler-user-agents.ts';

export * from './index.ts';
export { linkPreviewUserAgents, prerenderNodeUserAgents, prerenderNodeIgnoredExtensions } from './lib/prerender/crawler-user-agents.ts';
export { fetchRenderedPage, type FetchRenderedPageOptions } from './lib/prerender/fetch-rendered-page.ts';
export { createPrerenderMiddleware, isRendererFailure, PRERENDER_IO_SERVICE_URL, type PrerenderOptions, type PrerenderMiddleware } from './lib/prerender/prerender-middleware.ts';
export { seoServerOptions, type SeoServerOptions, type SeoServerSettings } from './lib/seo-server-options.ts';
export { createPrerenderIOCompat, withMdgSeoServiceUrl, type PrerenderIOCompat, type PrerenderIOCompatState } from './lib/prerender-io-compat.ts';
export { installSeo, createSeoRawHandler, type SeoRawHandler, type InstallSeoOptions, type InstalledSeo, type SeoWebApp, type SeoWebAppInternals } from './lib/install-seo.ts';

let defaultDetector: ((userAgent: string | undefined) => boolean) | undefined;

/**
 * Whether a user agent is a crawler: of `crawlers` when given, else of the list the prerender
 * middleware uses by default (prerender-node's plus link-preview fetchers), unless it is an in-app
 * browser.
 */
export function isCrawler(userAgent: string | undefined, crawlers?: readonly string[] | RegExp): boolean {
  if (crawlers !== undefined) return isCrawlerIn(userAgent, crawlers);
  defaultDetector ??= crawlerDetector([...prerenderNodeUserAgents(), ...linkPreviewUserAgents]);
  return defaultDetector(userAgent);
}
