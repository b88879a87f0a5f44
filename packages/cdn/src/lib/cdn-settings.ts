import type { SettingsSpec } from '@flightdeck/settings';
import { normalizeOrigin } from './cors-handler.ts';
import { cdnUrlProblem } from './normalize-cdn-url.ts';

/**
 * flightdeck:cdn's settings: `Meteor.settings.public.cdn` (the client needs the URL for `assetUrl`)
 * and `Meteor.settings.cdn` (CORS, server only). Registered with flightdeck:settings, which applies
 * the defaults and the env overrides and reports every problem at startup.
 */
export const cdnSettings = {
  name: 'cdn',
  public: {
    url: {
      type: String,
      optional: true,
      env: 'CDN_URL',
      description:
        'The CDN that serves the JS/CSS bundles and public/ files, e.g. https://cdn.example.com (http or https, no query or fragment). Unset: the app serves them itself.',
    },
    cacheBusting: {
      type: Boolean,
      defaultValue: true,
      env: 'CDN_CACHE_BUSTING',
      description: "assetUrl adds the file's content hash (?v=...) and such requests are cached for a year (immutable).",
    },
  },
  private: {
    corsOrigins: {
      type: Array,
      optional: true,
      env: 'CDN_CORS_ORIGINS',
      description: "Origins allowed to load fonts (and SRI bundles) from the CDN. Default: ROOT_URL's origin. '*' allows any (never with credentials).",
    },
    'corsOrigins.$': { type: String },
    corsCredentials: {
      type: Boolean,
      defaultValue: false,
      env: 'CDN_CORS_CREDENTIALS',
      description: 'Send Access-Control-Allow-Credentials: true to allowed origins (for crossorigin="use-credentials").',
    },
    corsMaxAge: {
      type: Number,
      defaultValue: 86400,
      min: 0,
      env: 'CDN_CORS_MAX_AGE',
      description: 'Seconds a browser may cache the answer to a CORS preflight (whole number).',
    },
    extensions: {
      type: Array,
      optional: true,
      env: 'CDN_CORS_EXTENSIONS',
      description: 'File extensions that get CORS headers. Default: ttf ttc otf eot woff woff2, plus js css when subresourceIntegrity is on.',
    },
    'extensions.$': { type: String },
    subresourceIntegrity: {
      type: Boolean,
      defaultValue: false,
      env: 'CDN_SUBRESOURCE_INTEGRITY',
      description: 'Turn on Meteor\'s Subresource Integrity (integrity + crossorigin on bundle tags) and CORS for js and css.',
    },
    notFoundForMissingFiles: {
      type: Boolean,
      defaultValue: true,
      env: 'CDN_NOT_FOUND_FOR_MISSING_FILES',
      description: "A request for a missing file (path with an extension, not a page navigation) gets 404 with no-cache instead of the app's HTML with 200.",
    },
  },
  check(context) {
    const publicPart = (context.settings.public.cdn ?? {}) as { url?: unknown };
    const privatePart = (context.settings.cdn ?? {}) as {
      corsOrigins?: unknown[];
      corsCredentials?: unknown;
      corsMaxAge?: unknown;
      extensions?: unknown[];
    };
    if (typeof publicPart.url === 'string') {
      const problem = cdnUrlProblem(publicPart.url, context.env.ROOT_URL);
      if (problem) {
        const hint = context.env.CDN_URL ? 'the value comes from the environment variable CDN_URL' : 'or set the environment variable CDN_URL';
        if (problem.severity === 'error') context.error('public.cdn.url', problem.message, hint);
        else context.warn('public.cdn.url', problem.message, 'point it at the CDN host, or remove it to serve files from the app');
      }
    }
    const origins = Array.isArray(privatePart.corsOrigins) ? privatePart.corsOrigins : [];
    origins.forEach((origin, index) => {
      if (typeof origin !== 'string') return;
      try {
        normalizeOrigin(origin);
      } catch {
        context.error(`cdn.corsOrigins.${index}`, 'is not an origin: expected scheme://host[:port] without a path, such as https://app.example.com, or *');
      }
    });
    if (privatePart.corsCredentials === true && origins.includes('*')) {
      context.error('cdn.corsCredentials', "cannot be true while cdn.corsOrigins allows '*': browsers refuse credentials with a wildcard origin", 'list the allowed origins instead of *');
    }
    if (typeof privatePart.corsMaxAge === 'number' && !Number.isInteger(privatePart.corsMaxAge)) {
      context.error('cdn.corsMaxAge', 'must be a whole number of seconds');
    }
    const extensions = Array.isArray(privatePart.extensions) ? privatePart.extensions : [];
    extensions.forEach((extension, index) => {
      if (typeof extension === 'string' && !/^\.?[a-z\d]{1,10}$/i.test(extension)) {
        context.error(`cdn.extensions.${index}`, 'is not a file extension: expected letters and digits such as woff2');
      }
    });
  },
} as const satisfies SettingsSpec;
