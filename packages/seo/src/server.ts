// flightdeck:seo on the server: reads the settings and hands WebApp to the core (lib/install-seo.ts).
import { Meteor } from 'meteor/meteor';
import { WebApp, WebAppInternals } from 'meteor/webapp';
import { flightdeckRawLayer, registerSettings } from 'meteor/flightdeck:settings';
import { installSeo, type InstalledSeo, type SeoWebApp, type SeoWebAppInternals } from './lib/install-seo.ts';
import type { SitemapSource } from './lib/crawl-files/robots-middleware.ts';
import { prerenderIOSettings, seoSettings } from './lib/seo-settings.ts';
import { seoServerOptions, type SeoServerSettings } from './lib/seo-server-options.ts';
import { ServerHeadRoutes, type ServerHeadCallback } from './lib/head/server-head-routes.ts';
import { createPrerenderIOCompat } from './lib/prerender-io-compat.ts';
import { prerenderNodeIgnoredExtensions, prerenderNodeUserAgents } from './lib/prerender/crawler-user-agents.ts';
import { sitemapPaths } from './lib/crawl-files/sitemap-paths.ts';
import type { InvalidationPattern } from './lib/prerender/invalidation-pattern.ts';
import type { WarmOptions, WarmSummary } from './lib/prerender/warm-pages.ts';
import './meteor-settings.ts';

export * from './server-index.ts';

registerSettings(seoSettings);
registerSettings(prerenderIOSettings);

const routes = new ServerHeadRoutes({
  onUnsafeUrl: Meteor.isDevelopment ? (key, value) => console.warn(`flightdeck:seo: ${key} dropped from a server head: ${JSON.stringify(value.slice(0, 100))} is not an http(s) or relative URL`) : undefined,
});
let sitemapSource: SitemapSource | undefined;
let installed: InstalledSeo | undefined;
const prerenderIO = createPrerenderIOCompat({
  crawlerUserAgents: prerenderNodeUserAgents(),
  extensionsToIgnore: prerenderNodeIgnoredExtensions(),
  warn: (message) => console.warn(`flightdeck:seo: ${message}`),
});

/** mdg:seo's server global (`api.export('PrerenderIO', 'server')`): its `set(...)` calls become settings. */
export const PrerenderIO = prerenderIO.PrerenderIO;
let rootUrl: string | undefined;

export const Seo = {
  /** The head of the initial HTML for paths matching `pattern`, for bots that run no JavaScript. */
  serverHead(pattern: string, callback: ServerHeadCallback): void {
    routes.add(pattern, callback);
  },
  /** The entries of /sitemap.xml, read on every request to it. */
  sitemap(source: SitemapSource): void {
    if (typeof source !== 'function') throw new TypeError('Seo.sitemap(source): source must be a function returning the entries');
    sitemapSource = source;
  },
  /**
   * Forgets every rendered page, in this container's memory and, with `seo.prerender.redis`, in
   * Redis and every other container's memory. Resolves how many Redis entries went.
   */
  clearPrerenderCache(): Promise<number> {
    return installed?.prerender?.clear() ?? Promise.resolve(0);
  },
  /**
   * Forgets the rendered pages whose path matches, everywhere: `'/posts/1'` (any query),
   * `'/posts/*'` (one segment), `'/docs/**'` (any depth), or a RegExp on path and query.
   */
  invalidate(pathOrPattern: InvalidationPattern): Promise<number> {
    return installed?.prerender?.invalidate(pathOrPattern) ?? Promise.resolve(0);
  },
  /**
   * Renders every page of `Seo.sitemap(...)` that has no fresh render yet (after a deploy), at a
   * bounded concurrency; resolves a summary { total, rendered, fresh, failed, ms }.
   */
  async warm(options: WarmOptions & { paths?: Iterable<string> | AsyncIterable<string> } = {}): Promise<WarmSummary> {
    const prerender = installed?.prerender;
    if (!prerender || !rootUrl) throw new Error('Seo.warm(): prerender is not configured (PrerenderIO.serviceUrl or token), or Meteor has not started yet');
    const source = sitemapSource;
    const paths = options.paths ?? (source ? sitemapPaths(source, rootUrl) : undefined);
    if (!paths) throw new Error('Seo.warm(): no pages to warm: register them with Seo.sitemap(source), or pass { paths }');
    return prerender.warm(paths, options);
  },
};

// Runs after flightdeck:settings' startup callback (it loads first): settings are validated and
// their defaults applied.
Meteor.startup(() => {
  const runtimeConfig = (globalThis as unknown as { __meteor_runtime_config__?: { ROOT_URL?: string } }).__meteor_runtime_config__;
  prerenderIO.freeze();
  const options = seoServerOptions(prerenderIO.apply(Meteor.settings as unknown as SeoServerSettings), {
    ROOT_URL: runtimeConfig?.ROOT_URL || Meteor.absoluteUrl(),
    NODE_ENV: process.env.NODE_ENV,
    REDIS_URL: process.env.REDIS_URL,
  });
  rootUrl = options.rootUrl;
  // Missing before Meteor 3: installSeo says so.
  const rawHandlers = (WebApp as unknown as SeoWebApp).rawHandlers ?? (WebApp as unknown as SeoWebApp).rawConnectHandlers;
  installed = installSeo({
    ...options,
    WebApp: WebApp as unknown as SeoWebApp,
    WebAppInternals: WebAppInternals as unknown as SeoWebAppInternals,
    routes,
    sitemap: () => sitemapSource,
    onError: (error) => console.warn(`flightdeck:seo: ${error.message}`),
    onWarning: (message) => console.warn(message),
    // One layer on rawHandlers with flightdeck:cdn's work, whichever installs first.
    rawLayer: rawHandlers ? flightdeckRawLayer(rawHandlers) : undefined,
  });
});
