import { assetHashes, type ManifestAsset } from './asset-hashes.ts';
import { createAssetUrl } from './asset-url.ts';
import { bundledJsCssPrefix } from './bundled-js-css-prefix.ts';
import type { RawLayer } from '@flightdeck/settings';
import { createCdnStep } from './cdn-middleware.ts';
import { CDN_RUNTIME_CONFIG_KEY, type CdnRuntimeConfig } from './cdn-runtime-config.ts';
import { stepHandler, type ConnectHandler } from './connect-handler.ts';
import { defaultCorsExtensions } from './cors-handler.ts';
import { missingFileBoilerplateCallback, type NotFoundBoilerplateData } from './missing-file-handler.ts';
import { cdnUrlProblem, normalizeCdnUrl } from './normalize-cdn-url.ts';
import { createPerRequestCdn, type CdnUrlResolver, type PageRequest } from './per-request-cdn.ts';
import { rspackChunkGlobal } from './rspack-chunk-global.ts';
import { rspackPathPrefixes, type RspackContexts } from './rspack-contexts.ts';
import { prefixRspackCssUrls } from './rspack-css-prefix.ts';
import { createRspackHtmlRewrite } from './rspack-html-rewrite.ts';

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
  /** Arch → URL path → `{ absolutePath }` (or a function returning it), as webapp fills it. */
  staticFilesByArch?: Record<string, Record<string, unknown> | undefined>;
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
  /**
   * Meteor 3.4+'s Rspack integration, when the app has it (`Package.rspack`): the folders it
   * serves chunks and assets from (`rspackContexts()`). Omit or null on the classic bundler.
   */
  rspack?: RspackContexts | null;
  /**
   * Reads a file's first `maxBytes` (or '' when it cannot, or, with `whole`, when it is larger):
   * how the Rspack support reads the chunk loading global and the stylesheets. Node-only, so it is
   * passed in (`readFileHead` from lib/read-file-head.ts, which the Meteor glue uses) and the npm
   * entry stays free of `node:fs` for browser bundlers. Without it, lazily loaded chunks load from
   * the origin and stylesheets keep their URLs.
   */
  readFileHead?: (path: string, maxBytes: number, whole?: boolean) => string;
  /**
   * The Flightdeck packages' shared layer on `WebApp.rawHandlers` (flightdeck:settings'
   * `flightdeckRawLayer(WebApp.rawHandlers)`, which the Meteor glue passes): CORS and cache busting
   * run there, one Express layer for cdn and seo together. Without it, a handler of its own is
   * mounted on `rawHandlers`.
   */
  rawLayer?: RawLayer;
}

export interface InstalledCdn {
  /** The CDN from the settings, normalised, or null (unset, invalid, or the app's own host). */
  cdnUrl: string | null;
  /** `assetUrl` for server code: the default CDN (a resolver's per-request choice is the client's). */
  assetUrl(path: string): string;
  /** Chooses the CDN per page request; `undefined` from the resolver means the default. */
  setCdnUrlResolver(resolver: CdnUrlResolver | null): void;
}

const BOILERPLATE_KEYS = { cdn: 'flightdeck:cdn', page: 'flightdeck:cdn/page' };
/**
 * The boilerplate's HTML: `head` and `body` are the same strings on every request (Meteor reads
 * them once per boilerplate), `dynamicHead` and `dynamicBody` are made per request (server-render,
 * flightdeck:seo).
 */
const HTML_FIELDS = [
  ['head', false],
  ['body', false],
  ['dynamicHead', true],
  ['dynamicBody', true],
] as const;

