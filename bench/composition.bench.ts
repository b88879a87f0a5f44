// The suite's figure for a person's page request: all four packages' server middleware (the
// example app's startup on the WebApp harness: cdn's CORS / cache-busting raw handler and its
// missing-file callback and runtime config, seo's robots / X-Robots-Tag / prerender raw handler and
// its server-head callback, analytics' queue and relay, settings validated) vs the bare harness in
// Meteor 3's mounting order (the same harness, no packages) serving the same page. Measured twice:
// Meteor 3.0's webapp on Express 4.21 and Node 20, and Meteor 3.4's on Express 5.1 and Node 22 (the
// matrix's pairs, scripts/node-matrix.mjs). Target: bare CPU / composed CPU >= 0.97.
//
// Measured as the server's CPU time per request (process.cpuUsage in the server's process), each
// side in its own process, two pairs of processes started in both orders, many short rounds in
// which both sides serve their requests at the same time (who starts first alternates), the ratio
// the median of each round's bare / composed CPU. On this shared 2-core machine, throughput of
// 1.5 s rounds of two servers in one process gave 0.88 one run and 1.07 the next. The bare
// harness against itself (load average 20): rounds one after the other gave pair medians 1.044 and
// 0.972, rounds at the same time 1.004 and 0.997. Requests per second are printed too, as
// secondary information, and the spread (quartiles of the round ratios, each pair's median) on
// stderr and in the row.
//
// Where the cost is (profiles and in-process timings, a person's GET /): the four packages' own
// code is about 1 µs per page now (cdn's raw handler ~0.2 µs, seo's robots / crawler check ~0.5 µs,
// the missing-file and server-head callbacks a few tenths together; analytics and settings add
// nothing per request); the server-head callback alone was ~2.5 µs while it was async on every
// page. On Express 4.21 the first handler on WebApp.rawHandlers is what remains. One no-op raw
// handler on the bare harness measured 0.964 of it over HTTP (0.967 / 0.959 per pair; on Express
// 5.1, 1.009), ~12 µs per request in process (the harness's 'request' listener fed in-memory
// sockets, a person's GET /, min of 120 batches of 500 after 20,000 warm-up requests, each variant
// in its own process, two at a time; load average 10-22, so ranges over three runs): bare 34-36 µs,
// with the no-op raw handler 46-48.
//
// Why, in Express 4.21.2: a mounted app that has no router yet answers `done()` at once
// (application.js 175), and mounted_app's two setPrototypeOf on the way out set the prototype the
// objects already have (V8 returns early): that is the bare harness's rawHandlers. The first `use`
// creates the router with its query and expressInit layers (lazyrouter, application.js 144-152), so
// every request from then on runs a second router.handle (its closures, the restore of baseUrl /
// next / params), expressInit's two setPrototypeOf to the sub-app's own request / response
// prototypes (middleware/init.js 35-36) and mounted_app's two back (application.js 235-240), and
// `setImmediate(done)` when the sub-stack runs out (router/index.js 203): the rest of the request
// waits for the next turn of the event loop. Taken apart in process with analysis-only patches of
// Express's objects (never in the packages): the swaps made no-ops (the sub-app's request /
// response set to the root app's) 42-45 µs, the end-of-stack setImmediate run synchronously 43-47,
// both 36-38 (bare 34-36): a third each alone, nearly all of it together. One setPrototypeOf costs
// ~0.36 µs (tight loop on IncomingMessage / ServerResponse, Node 20); req and res stay in fast mode
// but leave the sub-app with another hidden class than they entered with (%HaveSameMap false), so
// code that sees them before and after it runs polymorphic. Express 5.1's app.handle swaps the
// prototypes and creates the router on every mounted app, used or not (application.js 160-177), so
// its bare harness pays all of it already and the first raw handler adds nothing. The marginal cost
// is per sub-app router, not a one-time deopt: with a handler on meteorInternalHandlers on both
// sides, the no-op raw handler still added 9-15 µs.
//
// Ways to get cdn's CORS / Cache-Control / cache busting and seo's robots.txt / sitemap.xml /
// X-Robots-Tag / prerender proxy in front of Meteor's static files without that layer:
// (a) cdn and seo as one raw layer: nothing measurable saved; the router is paid once, the second
//     layer is next to free.
// (b) Wrapping the http server's 'request' listeners, as ddp-server (stream_server.js 82-86 and
//     168-195 in 3.0.4; the same on devel today) and force-ssl (force_ssl_server.js 10-45) do, so
//     the packages run before Express. In process (the raw handlers run from such a listener, an
//     analysis-only shim) the whole composition went from 48-51 µs to 42-48 (bare 34-39); one HTTP
//     run of this bench that way, at load average 16, gave 0.946 on Express 4.21 (round quartiles
//     0.86-1.02, pairs 0.962 / 0.944), so not shown to reach 0.97 either. Rejected for what it
//     changes in a real app: the packages install at Meteor.startup, after every package loaded, so
//     their listener would wrap force-ssl's and answer robots.txt, sitemap.xml, the prerendered
//     page and CORS preflights over plain http instead of redirecting to https (today force-ssl's
//     listener runs before any raw handler), and run before every raw handler an app or package
//     mounted earlier (a basic-auth or maintenance-mode handler: a crawler user agent would get
//     past it). Installing at load time instead leaves the order to package load order between
//     packages that do not use each other, which a package cannot choose. Requests the listener
//     answers would also miss webapp's _timeoutAdjustmentRequestCallback (another 'request'
//     listener, webapp_server.js 287-304 and 1335 in 3.0.4), so a prerender waiting on its renderer
//     would be cut by the 5 s SHORT_SOCKET_TIMEOUT; and a throw or rejection there is not Express's
//     to answer (uncaught, it ends the process). Setting only the headers from a listener and
//     keeping the answering parts on rawHandlers saves nothing: any `use` creates the router.
// (c) Avoiding the swaps or the setImmediate means changing Express's objects (the sub-app's
//     request / response prototypes, its router stack) or WebAppInternals, the monkey-patching the
//     suite does not do, and each alone removes a third. WebApp.handlers is another sub-app (the
//     same cost) and comes after compression, the path-prefix check and the static files.
// So each package keeps its own raw handler, and a Meteor 3.0 app pays for this router once,
// however many packages mount on rawHandlers. A real Meteor 3.0 page costs more than the bare
// harness's (webapp's compression and timeout listener, ddp-server's two 'request' wrappers, and
// meteorInternalHandlers' router, which dynamic-import fills at startup in every app since
// ecmascript implies it: +11-18 µs in process on the bare harness, not modelled), so the same µs
// are a smaller share of a real page; an app with browser-policy-common (core, a raw handler) has
// paid for the router already.
//
// FLIGHTDECK_BENCH_CPU_PROF=<dir> runs the server processes with `node --cpu-prof` into <dir>.
import { Agent, get as httpGet } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { get, median, percentile, withBenchServers } from './http-load.ts';
import { MATRIX, ensureNode } from '../scripts/node-matrix.mjs';

