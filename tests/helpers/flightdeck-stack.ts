/**
 * The four Flightdeck packages' server parts started together on one WebApp harness, the way a
 * Meteor 3 app that uses them all (example-app/) starts:
 *
 * 1. package load order (settings, cdn, analytics, seo), each module's top level registering its
 *    schemas, as `registerSettings(...)` does in the packages' src/server.ts; then the app's own
 *    top level: its schema, `Seo.sitemap(...)`, `Seo.serverHead(...)`;
 * 2. startup callbacks in registration order: flightdeck:settings validates Meteor.settings once
 *    against every spec (one report; a production server refuses to start), applies defaults and
 *    env overrides in place and regenerates the boilerplate; then cdn's `installCdn`, analytics'
 *    Segment queue and relay, seo's `installSeo`, each with what its glue hands its core.
 *
 *   const app = await createWebApp({ publicSettings: settings.public, fixtureDir });
 *   const stack = await startFlightdeckStack({ app, settings, env: { CDN_URL, NODE_ENV: 'production' } });
 *   ...
 *   await stack.stop(); // flushes analytics, closes the app
 *
 * It mirrors the glue and calls the cores; it holds no package logic of its own. What Meteor would
 * do that the harness cannot: DDP. The relay method's body is the package's `createRelayHandler`,
 * and `relayPath` exposes it as `POST <relayPath>` (JSON batch in, `{ accepted }` out) on
 * `WebApp.handlers`, as a stand-in for `Meteor.callAsync('flightdeck.analytics.relay', batch)`.
 * `flushOnShutdown` (SIGTERM / SIGINT handlers) is not installed in a test process: `stop()` calls
 * the same `closeAndFlush`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  checkSettingsAtStartup,
  flightdeckRawLayer,
  settingsAccess,
  SettingsRegistry,
  suiteSettings,
  type MeteorSettingsShape,
  type SettingsReport,
  type SettingsSpec,
} from '../../packages/settings/src/index.ts';
import { cdnSettings, installCdn, type InstalledCdn, type WebAppInternalsLike, type WebAppLike } from '../../packages/cdn/src/index.ts';
import {
  analyticsSettings,
  okgrowAnalyticsSettings,
  createRelayHandler,
  RelayError,
  ServerAnalytics,
  type RelayHandler,
  type SegmentMessage,
} from '../../packages/analytics/src/server-index.ts';
import {
  prerenderIOSettings,
  seoSettings,
  installSeo,
  seoServerOptions,
  ServerHeadRoutes,
  type InstalledSeo,
  type SeoServerSettings,
  type ServerHeadCallback,
  type SitemapSource,
} from '../../packages/seo/src/server-index.ts';
import type { WebAppHarness } from './webapp-harness.ts';

/** Every spec the four packages register, in package load order (each package's src/server.ts). */
export const packageSettingsSpecs: readonly SettingsSpec[] = [
  suiteSettings,
  cdnSettings,
  analyticsSettings,
  okgrowAnalyticsSettings,
  seoSettings,
  prerenderIOSettings,
];

export interface FlightdeckStackOptions {
  /** The running harness: Meteor's webapp, which loads before every package. The stack owns it from here on. */
  app: WebAppHarness;
  /**
   * `Meteor.settings`: validated and completed in place. Pass `settings.public` as the harness's
   * `publicSettings`, so the page ships the very object the packages complete (as Meteor does).
   */
  settings: MeteorSettingsShape;
  /** `process.env` as the server sees it (CDN_URL, SEGMENT_WRITE_KEY, NODE_ENV...). ROOT_URL is the harness's. */
  env?: Record<string, string | undefined>;
  /** The app's own schema (`settings.schema.ts`), registered after the packages'. */
  appSpec?: SettingsSpec;
  /** The app's `Seo.sitemap(...)`. */
  sitemap?: SitemapSource;
  /** The app's `Seo.serverHead(pattern, callback)` calls. */
  serverHeads?: [pattern: string, callback: ServerHeadCallback][];
  /** Mount the relay handler as `POST <relayPath>` (the stand-in for the relay method over DDP). */
  relayPath?: string;
  /** Where the startup report and the packages' warnings go. Default: collected in `stack.log` only. */
  log?: (text: string) => void;
}

export interface FlightdeckStack {
  app: WebAppHarness;
  /** flightdeck:settings' one startup report. */
  report: SettingsReport;
  /** Every spec validated, in registration order. */
  specs: SettingsSpec[];
  cdn: InstalledCdn;
  seo: InstalledSeo;
  /** The server's Segment queue, when `analytics.segment.writeKey` is set. */
  segment: ServerAnalytics | undefined;
  /** The relay method's body, when `public.analytics.destinations.relay` is on. */
  relay: RelayHandler | undefined;
  /** flightdeck:analytics' server `analytics.track` (what the app calls). */
  track(message: Omit<SegmentMessage, 'type'> & { event: string }): void;
  /** The startup report and warnings, as logged. */
  log: string[];
  /** Flushes and closes the Segment queue, then closes the app. */
  stop(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new RelayError('analytics-batch-invalid', 'the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function relayOverHttp(path: string, relay: RelayHandler) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== path) {
      next();
      return;
    }
    const answer = (status: number, body: object): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    readJson(req)
      // No DDP, no login: the caller is an anonymous connection, as a logged-out browser is.
      .then((batch) => answer(200, relay({ userId: null, connectionId: `http:${req.socket.remotePort}` }, batch)))
      .catch((error: unknown) => {
        if (error instanceof RelayError) answer(400, { error: error.error, reason: error.reason });
        else answer(500, { error: String(error) });
      });
  };
}

