// The two sides of the composition bench, in one place for its server processes
// (bench/composition-servers.ts) and for the in-process analysis tool
// (bench/composition-in-process.ts), so both measure the same apps: the WebApp harness (Express
// 4.21 or 5.1 as FLIGHTDECK_METEOR_WEBAPP picks, in Meteor 3's mounting order) with what every
// Meteor app mounts at startup on the page path (dynamic-import's internal handler), bare or with
// all four packages started on it as the example app starts them (tests/helpers/flightdeck-stack.ts).
import type { RequestListener } from 'node:http';
import { checkSettingsAtStartup, SettingsRegistry } from '../packages/settings/src/index.ts';
import { packageSettingsSpecs, startFlightdeckStack } from '../tests/helpers/flightdeck-stack.ts';
import { createWebApp, type WebAppHarness } from '../tests/helpers/webapp-harness.ts';

/**
 * What dynamic-import, in every Meteor app (ecmascript implies it), mounts at Meteor.startup:
 * one handler on WebAppInternals.meteorInternalHandlers for its fetch URL (packages/dynamic-import/
 * server.js and common.js, Meteor 3.0.4 and devel alike). It is in the page path of every real app:
 * on Express 4.21 that `use` gives the meteorInternalHandlers sub-app its router, which every
 * request then runs through. Modelled for an app with no dynamic modules: CORS for any origin,
 * OPTIONS answered, a POST answered with the empty tree (`null`), other methods 405.
 */
function mountDynamicImport(app: { WebAppInternals: { meteorInternalHandlers: { use(path: string, handler: RequestListener): unknown } } }): void {
  app.WebAppInternals.meteorInternalHandlers.use('/__meteor__/dynamic-import/fetch', (request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (request.method === 'OPTIONS') {
      const asked = request.headers['access-control-request-headers'];
      response.setHeader('Access-Control-Allow-Headers', typeof asked === 'string' ? asked : '*');
      response.setHeader('Access-Control-Allow-Methods', 'POST');
      response.end();
    } else if (request.method === 'POST') {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('null');
      });
    } else {
      response.writeHead(405, { 'Cache-Control': 'no-cache' });
      response.end(`method ${request.method} not allowed`);
    }
  });
}

/**
 * One side's app: `bare` (the harness alone), `flightdeck` (the four packages), or for the
 * in-process analysis `noop1` / `noop2` (bare plus one / two no-op handlers on
 * WebApp.rawHandlers). The renderer and Segment ports are configured, never contacted by a
 * person's page request.
 */
export async function startCompositionApp(side: string, ports: { renderer: number; segment: number }): Promise<WebAppHarness> {
  const settings = {
    public: {
      analytics: { destinations: { relay: true } },
      seo: { titleTemplate: '%s · Flightdeck' },
    },
    analytics: { segment: { writeKey: 'bench-write-key', host: `http://127.0.0.1:${ports.segment}` } },
    seo: { indexable: true, robots: { disallow: ['/admin'] } },
    PrerenderIO: { serviceUrl: `http://127.0.0.1:${ports.renderer}/` },
  };
  const env = { NODE_ENV: 'production', CDN_URL: 'https://cdn.example.com' };
  const noops = { bare: 0, noop1: 1, noop2: 2 }[side];
  if (side !== 'flightdeck' && noops === undefined) throw new Error(`composition side ${side}: expected bare, flightdeck, noop1 or noop2`);
  if (side !== 'flightdeck') {
    // The same page: the bare app ships the same public settings as flightdeck:settings validates
    // and completes them, so what differs is only what the packages add to each request and page.
    const registry = new SettingsRegistry();
    for (const spec of packageSettingsSpecs) registry.register(spec);
    checkSettingsAtStartup(settings, registry.specs(), { production: true, source: 'Meteor.settings', env, environment: env.NODE_ENV, log: () => undefined });
  }
  const app = await createWebApp({ publicSettings: settings.public });
  mountDynamicImport(app);
  if (side === 'flightdeck') {
    await startFlightdeckStack({ app, settings, env, serverHeads: [['/notes/:id', (params) => ({ title: `Note ${params.id}` })]] });
  }
  for (let i = 0; i < (noops ?? 0); i += 1) app.WebApp.rawHandlers.use((_req, _res, next) => next());
  return app;
}