interface MatrixEntry {
  label: string;
  node: string | null;
  nodeMajor: number;
  express: string;
  webapp: string;
}

type SideName = 'bare' | 'flightdeck';

const here = dirname(fileURLToPath(import.meta.url));
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const PERSON = { 'user-agent': CHROME, accept: 'text/html' };
const TARGET = 0.97;
const ROUNDS = 30;
const REQUESTS_PER_ROUND = 600;
const CONCURRENCY = 8;
const WARM_UP_REQUESTS = 4000;
const format = (value: number) => Math.round(value).toLocaleString('en-US');

interface Sample {
  /** Server CPU µs per request. */
  cpu: number;
  rps: number;
}

function cpuOf(cpuPort: number): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port: cpuPort, path: '/' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(Number(body)));
    }).on('error', reject);
  });
}

/** `requests` page requests, CONCURRENCY at a time (per side); any status but 200 fails the bench. */
async function requestPages(port: number, agent: Agent, requests: number): Promise<void> {
  let sent = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (sent < requests) {
      sent += 1;
      const { status } = await get(port, agent, PERSON);
      if (status !== 200) throw new Error(`page request answered ${status}`);
    }
  }));
}

interface Server {
  port: number;
  cpuPort: number;
  agent: Agent;
}

async function round(server: Server): Promise<Sample> {
  const before = await cpuOf(server.cpuPort);
  const start = process.hrtime.bigint();
  await requestPages(server.port, server.agent, REQUESTS_PER_ROUND);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = (await cpuOf(server.cpuPort)) - before;
  return { cpu: cpu / REQUESTS_PER_ROUND, rps: REQUESTS_PER_ROUND / seconds };
}

