import { assetHashes, type ManifestAsset } from './asset-hashes.ts';
import { createAssetUrl } from './asset-url.ts';
import { bundledJsCssPrefix } from './bundled-js-css-prefix.ts';
import { createCdnMiddleware } from './cdn-middleware.ts';
import { CDN_RUNTIME_CONFIG_KEY, type CdnRuntimeConfig } from './cdn-runtime-config.ts';
import type { ConnectHandler } from './connect-handler.ts';
import { defaultCorsExtensions } from './cors-handler.ts';
import { missingFileBoilerplateCallback, type NotFoundBoilerplateData } from './missing-file-handler.ts';
import { cdnUrlProblem, normalizeCdnUrl } from './normalize-cdn-url.ts';
import { createPerRequestCdn, type CdnUrlResolver, type PageRequest } from './per-request-cdn.ts';

/** The parts of Meteor 3's `WebApp` this package uses (typed here: @types/meteor predates Meteor 3). */
export interface WebAppLike {
  rawHandlers?: { use(handler: ConnectHandler): unknown };
  rawConnectHandlers?: { use(handler: ConnectHandler): unknown };
  clientPrograms: Record<string, { manifest: readonly ManifestAsset[] } | undefined>;
  addRuntimeConfigHook(hook: (options: { arch: string; request: PageRequest; encodedCurrentConfig: string; updated: boolean }) => unknown): unknown;
  encodeRuntimeConfig(config: unknown): string;
  decodeRuntimeConfig(encoded: string): unknown;
}

/** The parts of Meteor 3's `WebAppInternals` this package uses; the setters are async since 3.0. */
export interface WebAppInternalsLike {
  setBundledJsCssPrefix(prefix: string): Promise<void> | void;
  generateBoilerplate(): Promise<void> | void;
  registerBoilerplateDataCallback(key: string, callback: ((request: PageRequest, data: never, arch: string) => unknown) | null): unknown;
  enableSubresourceIntegrity?(useCredentials?: boolean): Promise<void> | void;
}

/** The validated settings (flightdeck:settings applied the defaults). */
export interface CdnOptions {
  url?: string;
  cacheBusting?: boolean;
  corsOrigins?: readonly string[];
  corsCredentials?: boolean;
  corsMaxAge?: number;
  extensions?: readonly string[];
  subresourceIntegrity?: boolean;
  notFoundForMissingFiles?: boolean;
}

export interface InstallCdnOptions {
  WebApp: WebAppLike;
  WebAppInternals: WebAppInternalsLike;
  /** `__meteor_runtime_config__` on the server: gets the CdnRuntimeConfig the client reads. */
  runtimeConfig: Record<string, unknown>;
  rootUrl: string;
  settings: CdnOptions;
  /** Where warnings go; default console.warn. */
  warn?: (message: string) => void;
}

export interface InstalledCdn {
  /** The CDN from the settings, normalised, or null (unset, invalid, or the app's own host). */
  cdnUrl: string | null;
  /** `assetUrl` for server code: the default CDN (a resolver's per-request choice is the client's). */
  assetUrl(path: string): string;
  /** Chooses the CDN per page request; `undefined` from the resolver means the default. */
  setCdnUrlResolver(resolver: CdnUrlResolver | null): void;
}

const BOILERPLATE_KEYS = { cdn: 'flightdeck:cdn', missingFile: 'flightdeck:cdn/missing-file' };

function rootUrlPathPrefix(rootUrl: string): string {
  return new URL(rootUrl).pathname.replace(/\/+$/, '');
}

/**
 * Everything flightdeck:cdn does to a Meteor 3 server, given Meteor's objects: the bundle prefix
 * (awaited and called as a method, as Meteor 3's setter uses `this`), CORS and cache busting on
 * `rawHandlers`, the 404 for missing files, and the runtime config for the client's `assetUrl`.
 * Call it once, after flightdeck:settings validated the settings (in `Meteor.startup`).
 */
