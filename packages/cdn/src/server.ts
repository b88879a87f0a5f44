// flightdeck:cdn on the server: reads the settings and hands WebApp to the core (lib/install-cdn.ts).
import { Meteor } from 'meteor/meteor';
import { WebApp, WebAppInternals } from 'meteor/webapp';
import { registerSettings } from 'meteor/flightdeck:settings';
import { cdnSettings } from './lib/cdn-settings.ts';
import { createAssetUrl } from './lib/asset-url.ts';
import { installCdn, type InstalledCdn, type WebAppInternalsLike, type WebAppLike } from './lib/install-cdn.ts';
import type { CdnUrlResolver } from './lib/per-request-cdn.ts';
import './meteor-settings.ts';

export * from './index.ts';

const settings = registerSettings(cdnSettings);
// Meteor's boot.js defines it on the server; webapp encodes it into every page.
const runtimeConfig = ((globalThis as unknown as { __meteor_runtime_config__?: Record<string, unknown> }).__meteor_runtime_config__ ??= {});
let installed: InstalledCdn | undefined;
let pendingResolver: CdnUrlResolver | null = null;

/**
 * The URL of a `public/` file: on the CDN, with its content hash when cache busting is on. Before
 * startup (no manifest yet) it has no hash.
 */
export function assetUrl(path: string): string {
  if (installed) return installed.assetUrl(path);
  const rootUrlPathPrefix = String(runtimeConfig.ROOT_URL_PATH_PREFIX ?? '');
  return createAssetUrl({ rootUrlPathPrefix })(path);
}

/**
 * Picks the CDN per page request (region, canary...): return a URL, `null` for no CDN, or
 * `undefined` for `public.cdn.url`. The page's bundles and its client-side `assetUrl` follow it.
 */
export function setCdnUrlResolver(resolver: CdnUrlResolver | null): void {
  pendingResolver = resolver;
  installed?.setCdnUrlResolver(resolver);
}

// Runs after flightdeck:settings' startup callback (it loads first), so the settings are validated
// and their defaults applied; and after the app's top-level code, so a resolver set there is kept.
Meteor.startup(async () => {
  installed = await installCdn({
    WebApp: WebApp as unknown as WebAppLike,
    WebAppInternals: WebAppInternals as unknown as WebAppInternalsLike,
    runtimeConfig,
    rootUrl: String(runtimeConfig.ROOT_URL || Meteor.absoluteUrl()),
    settings: { ...settings.public, ...settings.private },
  });
  if (pendingResolver) installed.setCdnUrlResolver(pendingResolver);
});
