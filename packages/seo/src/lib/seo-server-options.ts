import { prerenderNodeIgnoredExtensions, prerenderNodeUserAgents, linkPreviewUserAgents, searchAndAiCrawlerUserAgents } from './prerender/crawler-user-agents.ts';
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
      detectUnlistedCrawlers?: boolean;
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

// A development server goes on after reporting settings that failed validation: each value is
// used only if it is what the schema says, else the key's default (issue 9: "yes-please" counted
// as true). Production never gets here with a bad value (the settings check refuses to start).
function whole(value: unknown, fallback: number, min = 1): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function regExps(value: unknown): RegExp[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const patterns: RegExp[] = [];
  for (const source of strings(value)) {
    try {
      patterns.push(new RegExp(source));
    } catch {
      // Reported by the settings check (seoNotRegExp); left out here.
    }
  }
  return patterns;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Settings → options. Prerender mounts when a service URL or a token is set (mdg:seo mounted
 * nothing without a token, which left self-hosted renderers out). `indexable` is true only when
 * `seo.indexable` is true: staging (which runs with NODE_ENV=production too) is never indexed by
 * accident, and production must say so (a settings error otherwise). Any value that failed
 * validation falls back to its default.
 */
export function seoServerOptions(settings: SeoServerSettings, env: { ROOT_URL?: string; NODE_ENV?: string; REDIS_URL?: string }): SeoServerOptions {
  const rootUrl = env.ROOT_URL;
  if (!rootUrl) throw new Error('flightdeck:seo needs ROOT_URL: the prerender URL and sitemap are built from it');
  const prerenderIO = settings.PrerenderIO ?? {};
  const seo = settings.seo ?? {};
  const prerender = seo.prerender ?? {};
  let serviceUrl = text(prerenderIO.serviceUrl);
  if (serviceUrl) {
    try {
      if (!/^https?:$/.test(new URL(serviceUrl).protocol)) serviceUrl = undefined;
    } catch {
      serviceUrl = undefined;
    }
  }
  const token = text(prerenderIO.token);
  const configured = Boolean(serviceUrl || token);
  const groups = Array.isArray(seo.robots?.groups) ? seo.robots.groups.filter((group) => group && Array.isArray(group.userAgents)) : [];
  const options: SeoServerOptions = {
    rootUrl,
    // Only an explicit true indexes: unset is a settings error in production (seoSettings.check),
    // and a value that failed validation ("yes-please") falls back to the default, false, instead
    // of counting as truthy.
    indexable: seo.indexable === true,
    robots: { disallow: strings(seo.robots?.disallow), allow: strings(seo.robots?.allow), groups },
    sitemapTimeout: whole(seo.sitemap?.timeout, 10_000),
    sitemapCacheLifetime: whole(seo.sitemap?.cacheLifetime, 60, 0) * 1000,
    titleTemplate: text(settings.public?.seo?.titleTemplate),
  };
  if (configured && prerender.enabled !== false) {
    options.prerender = {
      rootUrl,
      prerenderServiceUrl: serviceUrl,
      prerenderToken: token,
      protocol: prerenderIO.protocol === 'http' || prerenderIO.protocol === 'https' ? prerenderIO.protocol : undefined,
      forwardHeaders: prerenderIO.forwardHeaders === true,
      allowList: regExps(prerenderIO.allowList),
      blockList: regExps(prerenderIO.blockList),
      crawlerUserAgents: [
        ...prerenderNodeUserAgents(),
        ...searchAndAiCrawlerUserAgents,
        ...(prerender.linkPreviewBots === false ? [] : linkPreviewUserAgents),
        ...strings(prerender.crawlerUserAgents),
        // The warm command after a deploy: it must be answered like a crawler to fill the cache.
        WARM_USER_AGENT_TOKEN,
      ],
      detectUnlistedCrawlers: prerender.detectUnlistedCrawlers !== false,
      extensionsToIgnore: prerenderNodeIgnoredExtensions(),
      timeout: whole(prerender.timeout, 5000),
      cacheSize: whole(prerender.cacheSize, 500, 0),
      cacheLifetime: whole(prerender.cacheLifetime, 600) * 1000,
      concurrency: whole(prerender.concurrency, 4),
      queueSize: whole(prerender.queueSize, 16, 0),
      queryParams: strings(prerender.queryParams),
      maxBodyBytes: whole(prerender.maxBodyBytes, 5 * 1024 * 1024),
      cacheBytes: whole(prerender.cacheBytes, 50 * 1024 * 1024, 0),
    };
    // PRERENDER_REDIS_URL is applied to the settings by flightdeck:settings; REDIS_URL, the
    // variable most hosts set for an attached Redis, is the fallback.
    // A value that failed validation (development goes on) is ignored, as elsewhere here.
    const redis = prerender.redis ?? {};
    const redisUrl = isRedisUrl(redis.url) ? redis.url : isRedisUrl(env.REDIS_URL) ? env.REDIS_URL : undefined;
    if (redisUrl) {
      options.prerender.redis = {
        url: redisUrl,
        keyPrefix: text(redis.keyPrefix),
        commandTimeout: redis.commandTimeout === undefined ? undefined : whole(redis.commandTimeout, 500),
        ttl: redis.ttl === undefined ? undefined : whole(redis.ttl, 86_400) * 1000,
      };
    }
  }
  return options;
}
