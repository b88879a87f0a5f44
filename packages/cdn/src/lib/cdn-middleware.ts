import { createCacheBustingHandler, type CacheBustingOptions } from './cache-busting-handler.ts';
import type { ConnectHandler } from './connect-handler.ts';
import { createCorsHandler, type CorsOptions } from './cors-handler.ts';

export interface CdnMiddlewareOptions {
  /** CORS for fonts (and SRI bundles); omit for none. */
  cors?: CorsOptions;
  /** Immutable caching for hashed `public/` URLs; omit for none. */
  cacheBusting?: CacheBustingOptions;
}

/**
 * CORS and cache busting as one middleware, for the front of an Express or Connect app (Meteor:
 * `WebApp.rawHandlers`). One handler instead of two: every request of the app passes through it,
 * and each Express layer costs a little on every request.
 */
export function createCdnMiddleware(options: CdnMiddlewareOptions): ConnectHandler {
  const cors = options.cors ? createCorsHandler(options.cors) : undefined;
  const cacheBusting = options.cacheBusting ? createCacheBustingHandler(options.cacheBusting) : undefined;
  if (cors && cacheBusting) {
    return (req, res, next) => {
      cors(req, res, (error) => (error === undefined ? cacheBusting(req, res, next) : next(error)));
    };
  }
  return cors ?? cacheBusting ?? ((_req, _res, next) => next());
}
