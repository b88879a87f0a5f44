// @flightdeck/cdn: the framework-free core. Nothing here imports meteor/*: these work in any
// Node server (the middleware in any Express or Connect app) and in any bundler.
export { createAssetUrl, ASSET_HASH_PARAM, type AssetUrlConfig } from './lib/asset-url.ts';
export { assetHashes, isAppPublicAsset, ASSET_HASH_LENGTH, type ManifestAsset } from './lib/asset-hashes.ts';
export { bundledJsCssPrefix } from './lib/bundled-js-css-prefix.ts';
export { normalizeCdnUrl, cdnUrlProblem, type CdnUrlProblem } from './lib/normalize-cdn-url.ts';
export { createCorsHandler, createCorsStep, defaultCorsExtensions, normalizeOrigin, FONT_EXTENSIONS, type CorsOptions } from './lib/cors-handler.ts';
export { createCacheBustingHandler, createCacheBustingStep, IMMUTABLE_CACHE_CONTROL, type CacheBustingOptions } from './lib/cache-busting-handler.ts';
export { createCdnMiddleware, createCdnStep, type CdnMiddlewareOptions } from './lib/cdn-middleware.ts';
export {
  createMissingFileHandler,
  isMissingFileRequest,
  missingFileBoilerplateCallback,
  type NotFoundBoilerplateData,
} from './lib/missing-file-handler.ts';
export type { ConnectHandler, ConnectStep } from './lib/connect-handler.ts';
export { createPerRequestCdn, type CdnUrlResolver, type PageRequest, type PerRequestCdn } from './lib/per-request-cdn.ts';
export { CDN_RUNTIME_CONFIG_KEY, type CdnRuntimeConfig } from './lib/cdn-runtime-config.ts';
export { installCdn, type InstallCdnOptions, type InstalledCdn, type CdnOptions, type WebAppLike, type WebAppInternalsLike } from './lib/install-cdn.ts';
export { cdnSettings } from './lib/cdn-settings.ts';
export { rspackContexts, rspackPathPrefixes, hasRspack, type RspackContexts, type RspackContextsOptions } from './lib/rspack-contexts.ts';
export { createRspackHtmlRewrite, type RspackHtmlRewrite, type RspackHtmlRewriteOptions } from './lib/rspack-html-rewrite.ts';
export { createRspackStaticHandler, createRspackStaticStep, isHashedFileName, type RspackStaticOptions } from './lib/rspack-static-handler.ts';
export { rspackChunkGlobal } from './lib/rspack-chunk-global.ts';
export { prefixRspackCssUrls } from './lib/rspack-css-prefix.ts';
export { setRspackPublicPath } from './lib/rspack-public-path.ts';
export { settingsAssetUrl, type SettingsAssetUrlOptions } from './lib/settings-asset-url.ts';
