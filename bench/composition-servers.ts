// Child process of bench/composition.bench.ts: one WebApp harness (a real Express app, 4.21 or 5.1
// as FLIGHTDECK_METEOR_WEBAPP picks, in Meteor 3's mounting order) serving the fixture app's page,
// BENCH_SIDE=bare (the harness alone) or BENCH_SIDE=flightdeck (all four packages started on it as
// the example app starts them, tests/helpers/flightdeck-stack.ts: settings validated, cdn's raw
// handler and boilerplate callbacks, analytics' Segment queue and relay, seo's robots / prerender
// raw handler and server head). Both sides have what every Meteor app mounts at startup on the
// page path, dynamic-import's internal handler (mountDynamicImport below). One server per process: two in one process share a heap, a JIT and
// a garbage collector, and the one created first measured faster, whichever it was.
//
// The process's CPU time is answered on a second port (`cpuPort`, bench/serve-cpu-usage.ts), so
// reading it adds no layer or route to the server measured. Prints `{ port, cpuPort }` as JSON,
// serves until killed; SIGTERM exits normally, so `--cpu-prof` writes its profile.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSettingsAtStartup, SettingsRegistry } from '../packages/settings/src/index.ts';
import { packageSettingsSpecs, startFlightdeckStack } from '../tests/helpers/flightdeck-stack.ts';
import { createWebApp } from '../tests/helpers/webapp-harness.ts';
import { serveCpuUsage } from './serve-cpu-usage.ts';

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

function listen(handler: RequestListener = () => undefined): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

async function unusedPort(): Promise<number> {
  const server = await listen();
  await server.close();
  return server.port;
}

// Neither is contacted by a person's page request; they only have to be configured.
const [rendererPort, segmentPort] = await Promise.all([unusedPort(), unusedPort()]);
const settings = {
  public: {
    analytics: { destinations: { relay: true } },
    seo: { titleTemplate: '%s · Flightdeck' },
  },
  analytics: { segment: { writeKey: 'bench-write-key', host: `http://127.0.0.1:${segmentPort}` } },
  seo: { indexable: true, robots: { disallow: ['/admin'] } },
  PrerenderIO: { serviceUrl: `http://127.0.0.1:${rendererPort}/` },
};
const env = { NODE_ENV: 'production', CDN_URL: 'https://cdn.example.com' };

const side = process.env.BENCH_SIDE;
let port: number;
if (side === 'flightdeck') {
  const app = await createWebApp({ publicSettings: settings.public });
  mountDynamicImport(app);
  await startFlightdeckStack({
    app,
    settings,
    env,
    serverHeads: [['/notes/:id', (params) => ({ title: `Note ${params.id}` })]],
  });
  port = Number(new URL(app.url).port);
} else if (side === 'bare') {
  // The same page: the bare app ships the same public settings as flightdeck:settings validates and
  // completes them, so what differs is only what the packages add to each request and page.
  const registry = new SettingsRegistry();
  for (const spec of packageSettingsSpecs) registry.register(spec);
  checkSettingsAtStartup(settings, registry.specs(), { production: true, source: 'Meteor.settings', env, environment: env.NODE_ENV, log: () => undefined });
  const app = await createWebApp({ publicSettings: settings.public });
  mountDynamicImport(app);
  port = Number(new URL(app.url).port);
} else {
  throw new Error(`BENCH_SIDE=${side}: expected bare or flightdeck`);
}

const cpuPort = await serveCpuUsage();
process.once('SIGTERM', () => process.exit(0));
console.log(JSON.stringify({ port, cpuPort }));
