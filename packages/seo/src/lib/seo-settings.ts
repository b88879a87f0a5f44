import type { SettingsSpec } from '@flightdeck/settings';
import { isRedisUrl } from './prerender/redact-redis-url.ts';

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isRegExpSource(value: unknown): boolean {
  try {
    new RegExp(String(value));
    return true;
  } catch {
    return false;
  }
}

// simpl-schema calls custom validators with the key's value as `this.value`.
function httpUrl(this: { value: unknown }): string | undefined {
  return this.value === undefined || isHttpUrl(this.value) ? undefined : 'seoNotHttpUrl';
}

function positiveInteger(this: { value: unknown }): string | undefined {
  const value = this.value;
  return value === undefined || (Number.isInteger(value) && (value as number) > 0) ? undefined : 'seoNotPositiveInteger';
}

function redisUrl(this: { value: unknown }): string | undefined {
  return this.value === undefined || isRedisUrl(this.value) ? undefined : 'seoNotRedisUrl';
}

function wholeNumber(this: { value: unknown }): string | undefined {
  const value = this.value;
  return value === undefined || (Number.isInteger(value) && (value as number) >= 0) ? undefined : 'seoNotWholeNumber';
}

function regExpSource(this: { value: unknown }): string | undefined {
  return this.value === undefined || isRegExpSource(this.value) ? undefined : 'seoNotRegExp';
}

const messages = {
  seoNotHttpUrl: 'must be an http(s) URL',
  seoNotPositiveInteger: 'must be a whole number greater than 0',
  seoNotRegExp: 'must be a valid regular expression source',
  seoNotRedisUrl: 'must be a redis:// or rediss:// URL',
  seoNotWholeNumber: 'must be a whole number (0 or more)',
};

/**
 * flightdeck:seo's own settings: `Meteor.settings.seo` (server) and `Meteor.settings.public.seo`
 * (browser). The prerender service itself is configured where mdg:seo users already have it,
 * `Meteor.settings.PrerenderIO` (see `prerenderIOSettings`).
 */
