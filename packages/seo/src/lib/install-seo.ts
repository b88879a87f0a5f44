import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawLayer, RawStep } from '@flightdeck/settings';
import { createPrerenderMiddleware, type PrerenderMiddleware } from './prerender/prerender-middleware.ts';
import { createRobotsMiddleware, type SitemapSource } from './crawl-files/robots-middleware.ts';
import type { SeoServerOptions } from './seo-server-options.ts';
import { PRERENDER_READY_SCRIPT, ServerHeadRoutes, type ServerHeadMatch } from './head/server-head-routes.ts';
import { holdBeforeApp, type RequestEmitter } from './prerender/hold-before-app.ts';
import { hasAppRobotsTxt, type ClientProgramsWithManifest } from './crawl-files/app-robots-txt.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The parts of Meteor 3's WebApp that flightdeck:seo uses. */
export interface SeoWebApp {
  rawHandlers?: { use(handler: Handler): unknown };
  /** Before Meteor 3's rename. */
  rawConnectHandlers?: { use(handler: Handler): unknown };
  /** The client programs and their manifests: an app's own `public/robots.txt` is found there. */
  clientPrograms?: ClientProgramsWithManifest;
  /** Node's http server: under a flood, crawlers past the render pool wait before it hands them to Express. */
  httpServer?: RequestEmitter;
}

/** What a boilerplate data callback receives of the request (`WebApp.categorizeRequest`). */
export interface BoilerplateRequest {
  url: { pathname?: string | null; path?: string | null; search?: string | null };
  headers: Record<string, string | string[] | undefined>;
}

export interface SeoWebAppInternals {
  registerBoilerplateDataCallback(key: string, callback: (request: BoilerplateRequest, data: Record<string, unknown>, arch: string) => unknown): unknown;
}

export interface InstallSeoOptions extends SeoServerOptions {
  WebApp: SeoWebApp;
  WebAppInternals: SeoWebAppInternals;
  routes: ServerHeadRoutes;
  sitemap: () => SitemapSource | undefined;
  onError?: (error: Error) => void;
  /** Shared-cache notices: a Redis outage (once), its end, a dropped entry. */
  onWarning?: (message: string) => void;
  /**
   * The Flightdeck packages' shared layer on `WebApp.rawHandlers` (flightdeck:settings'
   * `flightdeckRawLayer(WebApp.rawHandlers)`, which the Meteor glue passes): robots, X-Robots-Tag
   * and the prerender proxy run there, one Express layer for cdn and seo together. Without it, a
   * handler of its own is mounted on `rawHandlers`.
   */
  rawLayer?: RawLayer;
}

export interface InstalledSeo {
  prerender: PrerenderMiddleware | undefined;
}

/**
 * Mounts flightdeck:seo on Meteor's WebApp: robots.txt, sitemap.xml and X-Robots-Tag, then the
 * prerender proxy, first on `rawHandlers` (before compression and the path-prefix check, so
 * crawlers get the renderer's page as the renderer sent it); `prerenderReady = false` and the
 * server heads through the boilerplate data callback (no `server-render` needed).
 */
export interface SeoRawHandler {
  handler: Handler;
  /** The same work as a step of the shared raw layer: true when it took the request. */
  step: RawStep;
  prerender: PrerenderMiddleware | undefined;
}

/**
 * robots.txt / sitemap.xml / X-Robots-Tag, then the prerender proxy, as one raw handler: one
 * Express layer instead of two on every request of the app.
 */