function manifestPath(url: string): string {
  const path = url.split('?')[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Rspack CSS larger than this is left as it is (a stylesheet of megabytes is not one Rspack makes by default). */
const MAX_PREFIXED_CSS_BYTES = 8 * 1024 * 1024;

/**
 * Under a ROOT_URL path prefix, gives each Rspack stylesheet of the manifest prefixed `url()`s,
 * once at startup: webapp serves a static file's `content` instead of reading `absolutePath`
 * (webapp_server.js `staticFilesMiddleware`, Meteor 3.0+), and the rspack package keeps the
 * manifest entry it finds (both versions of rspack_server.js read). Lost if the client program
 * reloads (development), where the dev server serves the CSS anyway.
 */
function prefixRspackStylesheets(
  readFileHead: (path: string, maxBytes: number, whole?: boolean) => string,
  manifest: readonly ManifestAsset[],
  staticFilesByArch: Record<string, Record<string, unknown> | undefined> | undefined,
  prefix: string,
  rspack: RspackContexts,
): void {
  if (!prefix || !staticFilesByArch) return;
  const chunks = `/${rspack.chunks}/`;
  for (const item of manifest) {
    const path = item.url ? manifestPath(item.url) : '';
    if (!path.startsWith(chunks) || !path.endsWith('.css')) continue;
    for (const files of Object.values(staticFilesByArch)) {
      const info = files?.[path] as { absolutePath?: unknown; content?: unknown } | undefined;
      if (!info || typeof info !== 'object' || typeof info.absolutePath !== 'string' || info.content !== undefined) continue;
      const css = readFileHead(info.absolutePath, MAX_PREFIXED_CSS_BYTES, true);
      const prefixed = css && prefixRspackCssUrls(css, prefix, rspack);
      if (prefixed && prefixed !== css) info.content = prefixed;
    }
  }
}

/**
 * The chunk loading global of the app's Rspack build, read from its first lazily loaded JS chunk
 * (webapp's static file info for it has the file's absolute path). Undefined when the build has
 * no such chunk (nothing is loaded lazily, so the public path does not matter).
 */
function findChunkGlobal(
  readFileHead: (path: string, maxBytes: number, whole?: boolean) => string,
  manifest: readonly ManifestAsset[],
  staticFiles: Record<string, unknown> | undefined,
  chunksFolder: string,
  warn: (message: string) => void,
): string | undefined {
  const chunk = manifest.find((item) => item.url && manifestPath(item.url).startsWith(chunksFolder) && /\.js$/.test(manifestPath(item.url)));
  if (!chunk?.url) return undefined;
  let info = staticFiles?.[manifestPath(chunk.url)];
  if (typeof info === 'function') info = (info as () => unknown)();
  const absolutePath = (info as { absolutePath?: unknown } | undefined)?.absolutePath;
  const name = typeof absolutePath === 'string' ? rspackChunkGlobal(readFileHead(absolutePath, 4096)) : null;
  if (!name) {
    warn(`flightdeck:cdn: could not read Rspack's chunk loading global from ${chunk.url}: lazily loaded chunks will load from the app's origin, not the CDN`);
    return undefined;
  }
  return name;
}

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

  const currentProgram = () => WebApp.clientPrograms['web.browser'] ?? Object.values(WebApp.clientPrograms).find(Boolean);
  const program = currentProgram();
  const rspack = options.rspack ?? null;
  const rspackFolders = rspack ? rspackPathPrefixes(rspack) : [];
  // Rspack's output names carry their content hash already: no `?v=` needed, and no bytes in every page.
  const hashes = settings.cacheBusting === false ? {} : assetHashes(program?.manifest ?? [], rspackFolders);
  const runtime: CdnRuntimeConfig = { url: cdnUrl, hashes };
  if (rspack && options.readFileHead) {
    const chunkGlobal = findChunkGlobal(options.readFileHead, program?.manifest ?? [], WebAppInternals.staticFilesByArch?.['web.browser'], rspackFolders[0], warn);
    if (chunkGlobal) runtime.rspackChunkGlobal = chunkGlobal;
    prefixRspackStylesheets(options.readFileHead, program?.manifest ?? [], WebAppInternals.staticFilesByArch, prefix, rspack);
  } else if (rspack && cdnUrl) {
    warn('flightdeck:cdn: installCdn got rspack but no readFileHead: lazily loaded Rspack chunks will load from the origin');
  }
  options.runtimeConfig[CDN_RUNTIME_CONFIG_KEY] = runtime;

  // The Rspack files the current client program serves (it is replaced when the client rebuilds).
  let servedFor: readonly ManifestAsset[] | undefined;
  let served = new Set<string>();
  const isServedRspackFile = (path: string): boolean | undefined => {
    const manifest = currentProgram()?.manifest ?? [];
    if (manifest !== servedFor) {
      servedFor = manifest;
      served = new Set(manifest.filter((item) => item.url).map((item) => manifestPath(item.url as string)).filter((path) => rspackFolders.some((folder) => path.startsWith(folder))));
    }
    return served.size === 0 ? undefined : served.has(path);
  };

  const raw = WebApp.rawHandlers ?? WebApp.rawConnectHandlers;
  if (!raw) throw new Error('flightdeck:cdn: WebApp.rawHandlers is missing: Meteor 3.0 or later is required');
  const sri = settings.subresourceIntegrity === true;
  const step = createCdnStep({
    cors: {
      origins: settings.corsOrigins && settings.corsOrigins.length > 0 ? settings.corsOrigins : [new URL(options.rootUrl).origin],
      extensions: settings.extensions && settings.extensions.length > 0 ? settings.extensions : defaultCorsExtensions(sri),
      // Rspack's chunks load in CORS mode with `crossOriginLoading` or SRI, its fonts always.
      folders: rspackFolders.map((folder) => prefix + folder),
      credentials: settings.corsCredentials === true,
      maxAge: settings.corsMaxAge,
    },
    rspack: rspack ? { contexts: rspack, rootUrlPathPrefix: prefix, isServedFile: isServedRspackFile } : undefined,
    cacheBusting: settings.cacheBusting === false ? undefined : { hashes, rootUrlPathPrefix: prefix },
  });
  if (step && options.rawLayer) options.rawLayer.add('flightdeck:cdn', step);
  else if (step) raw.use(stepHandler(step));

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

  let rspackCallback: ((request: PageRequest, data: unknown) => boolean) | null = null;
  if (rspack) {
    const html = createRspackHtmlRewrite({ contexts: rspack, rootUrlPathPrefix: prefix });
    const defaultBase = cdnUrl ? bundledJsCssPrefix(cdnUrl, prefix) : null;
    const bases = new Map<string, string>();
    const baseFor = (url: string | null): string | null => {
      if (!url) return null;
      if (url === cdnUrl) return defaultBase;
      let base = bases.get(url);
      if (base === undefined) {
        base = bundledJsCssPrefix(url, prefix);
        if (bases.size < 1000) bases.set(url, base);
      }
      return base;
    };
    rspackCallback = (request, data) => {
      // The host of this page: the resolver's choice when one is set, else the settings' CDN.
      const base = resolver ? baseFor(perRequest.cdnUrlFor(request)) : defaultBase;
      if (!base) return false;
      const fields = data as Record<(typeof HTML_FIELDS)[number][0], unknown>;
      let changed = false;
      for (const [field, dynamic] of HTML_FIELDS) {
        const value = fields[field];
        if (typeof value !== 'string' || value.length === 0) continue;
        const rewritten = dynamic ? html.rewriteDynamic(value, base) : html.rewrite(value, base);
        if (rewritten !== value) {
          fields[field] = rewritten;
          changed = true;
        }
      }
      return changed;
    };
  }
  // One callback for the missing-file page and the Rspack rewrite: Meteor chains every boilerplate
  // data callback through two promise steps on each page request (getBoilerplateAsync). A
  // missing file's page has no bundles and no Rspack URL left, so the rewrite is skipped for it.
  const missingFiles = settings.notFoundForMissingFiles !== false;
  if (missingFiles || rspackCallback) {
    WebAppInternals.registerBoilerplateDataCallback(BOILERPLATE_KEYS.page, (request, data) =>
      (missingFiles && missingFileBoilerplateCallback(request, data as NotFoundBoilerplateData)) || (rspackCallback ? rspackCallback(request, data) : false));
  }

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
