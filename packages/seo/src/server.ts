// flightdeck:seo on the server: reads the settings and hands WebApp to the core (lib/install-seo.ts).
import { Meteor } from 'meteor/meteor';
import { WebApp, WebAppInternals } from 'meteor/webapp';
import { registerSettings } from 'meteor/flightdeck:settings';
import { installSeo, type InstalledSeo, type SeoWebApp, type SeoWebAppInternals } from './lib/install-seo.ts';
import type { SitemapSource } from './lib/crawl-files/robots-middleware.ts';
import { prerenderIOSettings, seoSettings } from './lib/seo-settings.ts';
import { seoServerOptions, type SeoServerSettings } from './lib/seo-server-options.ts';
import { ServerHeadRoutes, type ServerHeadCallback } from './lib/head/server-head-routes.ts';
import { createPrerenderIOCompat } from './lib/prerender-io-compat.ts';
import { prerenderNodeIgnoredExtensions, prerenderNodeUserAgents } from './lib/prerender/crawler-user-agents.ts';
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
  /** Forgets every rendered page (after a deploy that changes pages). */
  clearPrerenderCache(): void {
    installed?.prerender?.cache.clear();
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
  });
  installed = installSeo({
    ...options,
    WebApp: WebApp as unknown as SeoWebApp,
    WebAppInternals: WebAppInternals as unknown as SeoWebAppInternals,
    routes,
    sitemap: () => sitemapSource,
    onError: (error) => console.warn(`flightdeck:seo: ${error.message}`),
  });
});