function serverProcess<T>(entry: MatrixEntry, side: SideName, fn: (server: Server) => Promise<T>): Promise<T> {
  const profileDir = process.env.FLIGHTDECK_BENCH_CPU_PROF;
  return withBenchServers<{ port: number; cpuPort: number }, T>(
    join(here, 'composition-servers.ts'),
    async ({ port, cpuPort }) => {
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      try {
        return await fn({ port, cpuPort, agent });
      } finally {
        agent.destroy();
      }
    },
    {
      execPath: ensureNode(entry) as string,
      // One folder per process: tsx's loader thread writes a profile of its own next to the main thread's.
      execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${entry.webapp}-${side}-${Date.now()}`)}`] : [],
      env: { ...process.env, FLIGHTDECK_METEOR_WEBAPP: entry.webapp, BENCH_SIDE: side },
    },
  );
}

type Samples = Record<SideName, Sample[]>;

/** One pair of server processes, `first` started first: warmed up by request count, then ROUNDS alternated rounds. */
function samplePair(entry: MatrixEntry, first: SideName): Promise<Samples> {
  const second: SideName = first === 'bare' ? 'flightdeck' : 'bare';
  return serverProcess(entry, first, (a) => serverProcess(entry, second, async (b) => {
    const servers = { [first]: a, [second]: b } as Record<SideName, Server>;
    // By request count, not time: the first few thousand requests of a fresh server run
    // unoptimized code (more of it on the side with the packages).
    for (let pass = 0; pass < 2; pass++) {
      for (const name of [first, second]) await requestPages(servers[name].port, servers[name].agent, WARM_UP_REQUESTS / 2);
    }
    const samples: Samples = { bare: [], flightdeck: [] };
    for (let i = 0; i < ROUNDS; i++) {
      // Both sides at once, so a burst of load from elsewhere hits both alike; who starts first
      // alternates.
      const order: SideName[] = i % 2 === 0 ? ['bare', 'flightdeck'] : ['flightdeck', 'bare'];
      const [x, y] = await Promise.all(order.map((name) => round(servers[name])));
      samples[order[0]].push(x);
      samples[order[1]].push(y);
    }
    return samples;
  }));
}

interface Comparison {
  bare: Sample;
  flightdeck: Sample;
  /** Median over rounds of bare CPU / composed CPU. */
  ratio: number;
  /** Quartiles of the round ratios, and each pair of processes' median ratio. */
  spread: { q1: number; q3: number; pairs: number[] };
}

async function compare(entry: MatrixEntry): Promise<Comparison> {
  const pairs = [await samplePair(entry, 'bare'), await samplePair(entry, 'flightdeck')];
  const ratiosOf = (samples: Samples) => samples.bare.map((sample, i) => sample.cpu / samples.flightdeck[i].cpu);
  const ratios = pairs.flatMap(ratiosOf);
  const side = (name: SideName): Sample => {
    const all = pairs.flatMap((samples) => samples[name]);
    return { cpu: median(all.map((s) => s.cpu)), rps: median(all.map((s) => s.rps)) };
  };
  return {
    bare: side('bare'),
    flightdeck: side('flightdeck'),
    ratio: median(ratios),
    spread: { q1: percentile(ratios, 25), q3: percentile(ratios, 75), pairs: pairs.map((samples) => median(ratiosOf(samples))) },
  };
}

export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const entries = (MATRIX as MatrixEntry[]).filter((entry) => entry.webapp === '3.0.4' || entry.webapp === '3.4');
  for (const entry of entries) {
    const { bare, flightdeck, ratio, spread } = await compare(entry);
    const spreadText = `round ratios q1-q3 ${spread.q1.toFixed(3)}-${spread.q3.toFixed(3)}, per process pair ${spread.pairs.map((r) => r.toFixed(3)).join(' / ')}`;
    console.error(`composition ${entry.label}: bare ${bare.cpu.toFixed(1)} µs CPU/req (${format(bare.rps)} req/s), flightdeck ${flightdeck.cpu.toFixed(1)} µs CPU/req (${format(flightdeck.rps)} req/s), ratio ${ratio.toFixed(3)}; ${spreadText}`);
    rows.push({
      figure: `suite: person's page request through all four packages' server middleware vs the bare harness (Meteor's mount order), server CPU per request, ${entry.label} (${spreadText})`,
      target: `>= ${TARGET}`,
      measured: `${flightdeck.cpu.toFixed(1)} µs CPU/req (${format(flightdeck.rps)} req/s)`,
      baseline: `${bare.cpu.toFixed(1)} µs CPU/req (${format(bare.rps)} req/s)`,
      ratio,
      pass: ratio >= TARGET,
    });
  }
  return rows;
}
