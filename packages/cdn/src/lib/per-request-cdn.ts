import { bundledJsCssPrefix } from './bundled-js-css-prefix.ts';
import { CDN_RUNTIME_CONFIG_KEY, type CdnRuntimeConfig } from './cdn-runtime-config.ts';
import { normalizeCdnUrl } from './normalize-cdn-url.ts';

/**
 * Picks the CDN for one page request (per region, for a canary...): a URL, `null` for no CDN, or
 * `undefined` for the default from the settings. Gets Meteor's categorized request
 * (`path`, `headers`, `cookies`, `url`...).
 */
export type CdnUrlResolver<Request = PageRequest> = (request: Request) => string | null | undefined;

/** The fields of Meteor's categorized request that resolvers usually read. */
export interface PageRequest {
  path?: string;
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string>;
  [key: string]: unknown;
}

export interface PerRequestCdnOptions<Request extends object> {
  resolver: CdnUrlResolver<Request>;
  /** The CDN from the settings (normalised), or null. */
  defaultUrl: string | null;
  rootUrlPathPrefix: string;
  /** `WebApp.encodeRuntimeConfig` / `decodeRuntimeConfig`. */
  encodeRuntimeConfig(config: unknown): string;
  decodeRuntimeConfig(encoded: string): unknown;
}

export interface PerRequestCdn<Request extends object> {
  /** The CDN chosen for this request (the resolver runs once per request). */
  cdnUrlFor(request: Request): string | null;
  /** For `WebApp.addRuntimeConfigHook`: the client's `assetUrl` uses the same host as the bundles. */
  runtimeConfigHook(options: { request: Request; encodedCurrentConfig: string }): string;
  /** For `WebAppInternals.registerBoilerplateDataCallback`: the bundle URLs of this page. */
  boilerplateDataCallback(request: Request, data: { bundledJsCssUrlRewriteHook?: (url: string) => string }): boolean;
}

/**
 * The per-request CDN choice, wired into both places Meteor builds a page from: the runtime config
 * (hooks run first) and the boilerplate data (the bundle URL hook, merged in last). Both get the
 * same request object, so the resolver's answer is kept for it and the page's `<script>` tags and
 * its `assetUrl` never disagree, even with a random canary pick.
 */
export function createPerRequestCdn<Request extends object>(options: PerRequestCdnOptions<Request>): PerRequestCdn<Request> {
  const chosen = new WeakMap<Request, string | null>();
  const normalized = new Map<string, string>();

  function cdnUrlFor(request: Request): string | null {
    if (chosen.has(request)) return chosen.get(request) as string | null;
    const answer = options.resolver(request);
    let url: string | null;
    if (answer === undefined) url = options.defaultUrl;
    else if (answer === null || answer === '') url = null;
    else if (typeof answer !== 'string') {
      throw new TypeError(`flightdeck:cdn: the CDN URL resolver returned ${typeof answer} for ${describe(request)}: expected a URL string, null or undefined`);
    } else {
      let known = normalized.get(answer);
      if (known === undefined) {
        try {
          known = normalizeCdnUrl(answer);
        } catch (error) {
          throw new TypeError(`flightdeck:cdn: the CDN URL resolver's answer for ${describe(request)} is unusable: ${(error as Error).message}`);
        }
        if (normalized.size < 1000) normalized.set(answer, known);
      }
      url = known;
    }
    chosen.set(request, url);
    return url;
  }

  return {
    cdnUrlFor,
    runtimeConfigHook({ request, encodedCurrentConfig }) {
      const config = options.decodeRuntimeConfig(encodedCurrentConfig) as Record<string, unknown>;
      const current = (config[CDN_RUNTIME_CONFIG_KEY] ?? { url: null, hashes: {} }) as CdnRuntimeConfig;
      config[CDN_RUNTIME_CONFIG_KEY] = { ...current, url: cdnUrlFor(request) };
      return options.encodeRuntimeConfig(config);
    },
    boilerplateDataCallback(request, data) {
      const url = cdnUrlFor(request);
      const prefix = url ? bundledJsCssPrefix(url, options.rootUrlPathPrefix) : options.rootUrlPathPrefix;
      data.bundledJsCssUrlRewriteHook = (bundleUrl) => prefix + bundleUrl;
      return true;
    },
  };
}

function describe(request: object): string {
  const path = (request as { path?: unknown; url?: unknown }).path ?? (request as { url?: unknown }).url;
  return typeof path === 'string' ? `the request for ${path}` : 'a request';
}
