// Child process of bench/composition.bench.ts: two WebApp harnesses (real Express 4.21 apps in
// Meteor 3's mounting order) serving the same fixture app's page — one bare, one with all four
// Flightdeck packages started on it as the example app starts them (tests/helpers/flightdeck-stack.ts:
// settings validated, cdn's raw handler and boilerplate callbacks, analytics' Segment queue, seo's
// robots / prerender raw handler and server head). Prints the ports as JSON, serves until killed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFlightdeckStack } from '../tests/helpers/flightdeck-stack.ts';
import { createWebApp } from '../tests/helpers/webapp-harness.ts';

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
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

const app = await createWebApp({ publicSettings: settings.public });
await startFlightdeckStack({
  app,
  settings,
  env: { NODE_ENV: 'production', CDN_URL: 'https://cdn.example.com' },
  serverHeads: [['/notes/:id', (params) => ({ title: `Note ${params.id}` })]],
});
// The same page: the bare app ships the same public settings (as validated and completed), so
// what differs is only what the packages add to each request and page.
const bare = await createWebApp({ publicSettings: structuredClone(settings.public) });
console.log(JSON.stringify({ bare: Number(new URL(bare.url).port), flightdeck: Number(new URL(app.url).port) }));
