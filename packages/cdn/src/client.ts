// flightdeck:cdn in the browser: `assetUrl` from the runtime config the server wrote into the page,
// the Blaze helper when the app has templating (a weak dependency, looked up at run time), and on
// Meteor 3.4+ with Rspack the runtime public path of lazily loaded chunks.
import { createAssetUrl } from './lib/asset-url.ts';
import { CDN_RUNTIME_CONFIG_KEY, type CdnRuntimeConfig } from './lib/cdn-runtime-config.ts';
import { setRspackPublicPath } from './lib/rspack-public-path.ts';

const runtimeConfig = (globalThis as unknown as { __meteor_runtime_config__?: Record<string, unknown> }).__meteor_runtime_config__ ?? {};
const cdn = (runtimeConfig[CDN_RUNTIME_CONFIG_KEY] ?? {}) as Partial<CdnRuntimeConfig>;
const rootUrlPathPrefix = (runtimeConfig.ROOT_URL_PATH_PREFIX as string | undefined) || '';

/** The URL of a `public/` file, as the server computes it for the host this page was served with. */
export const assetUrl: (path: string) => string = createAssetUrl({
  url: cdn.url,
  rootUrlPathPrefix,
  hashes: cdn.hashes,
});

// Packages run before the app's Rspack entry, so this is in place before its first import().
if (cdn.url && cdn.rspackChunkGlobal) {
  setRspackPublicPath(globalThis as unknown as Record<string, unknown>, cdn.rspackChunkGlobal, cdn.url, rootUrlPathPrefix);
}

type Templating = { Template?: { registerHelper(name: string, helper: (path: unknown) => string): void } };
const templating = (globalThis as { Package?: Record<string, Templating | undefined> }).Package?.templating;
// Blaze passes a Spacebars.kw hash as the last argument: only the first one is the path.
templating?.Template?.registerHelper('assetUrl', (path) => assetUrl(String(path)));