export async function installCdn(options: InstallCdnOptions): Promise<InstalledCdn> {
  const { WebApp, WebAppInternals, settings } = options;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const prefix = rootUrlPathPrefix(options.rootUrl);

  let cdnUrl: string | null = null;
  if (settings.url) {
    const problem = cdnUrlProblem(settings.url, options.rootUrl);
    if (problem) warn(`flightdeck:cdn: public.cdn.url ${problem.message}${problem.severity === 'error' ? '; the CDN is off' : ''}`);
    else cdnUrl = normalizeCdnUrl(settings.url);
  }

  const program = WebApp.clientPrograms['web.browser'] ?? Object.values(WebApp.clientPrograms).find(Boolean);
  const hashes = settings.cacheBusting === false ? {} : assetHashes(program?.manifest ?? []);
  const runtime: CdnRuntimeConfig = { url: cdnUrl, hashes };
  options.runtimeConfig[CDN_RUNTIME_CONFIG_KEY] = runtime;

  const raw = WebApp.rawHandlers ?? WebApp.rawConnectHandlers;
  if (!raw) throw new Error('flightdeck:cdn: WebApp.rawHandlers is missing: Meteor 3.0 or later is required');
  const sri = settings.subresourceIntegrity === true;
  raw.use(
    createCdnMiddleware({
      cors: {
        origins: settings.corsOrigins && settings.corsOrigins.length > 0 ? settings.corsOrigins : [new URL(options.rootUrl).origin],
        extensions: settings.extensions && settings.extensions.length > 0 ? settings.extensions : defaultCorsExtensions(sri),
        credentials: settings.corsCredentials === true,
        maxAge: settings.corsMaxAge,
      },
      cacheBusting: settings.cacheBusting === false ? undefined : { hashes, rootUrlPathPrefix: prefix },
    }),
  );
  if (settings.notFoundForMissingFiles !== false) {
    WebAppInternals.registerBoilerplateDataCallback(BOILERPLATE_KEYS.missingFile, (request, data) =>
      missingFileBoilerplateCallback(request, data as NotFoundBoilerplateData));
  }

  if (sri && WebAppInternals.enableSubresourceIntegrity) await WebAppInternals.enableSubresourceIntegrity(settings.corsCredentials === true);
  // Both regenerate the boilerplate, which encodes the runtime config with our field in it.
  if (cdnUrl) await WebAppInternals.setBundledJsCssPrefix(bundledJsCssPrefix(cdnUrl, prefix));
  else await WebAppInternals.generateBoilerplate();

  let hookInstalled = false;
  let resolver: CdnUrlResolver | null = null;
  const perRequest = createPerRequestCdn<PageRequest>({
    resolver: (request) => (resolver ? resolver(request) : undefined),
    defaultUrl: cdnUrl,
    rootUrlPathPrefix: prefix,
    encodeRuntimeConfig: (config) => WebApp.encodeRuntimeConfig(config),
    decodeRuntimeConfig: (encoded) => WebApp.decodeRuntimeConfig(encoded),
  });

  return {
    cdnUrl,
    assetUrl: createAssetUrl({ url: cdnUrl, rootUrlPathPrefix: prefix, hashes }),
    setCdnUrlResolver(next) {
      resolver = next;
      if (!next) {
        WebAppInternals.registerBoilerplateDataCallback(BOILERPLATE_KEYS.cdn, null);
        return;
      }
      WebAppInternals.registerBoilerplateDataCallback(BOILERPLATE_KEYS.cdn, (request, data) =>
        perRequest.boilerplateDataCallback(request, data as { bundledJsCssUrlRewriteHook?: (url: string) => string }));
      if (!hookInstalled) {
        hookInstalled = true;
        // The hook stays for the process; with no resolver it writes the default back.
        WebApp.addRuntimeConfigHook(({ request, encodedCurrentConfig }) => perRequest.runtimeConfigHook({ request, encodedCurrentConfig }));
      }
    },
  };
}
