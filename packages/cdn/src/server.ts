// flightdeck:cdn on the server: reads the settings and hands WebApp to the core (lib/install-cdn.ts).
import { Meteor } from 'meteor/meteor';
import { WebApp, WebAppInternals } from 'meteor/webapp';
import { coerceEnvValue, flightdeckRawLayer, registerSettings } from 'meteor/flightdeck:settings';
import { cdnSettings } from './lib/cdn-settings.ts';
import { installCdn, type InstalledCdn, type WebAppInternalsLike, type WebAppLike } from './lib/install-cdn.ts';
import type { CdnUrlResolver } from './lib/per-request-cdn.ts';
import { readFileHead } from './lib/read-file-head.ts';
import { hasRspack, rspackContexts, rspackPathPrefixes } from './lib/rspack-contexts.ts';
import { settingsAssetUrl } from './lib/settings-asset-url.ts';
import './meteor-settings.ts';

export * from './index.ts';

const settings = registerSettings(cdnSettings);
// Meteor's boot.js defines it on the server; webapp encodes it into every page.
const runtimeConfig = ((globalThis as unknown as { __meteor_runtime_config__?: Record<string, unknown> }).__meteor_runtime_config__ ??= {});
const rootUrl = () => String(runtimeConfig.ROOT_URL || Meteor.absoluteUrl());
// Meteor 3.4+ built with Rspack has the `rspack` package (a weak check: absent on 3.0–3.3). Read
// when needed, not at load: this package does not depend on rspack, so it may load before it.
const rspackNow = () =>
  hasRspack((globalThis as { Package?: Record<string, unknown> }).Package)
    ? rspackContexts({ env: process.env, isTest: Meteor.isTest || Meteor.isAppTest, isAppTest: Meteor.isAppTest })
    : null;
const webApp = WebApp as unknown as WebAppLike;
let installed: InstalledCdn | undefined;
let early: ((path: string) => string) | undefined;
let pendingResolver: CdnUrlResolver | null = null;

/**
 * The URL of a `public/` file: on the CDN, with its content hash when cache busting is on, right
 * from the first call: at module top level (before startup) it reads the settings and Meteor's
 * manifest itself.
 */
export function assetUrl(path: string): string {
  if (installed) return installed.assetUrl(path);
  if (!early) {
    const contexts = rspackNow();
    early = settingsAssetUrl({
      publicCdn: (Meteor.settings.public as { cdn?: { url?: unknown; cacheBusting?: unknown } } | undefined)?.cdn,
      env: process.env,
      rootUrl: rootUrl(),
      manifest: (webApp.clientPrograms['web.browser'] ?? Object.values(webApp.clientPrograms).find(Boolean))?.manifest ?? [],
      exclude: contexts ? rspackPathPrefixes(contexts) : [],
      coerceEnvValue,
    });
  }
  return early(path);
}

/**
 * Picks the CDN per page request (region, canary...): return a URL, `null` for no CDN, or
 * `undefined` for `public.cdn.url`. The page's bundles, its Rspack chunks and its client-side
 * `assetUrl` follow it.
 */
export function setCdnUrlResolver(resolver: CdnUrlResolver | null): void {
  pendingResolver = resolver;
  installed?.setCdnUrlResolver(resolver);
}

// Runs after flightdeck:settings' startup callback (it loads first), so the settings are validated
// and their defaults applied; and after the app's top-level code, so a resolver set there is kept.
Meteor.startup(async () => {
  // Missing before Meteor 3: installCdn says so.
  const rawHandlers = webApp.rawHandlers ?? webApp.rawConnectHandlers;
  installed = await installCdn({
    WebApp: webApp,
    WebAppInternals: WebAppInternals as unknown as WebAppInternalsLike,
    runtimeConfig,
    rootUrl: rootUrl(),
    settings: { ...settings.public, ...settings.private },
    rspack: rspackNow(),
    readFileHead,
    // One layer on rawHandlers with flightdeck:seo's work, whichever installs first.
    rawLayer: rawHandlers ? flightdeckRawLayer(rawHandlers) : undefined,
  });
  if (pendingResolver) installed.setCdnUrlResolver(pendingResolver);
});
