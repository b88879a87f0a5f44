// Child process of bench/composition.bench.ts: one WebApp harness (a real Express app, 4.21 or 5.1
// as FLIGHTDECK_METEOR_WEBAPP picks, in Meteor 3's mounting order) serving the fixture app's page,
// BENCH_SIDE=bare (the harness alone) or BENCH_SIDE=flightdeck (all four packages started on it as
// the example app starts them, tests/helpers/flightdeck-stack.ts: settings validated, cdn's raw
// handler and boilerplate callbacks, analytics' Segment queue and relay, seo's robots / prerender
// raw handler and server head). Both sides have what every Meteor app mounts at startup on the
// page path, dynamic-import's internal handler (bench/composition-app.ts, which builds both sides). One server per process: two in one process share a heap, a JIT and
// a garbage collector, and the one created first measured faster, whichever it was.
//
// The process's CPU time is answered on a second port (`cpuPort`, bench/serve-cpu-usage.ts), so
// reading it adds no layer or route to the server measured. Prints `{ port, cpuPort }` as JSON,
// serves until killed; SIGTERM exits normally, so `--cpu-prof` writes its profile.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCompositionApp } from './composition-app.ts';
import { serveCpuUsage } from './serve-cpu-usage.ts';

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
const [renderer, segment] = await Promise.all([unusedPort(), unusedPort()]);
const app = await startCompositionApp(process.env.BENCH_SIDE ?? '', { renderer, segment });
const port = Number(new URL(app.url).port);

const cpuPort = await serveCpuUsage();
process.once('SIGTERM', () => process.exit(0));
console.log(JSON.stringify({ port, cpuPort }));