export function createSeoRawHandler(
  options: SeoServerOptions & { sitemap: () => SitemapSource | undefined; onError?: (error: Error) => void; appRobotsTxt?: () => boolean; onWarning?: (message: string) => void },
): SeoRawHandler {
  const robots = createRobotsMiddleware({
    rootUrl: options.rootUrl,
    indexable: options.indexable,
    disallow: options.robots.disallow,
    allow: options.robots.allow,
    groups: options.robots.groups,
    appRobotsTxt: options.appRobotsTxt,
    sitemap: options.sitemap,
    sitemapTimeout: options.sitemapTimeout,
    sitemapCacheLifetime: options.sitemapCacheLifetime,
    onError: options.onError,
  });
  const prerender = options.prerender ? createPrerenderMiddleware({ ...options.prerender, onError: options.onError, onWarning: options.onWarning }) : undefined;
  // No per-request closure: robots.answer says whether it answered, and robots never fails a request.
  const step: RawStep = prerender ? (req, res, next) => robots.answer(req, res) || prerender.take(req, res, next) : (req, res) => robots.answer(req, res);
  const handler: Handler = prerender
    ? (req, res, next) => {
        if (!robots.answer(req, res)) prerender(req, res, next);
      }
    : robots;
  return { handler, step, prerender };
}

/**
 * Mounts flightdeck:seo on Meteor's WebApp: robots.txt, sitemap.xml and X-Robots-Tag, then the
 * prerender proxy, on `rawHandlers` (before compression and the path-prefix check, so crawlers
 * get the renderer's page as the renderer sent it); `prerenderReady = false` and the server heads
 * through the boilerplate data callback (no `server-render` needed).
 */
export function installSeo(options: InstallSeoOptions): InstalledSeo {
  const raw = options.WebApp.rawHandlers ?? options.WebApp.rawConnectHandlers;
  if (!raw) throw new Error('flightdeck:seo: WebApp.rawHandlers is missing (Meteor 3 webapp required)');
  const appRobotsTxt = () => hasAppRobotsTxt(options.WebApp.clientPrograms);
  const robotsRules = options.robots.disallow.length + options.robots.allow.length + options.robots.groups.length;
  if (robotsRules > 0 && appRobotsTxt()) {
    options.onError?.(
      new Error('the app has its own public/robots.txt, served as is: seo.robots.disallow, allow and groups are ignored (move the rules into the file, or delete it)'),
    );
  }
  const { handler, step, prerender } = createSeoRawHandler({ ...options, appRobotsTxt });
  if (options.rawLayer) options.rawLayer.add('flightdeck:seo', step);
  else raw.use(handler);
  // At Meteor.startup every package's 'request' listener is there (webapp's app and timeout
  // adjustment, ddp-server's and force-ssl's wrappers): a held crawler goes through all of them later.
  if (prerender && options.WebApp.httpServer) holdBeforeApp(options.WebApp.httpServer, prerender.holdBeforeApp, options.onError);

  const origin = new URL(options.rootUrl).origin;
  const withReadyScript = (dynamicHead: unknown): string => (dynamicHead ? `${dynamicHead as string}${PRERENDER_READY_SCRIPT}` : PRERENDER_READY_SCRIPT);
  async function addServerHead(request: BoilerplateRequest, data: Record<string, unknown>, path: string, matched: ServerHeadMatch): Promise<boolean> {
    let head;
    try {
      head = await options.routes.render(
        {
          path,
          headers: request.headers,
          // Built only when the route's callback reads it.
          get url() {
            return new URL(`${path}${request.url.search ?? ''}`, origin);
          },
        },
        options.titleTemplate,
        matched,
      );
    } catch (error) {
      // A failing head callback costs the page its preview tags, never the page itself.
      options.onError?.(error as Error);
    }
    data.dynamicHead = `${withReadyScript(data.dynamicHead)}${head ? `\n${head.html}` : ''}`;
    if (head?.status !== undefined) data.statusCode = head.status;
    if (head?.headers) data.headers = { ...(data.headers as Record<string, string> | undefined), ...head.headers };
    return true;
  }
  // Runs on every page request. A page that no server head route matches (most of a person's)
  // gets the ready script synchronously: no promise, no request object for a callback.
  options.WebAppInternals.registerBoilerplateDataCallback('flightdeck:seo', (request, data) => {
    const path = request.url.pathname ?? '/';
    const matched = options.routes.match(path);
    if (matched) return addServerHead(request, data, path, matched);
    data.dynamicHead = withReadyScript(data.dynamicHead);
    return true;
  });
  return { prerender };
}
