import { prerenderNodeIgnoredExtensions, prerenderNodeUserAgents, linkPreviewUserAgents } from './prerender/crawler-user-agents.ts';
import type { PrerenderOptions } from './prerender/prerender-middleware.ts';
import { isRedisUrl } from './prerender/redact-redis-url.ts';
import { WARM_USER_AGENT_TOKEN } from './prerender/warm-pages.ts';
import type { RobotsGroup } from './crawl-files/robots-txt.ts';

/** The part of Meteor.settings flightdeck:seo reads on the server (defaults already applied). */
export interface SeoServerSettings {
  PrerenderIO?: {
    serviceUrl?: string;
    token?: string;
    protocol?: 'http' | 'https';
    forwardHeaders?: boolean;
    allowList?: string[];
    blockList?: string[];
  };
  seo?: {
    indexable?: boolean;
    prerender?: {
      enabled?: boolean;
      timeout?: number;
      cacheSize?: number;
      cacheLifetime?: number;
      concurrency?: number;
      queueSize?: number;
      maxBodyBytes?: number;
      cacheBytes?: number;
      queryParams?: string[];
      linkPreviewBots?: boolean;
      crawlerUserAgents?: string[];
      redis?: { url?: string; keyPrefix?: string; ttl?: number; commandTimeout?: number };
    };
    sitemap?: { timeout?: number; cacheLifetime?: number };
    robots?: { disallow?: string[]; allow?: string[]; groups?: RobotsGroup[] };
  };
  public?: { seo?: { titleTemplate?: string; readyTimeout?: number } };
}

export interface SeoServerOptions {
  rootUrl: string;
  indexable: boolean;
  /** Undefined: no renderer configured (neither a service URL nor a token), nothing mounted. */
  prerender?: PrerenderOptions;
  robots: { disallow: string[]; allow: string[]; groups: RobotsGroup[] };
  /** Milliseconds the sitemap source may take (503 past it). Default 10,000. */
  sitemapTimeout?: number;
  /** Milliseconds the generated sitemap is kept. Default 60,000. */
  sitemapCacheLifetime?: number;
  titleTemplate?: string;
}

/**
 * Settings → options. Prerender mounts when a service URL or a token is set (mdg:seo mounted
 * nothing without a token, which left self-hosted renderers out). `indexable` is true only when
 * `seo.indexable` is true: staging (which runs with NODE_ENV=production too) is never indexed by
 * accident, and production must say so (a settings error otherwise).
 */
export function seoServerOptions(settings: SeoServerSettings, env: { ROOT_URL?: string; NODE_ENV?: string; REDIS_URL?: string }): SeoServerOptions {
  const rootUrl = env.ROOT_URL;
  if (!rootUrl) throw new Error('flightdeck:seo needs ROOT_URL: the prerender URL and sitemap are built from it');
  const prerenderIO = settings.PrerenderIO ?? {};
  const seo = settings.seo ?? {};
  const prerender = seo.prerender ?? {};
  const configured = Boolean(prerenderIO.serviceUrl || prerenderIO.token);
  const options: SeoServerOptions = {
    rootUrl,
    // Only an explicit true indexes: unset is a settings error in production (seoSettings.check),
    // and a value that failed validation ("yes-please") falls back to the default, false, instead
    // of counting as truthy.
    indexable: seo.indexable === true,
    robots: { disallow: seo.robots?.disallow ?? [], allow: seo.robots?.allow ?? [], groups: Array.isArray(seo.robots?.groups) ? seo.robots.groups : [] },
    sitemapTimeout: seo.sitemap?.timeout ?? 10_000,
    sitemapCacheLifetime: (seo.sitemap?.cacheLifetime ?? 60) * 1000,
    titleTemplate: settings.public?.seo?.titleTemplate,
  };
  if (configured && prerender.enabled !== false) {
    options.prerender = {
      rootUrl,
      prerenderServiceUrl: prerenderIO.serviceUrl,
      prerenderToken: prerenderIO.token,
      protocol: prerenderIO.protocol,
      forwardHeaders: prerenderIO.forwardHeaders,
      allowList: prerenderIO.allowList?.map((source) => new RegExp(source)),
      blockList: prerenderIO.blockList?.map((source) => new RegExp(source)),
      crawlerUserAgents: [
        ...prerenderNodeUserAgents(),
        ...(prerender.linkPreviewBots === false ? [] : linkPreviewUserAgents),
        ...(prerender.crawlerUserAgents ?? []),
        // The warm command after a deploy: it must be answered like a crawler to fill the cache.
        WARM_USER_AGENT_TOKEN,
      ],
      extensionsToIgnore: prerenderNodeIgnoredExtensions(),
      timeout: prerender.timeout ?? 5000,
      cacheSize: prerender.cacheSize ?? 500,
      cacheLifetime: (prerender.cacheLifetime ?? 600) * 1000,
      concurrency: prerender.concurrency ?? 4,
      queueSize: prerender.queueSize ?? 16,
      queryParams: prerender.queryParams ?? [],
      maxBodyBytes: prerender.maxBodyBytes ?? 5 * 1024 * 1024,
      cacheBytes: prerender.cacheBytes ?? 50 * 1024 * 1024,
    };
    // PRERENDER_REDIS_URL is applied to the settings by flightdeck:settings; REDIS_URL, the
    // variable most hosts set for an attached Redis, is the fallback.
    const redisUrl = prerender.redis?.url || (isRedisUrl(env.REDIS_URL) ? env.REDIS_URL : undefined);
    if (redisUrl) {
      options.prerender.redis = {
        url: redisUrl,
        keyPrefix: prerender.redis?.keyPrefix,
        commandTimeout: prerender.redis?.commandTimeout,
        ttl: prerender.redis?.ttl === undefined ? undefined : prerender.redis.ttl * 1000,
      };
    }
  }
  return options;
}
