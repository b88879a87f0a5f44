import { createCacheBustingStep, type CacheBustingOptions } from './cache-busting-handler.ts';
import { stepHandler, type ConnectHandler, type ConnectStep } from './connect-handler.ts';
import { createCorsStep, type CorsOptions } from './cors-handler.ts';
import { createRspackStaticStep, type RspackStaticOptions } from './rspack-static-handler.ts';

export interface CdnMiddlewareOptions {
  /** CORS for fonts (and SRI bundles); omit for none. */
  cors?: CorsOptions;
  /** Immutable caching for hashed `public/` URLs; omit for none. */
  cacheBusting?: CacheBustingOptions;
  /** Meteor 3.4+ with Rspack: caching and 404s for its chunk and asset folders; omit for none. */
  rspack?: RspackStaticOptions;
}

/**
 * CORS, the Rspack files' caching and cache busting as one step (true when it answered: a CORS
 * preflight, a missing Rspack file), or undefined when the options leave nothing to do. The
 * parts are called one after the other with no `next` between them, so a request that none of
 * them answers costs no closure.
 */
export function createCdnStep(options: CdnMiddlewareOptions): ConnectStep | undefined {
  const steps = [
    options.cors && createCorsStep(options.cors),
    options.rspack && createRspackStaticStep(options.rspack),
    options.cacheBusting && createCacheBustingStep(options.cacheBusting),
  ].filter((step): step is ConnectStep => !!step);
  if (steps.length === 0) return undefined;
  if (steps.length === 1) return steps[0];
  if (steps.length === 2) {
    const [first, second] = steps;
    return (req, res) => first(req, res) || second(req, res);
  }
  const [first, second, third] = steps;
  return (req, res) => first(req, res) || second(req, res) || third(req, res);
}

/**
 * `createCdnStep` as a middleware, for the front of an Express or Connect app (Meteor:
 * `WebApp.rawHandlers`; flightdeck:cdn's Meteor glue puts the step on the layer it shares with
 * flightdeck:seo instead).
 */
export function createCdnMiddleware(options: CdnMiddlewareOptions): ConnectHandler {
  const step = createCdnStep(options);
  return step ? stepHandler(step) : (_req, _res, next) => next();
}
