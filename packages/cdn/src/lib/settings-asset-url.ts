// Type only: in Meteor this file is part of flightdeck:cdn, which cannot import the npm
// @flightdeck/settings (not in its Npm.depends, so Meteor would look for it in the app's node_modules).
import type { coerceEnvValue as CoerceEnvValue } from '@flightdeck/settings';
import { assetHashes, type ManifestAsset } from './asset-hashes.ts';
import { createAssetUrl } from './asset-url.ts';
import { cdnUrlProblem, normalizeCdnUrl } from './normalize-cdn-url.ts';

export interface SettingsAssetUrlOptions {
  /** `Meteor.settings.public.cdn` as the file has it (not validated yet). */
  publicCdn: { url?: unknown; cacheBusting?: unknown } | undefined;
  env: Readonly<Record<string, string | undefined>>;
  rootUrl: string;
  manifest: readonly ManifestAsset[];
  /** URL path prefixes left out of the hashes (the Rspack folders). */
  exclude?: readonly string[];
  /** flightdeck:settings' `coerceEnvValue` (`meteor/flightdeck:settings` in Meteor, `@flightdeck/settings` on npm). */
  coerceEnvValue: typeof CoerceEnvValue;
}

/**
 * `assetUrl` for server code that runs before `Meteor.startup` (module top level), when
 * flightdeck:settings has not applied the environment overrides and defaults yet: it reads them
 * the way the cdn spec declares them (`CDN_URL` over `public.cdn.url`, `CDN_CACHE_BUSTING` over
 * `public.cdn.cacheBusting`, default true), and the hashes from the manifest, which Meteor 3's
 * webapp has loaded before any package that uses it runs (`await runWebAppServer()` at its top
 * level). So the first call already gives the CDN URL with its hash, as every later call does.
 */
export function settingsAssetUrl(options: SettingsAssetUrlOptions): (path: string) => string {
  const file = options.publicCdn ?? {};
  const rawUrl = options.env.CDN_URL || (typeof file.url === 'string' ? file.url : undefined);
  let url: string | null = null;
  if (rawUrl && cdnUrlProblem(rawUrl, options.rootUrl) === undefined) url = normalizeCdnUrl(rawUrl);
  const envBusting = options.env.CDN_CACHE_BUSTING;
  const cacheBusting = envBusting ? options.coerceEnvValue(envBusting, Boolean, undefined) !== false : file.cacheBusting !== false;
  return createAssetUrl({
    url,
    rootUrlPathPrefix: new URL(options.rootUrl).pathname.replace(/\/+$/, ''),
    hashes: cacheBusting ? assetHashes(options.manifest, options.exclude) : {},
  });
}