/**
 * Starts the four packages on `options.app`. Rejects (after closing the app) when a production
 * server would refuse to start: the SettingsError carries the one report.
 */
export async function startFlightdeckStack(options: FlightdeckStackOptions): Promise<FlightdeckStack> {
  const { app, settings } = options;
  const log: string[] = [];
  const write = (text: string): void => {
    log.push(text);
    options.log?.(text);
  };
  if (options.env?.ROOT_URL !== undefined && options.env.ROOT_URL !== app.rootUrl) {
    await app.close();
    throw new Error(`env.ROOT_URL (${options.env.ROOT_URL}) is not the harness's ROOT_URL (${app.rootUrl}): pass it to createWebApp({ rootUrl })`);
  }
  const env: Record<string, string | undefined> = { ...options.env, ROOT_URL: app.rootUrl };
  const production = env.NODE_ENV === 'production';
  // Meteor: `Meteor.settings.public` always exists and is the object the page ships.
  if (app.runtimeConfig.PUBLIC_SETTINGS !== settings.public) {
    await app.close();
    throw new Error('settings.public must be the harness\'s publicSettings object (createWebApp({ publicSettings: settings.public }))');
  }

  // 1. Module top levels, in package load order, then the app's.
  const registry = new SettingsRegistry();
  for (const spec of packageSettingsSpecs) registry.register(spec);
  if (options.appSpec) registry.register(options.appSpec);
  const routes = new ServerHeadRoutes();
  for (const [pattern, callback] of options.serverHeads ?? []) routes.add(pattern, callback);

  // 2. Startup callbacks, in registration order. flightdeck:settings first.
  let report: SettingsReport;
  try {
    report = checkSettingsAtStartup(settings, registry.specs(), {
      production,
      source: 'Meteor.settings',
      env,
      environment: env.NODE_ENV,
      log: write,
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  await app.WebAppInternals.generateBoilerplate();

  // flightdeck:cdn
  const cdnPart = settingsAccess(cdnSettings, () => settings);
  const cdn = await installCdn({
    WebApp: app.WebApp as unknown as WebAppLike,
    WebAppInternals: app.WebAppInternals as unknown as WebAppInternalsLike,
    runtimeConfig: app.runtimeConfig,
    rootUrl: String(app.runtimeConfig.ROOT_URL),
    settings: { ...cdnPart.public, ...cdnPart.private },
    warn: write,
    rawLayer: flightdeckRawLayer(app.WebApp.rawHandlers),
  });

  // flightdeck:analytics
  const analyticsPart = settingsAccess(analyticsSettings, () => settings);
  const segmentConfig = analyticsPart.private.segment;
  const segment = segmentConfig?.writeKey
    ? new ServerAnalytics({
        writeKey: segmentConfig.writeKey,
        host: segmentConfig.host,
        path: segmentConfig.path,
        flushAt: segmentConfig.flushAt,
        flushInterval: segmentConfig.flushInterval,
        maxQueueSize: segmentConfig.maxQueueSize,
        maxAttempts: segmentConfig.maxAttempts,
      })
    : undefined;
  const send = (message: SegmentMessage): void => segment?.enqueue(message);
  let relay: RelayHandler | undefined;
  if (analyticsPart.public.destinations?.relay) {
    const relaySettings = analyticsPart.private.relay;
    relay = createRelayHandler({
      forward: send,
      maxEvents: relaySettings?.maxBatchEvents ?? 50,
      maxBytes: relaySettings?.maxBatchBytes ?? 65536,
      rateLimit: { events: relaySettings?.eventsPerMinute ?? 600, intervalMs: 60000 },
    });
    if (options.relayPath) app.WebApp.handlers.use(relayOverHttp(options.relayPath, relay));
  }

  // flightdeck:seo
  const seoOptions = seoServerOptions(settings as unknown as SeoServerSettings, { ROOT_URL: String(app.runtimeConfig.ROOT_URL), NODE_ENV: env.NODE_ENV });
  const seo = installSeo({
    ...seoOptions,
    WebApp: app.WebApp,
    WebAppInternals: app.WebAppInternals,
    routes,
    sitemap: () => options.sitemap,
    onError: (error) => write(`flightdeck:seo: ${error.message}`),
    rawLayer: flightdeckRawLayer(app.WebApp.rawHandlers),
  });

  return {
    app,
    report,
    specs: registry.specs(),
    cdn,
    seo,
    segment,
    relay,
    track: (message) => send({ ...message, type: 'track' }),
    log,
    async stop() {
      try {
        await segment?.closeAndFlush({ timeout: 2000 });
      } finally {
        await app.close();
      }
    },
  };
}