export const seoSettings = {
  name: 'seo',
  private: {
    indexable: {
      type: Boolean,
      optional: true,
      env: 'SEO_INDEXABLE',
      description:
        'Whether search engines may index this deployment: true on production, false on staging. Required when NODE_ENV is production (staging runs the production bundle too); unset elsewhere, or invalid, it is false. When false, robots.txt says `Disallow: /` and every response carries `X-Robots-Tag: noindex`.',
    },
    prerender: { type: Object, defaultValue: {}, description: 'How crawlers are sent to the prerender service.' },
    'prerender.enabled': {
      type: Boolean,
      defaultValue: true,
      env: 'SEO_PRERENDER_ENABLED',
      description: 'Prerender for crawlers when a service URL or a token is configured.',
    },
    'prerender.timeout': {
      type: Number,
      defaultValue: 5000,
      custom: positiveInteger,
      env: 'SEO_PRERENDER_TIMEOUT',
      description: 'Milliseconds to wait for the renderer before the crawler gets the normal app page.',
    },
    'prerender.cacheSize': {
      type: Number,
      defaultValue: 500,
      min: 0,
      env: 'SEO_PRERENDER_CACHE_SIZE',
      description: 'Rendered pages kept in memory (0 turns the cache off).',
    },
    'prerender.maxBodyBytes': {
      type: Number,
      defaultValue: 5 * 1024 * 1024,
      custom: positiveInteger,
      env: 'SEO_PRERENDER_MAX_BODY_BYTES',
      description: 'Bytes of a rendered page, as received and as decoded (gzip); past it the renderer\'s answer is dropped and the crawler gets the normal app page.',
    },
    'prerender.cacheBytes': {
      type: Number,
      defaultValue: 50 * 1024 * 1024,
      min: 0,
      env: 'SEO_PRERENDER_CACHE_BYTES',
      description: 'Bytes of rendered pages kept in memory, the least recently used dropped first.',
    },
    'prerender.cacheLifetime': {
      type: Number,
      defaultValue: 600,
      custom: positiveInteger,
      env: 'SEO_PRERENDER_CACHE_LIFETIME',
      description: 'Seconds a rendered page stays in the cache.',
    },
    'prerender.concurrency': {
      type: Number,
      defaultValue: 4,
      custom: positiveInteger,
      env: 'SEO_PRERENDER_CONCURRENCY',
      description: 'Renders asked of the renderer at once; more crawler requests wait in the queue.',
    },
    'prerender.queueSize': {
      type: Number,
      defaultValue: 16,
      min: 0,
      custom: wholeNumber,
      env: 'SEO_PRERENDER_QUEUE_SIZE',
      description: 'Crawler requests waiting for a render slot; past it, a crawler gets the normal app page at once.',
    },
    'prerender.queryParams': {
      type: Array,
      defaultValue: [],
      description: 'Query parameters that change the page (e.g. `page`, `q`): every other one (`utm_*`, `fbclid`...) is dropped from the URL rendered and from the cache key.',
    },
    'prerender.queryParams.$': { type: String, description: 'A query parameter name.' },
    'prerender.linkPreviewBots': {
      type: Boolean,
      defaultValue: true,
      env: 'SEO_PRERENDER_LINK_PREVIEW_BOTS',
      description: 'Also prerender for link-preview bots (Slack, Discord, Telegram, iMessage, Mastodon...), beyond prerender-node\'s list.',
    },
    'prerender.detectUnlistedCrawlers': {
      type: Boolean,
      defaultValue: true,
      env: 'SEO_PRERENDER_DETECT_UNLISTED_CRAWLERS',
      description: 'Also treat as crawlers the user agents that describe themselves as programs (a bot or crawler word, a contact URL, no browser engine: curl, python-requests...), beyond the listed names. Browsers that run JavaScript themselves (HeadlessChrome, Lighthouse, the renderer) and in-app browsers never are.',
    },
    'prerender.crawlerUserAgents': {
      type: Array,
      defaultValue: [],
      description: 'More user-agent substrings (case-insensitive) to treat as crawlers.',
    },
    'prerender.crawlerUserAgents.$': { type: String, description: 'A user-agent substring.' },
    'prerender.redis': {
      type: Object,
      optional: true,
      description: 'A render cache shared by every container, on Redis (L2 behind the in-memory cache). Unset, with neither PRERENDER_REDIS_URL nor REDIS_URL: in memory only.',
    },
    'prerender.redis.url': {
      type: String,
      optional: true,
      secret: true,
      custom: redisUrl,
      env: 'PRERENDER_REDIS_URL',
      description: 'redis:// or rediss:// URL, credentials allowed (never echoed). Unset: REDIS_URL, if that is set.',
    },
    'prerender.redis.keyPrefix': {
      type: String,
      optional: true,
      env: 'PRERENDER_REDIS_KEY_PREFIX',
      description: 'Prefix of every key (pages, locks, the invalidation channel), so apps can share one Redis. Default `flightdeck:seo:`.',
    },
    'prerender.redis.commandTimeout': {
      type: Number,
      optional: true,
      custom: positiveInteger,
      env: 'PRERENDER_REDIS_COMMAND_TIMEOUT',
      description: 'Milliseconds a Redis command may take (default 500); past it the request goes on as if Redis were down.',
    },
    'prerender.redis.ttl': {
      type: Number,
      optional: true,
      custom: positiveInteger,
      env: 'PRERENDER_REDIS_TTL',
      description: 'Seconds Redis keeps a page (default 86400). Past `cacheLifetime` it is stale: still served, while one container re-renders it in the background.',
    },
    sitemap: { type: Object, defaultValue: {}, description: '/sitemap.xml, from the source given to `Seo.sitemap`.' },
    'sitemap.timeout': {
      type: Number,
      defaultValue: 10000,
      custom: positiveInteger,
      env: 'SEO_SITEMAP_TIMEOUT',
      description: 'Milliseconds the sitemap source may take; past it /sitemap.xml answers 503 with Retry-After.',
    },
    'sitemap.cacheLifetime': {
      type: Number,
      defaultValue: 60,
      min: 0,
      custom: wholeNumber,
      env: 'SEO_SITEMAP_CACHE_LIFETIME',
      description: 'Seconds the generated sitemap is served before the source is read again (0: every request).',
    },
    robots: { type: Object, defaultValue: {}, description: 'robots.txt, served at /robots.txt.' },
    'robots.disallow': {
      type: Array,
      defaultValue: [],
      description: 'Paths crawlers must not visit (one `Disallow:` line each) when the deployment is indexable.',
    },
    'robots.disallow.$': { type: String, description: 'A path, e.g. /admin.' },
    'robots.allow': { type: Array, defaultValue: [], description: 'Paths crawlers may visit (`Allow:` lines).' },
    'robots.allow.$': { type: String, description: 'A path.' },
    'robots.groups': {
      type: Array,
      defaultValue: [],
      description: 'Groups for named crawlers, before the `User-agent: *` group, e.g. `[{ "userAgents": ["GPTBot", "CCBot"], "disallow": ["/"] }]` to keep AI crawlers out.',
    },
    'robots.groups.$': { type: Object, description: 'One robots.txt group.' },
    'robots.groups.$.userAgents': { type: Array, minCount: 1, description: 'Crawler names, one `User-agent:` line each.' },
    'robots.groups.$.userAgents.$': { type: String, description: 'A crawler name, e.g. GPTBot.' },
    'robots.groups.$.disallow': { type: Array, optional: true, description: '`Disallow:` paths of the group.' },
    'robots.groups.$.disallow.$': { type: String, description: 'A path.' },
    'robots.groups.$.allow': { type: Array, optional: true, description: '`Allow:` paths of the group.' },
    'robots.groups.$.allow.$': { type: String, description: 'A path.' },
  },
  public: {
    readyTimeout: {
      type: Number,
      defaultValue: 10000,
      custom: positiveInteger,
      env: 'SEO_READY_TIMEOUT',
      description: 'Milliseconds after which `window.prerenderReady` turns true even if the page is still busy.',
    },
    titleTemplate: {
      type: String,
      optional: true,
      description: 'Default title template, `%s` replaced by the page title, e.g. "%s · My App".',
    },
  },
  messages,
  check(context) {
    // A staging deploy runs the production bundle with NODE_ENV=production (the deploy table in
    // the README), so NODE_ENV cannot tell production from staging: the settings file must.
    const seo = context.settings.seo as { indexable?: unknown } | undefined;
    if (context.environment === 'production' && seo?.indexable === undefined) {
      context.error(
        'seo.indexable',
        'must be set when NODE_ENV is production: true on production, false on staging',
        'set it in each settings file (or SEO_INDEXABLE): a staging deploy runs with NODE_ENV=production too, so NODE_ENV cannot decide',
      );
    }
  },
} as const satisfies SettingsSpec;

/**
 * mdg:seo's settings, kept where its users have them: `Meteor.settings.PrerenderIO` and the
 * `PRERENDERIO_*` environment variables.
 */
export const prerenderIOSettings = {
  name: 'PrerenderIO',
  scope: 'app',
  private: {
    PrerenderIO: { type: Object, optional: true, description: 'The prerender service (mdg:seo\'s settings).' },
    'PrerenderIO.serviceUrl': {
      type: String,
      optional: true,
      custom: httpUrl,
      env: 'PRERENDERIO_SERVICE_URL',
      description: 'The renderer, e.g. http://127.0.0.1:3033/ for `npx flightdeck-prerender`. Unset with a token: https://service.prerender.io/.',
    },
    'PrerenderIO.prerenderServiceUrl': {
      type: String,
      optional: true,
      custom: httpUrl,
      description: "mdg:seo's older name for serviceUrl, read the same way (serviceUrl wins when both are set).",
    },
    'PrerenderIO.token': {
      type: String,
      optional: true,
      secret: true,
      env: 'PRERENDERIO_TOKEN',
      description: 'prerender.io token, sent as X-Prerender-Token. A self-hosted service needs none.',
    },
    'PrerenderIO.protocol': {
      type: String,
      optional: true,
      allowedValues: ['http', 'https'],
      env: 'PRERENDERIO_PROTOCOL',
      description: 'Protocol of the URL sent to the renderer. Default: ROOT_URL\'s.',
    },
    'PrerenderIO.forwardHeaders': {
      type: Boolean,
      optional: true,
      env: 'PRERENDERIO_FORWARD_HEADERS',
      description: 'Forward the crawler\'s request headers to the renderer (never Host, Cookie or X-Forwarded-*).',
    },
    'PrerenderIO.allowList': { type: Array, optional: true, description: 'Only URLs matching one of these regular expressions are prerendered.' },
    'PrerenderIO.allowList.$': { type: String, custom: regExpSource, description: 'A regular expression source.' },
    'PrerenderIO.blockList': { type: Array, optional: true, description: 'URLs (or referers) matching one of these regular expressions are never prerendered.' },
    'PrerenderIO.blockList.$': { type: String, custom: regExpSource, description: 'A regular expression source.' },
  },
  messages,
} as const satisfies SettingsSpec;
