// The suite's figure for a person's page request: all four packages' server middleware (the
// example app's startup on the WebApp harness: cdn's CORS / cache-busting raw handler and its
// missing-file callback and runtime config, seo's robots / X-Robots-Tag / prerender raw handler and
// its server-head callback, analytics' queue and relay, settings validated) vs the bare harness in
// Meteor 3's mounting order (the same harness, no packages) serving the same page. Measured twice:
// Meteor 3.0's webapp on Express 4.21 and Node 20, and Meteor 3.4's on Express 5.1 and Node 22 (the
// matrix's pairs, scripts/node-matrix.mjs). Target: bare CPU / composed CPU >= 0.97.
//
// Measured as the server's CPU time per request (user + system) by bench/cpu-ratio.ts: each side
// in its own process, the servers pinned to one CPU and the load generator to the other, the sides
// serving one after the other in many short slots in alternating order, the ratio the median of
// the adjacent slots' bare / composed CPU (why user + system, and why not instruction counts: that
// file's header). The control row is the bare harness against a second bare harness process in
// the same cycles: the method's own noise in this run (its bar: 0.99-1.01). Before this method,
// both sides served at once, on both CPUs with the load generator, and a side's CPU per request
// depended on what ran beside it: the figure moved by several percent from one quiet run to the
// next.
//
// What a person's GET / allocates (bench/composition-in-process.ts HEAP_SAMPLE, sampled bytes
// per request, after the shared layer): Express 4.21 bare 36.5 KB, flightdeck 42.5 (the sub-app
// router's two setPrototypeOf pairs 2.4 KB, its restore, next closures and setImmediate ~1.3 KB,
// the larger page, runtime config with the CDN hashes and the prerenderReady script, ~1.5 KB
// rendered and written, the packages' own code ~0.2 KB); Express 5.1 bare 58.2 KB, flightdeck
// 61.8 (the page 1.5 KB, the one layer ~0.8 KB, the two boilerplate callbacks' awaits ~0.5 KB).
//
// Where the cost is (profiles and in-process timings, a person's GET /; the HTTP ratios in this
// paragraph and (b) were measured with the earlier method, both sides serving at once): the four packages' own
// code is about 1 µs per page now (cdn's raw handler ~0.2 µs, seo's robots / crawler check ~0.5 µs,
// the missing-file and server-head callbacks a few tenths together; analytics and settings add
// nothing per request); the server-head callback alone was ~2.5 µs while it was async on every
// page. On Express 4.21 the first handler on WebApp.rawHandlers was what remained, until (c) below. One no-op raw
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
// (a) cdn and seo as one raw layer: on Express 4.21 little (the sub-app's router is paid once, the
//     second layer is next to free: -0.6 KB allocated per request); on Express 5.1, where every
//     mounted app has its router anyway, each layer is a router step of its own (Layer.match,
//     trimPrefix, processParams' callback, handleRequest's try) and ~0.8 KB of closures per
//     request (V8's sampling heap profiler, bench/composition-in-process.ts HEAP_SAMPLE: bare
//     58.2 KB, two no-op raw handlers 59.9, flightdeck with two layers 62.8, with one 61.8). Done:
//     flightdeck:settings' flightdeckRawLayer is the one layer, cdn and seo add steps to it.
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
// (c) Not making the router at all: the layer as the sub-app's `handle` (done: flightdeck:settings'
//     flightdeckRawLayer, packages/settings/src/lib/raw-layer.ts). Express's mounted_app calls
//     `fn.handle(req, res, done)` on every request (application.js 235-241 in 4.21.2, 230-236 in
//     5.1.0); while nothing is routed on rawHandlers, the layer's handle runs the steps and returns
//     to Meteor's app, and once something is (a `use` after the first step), it runs the steps and
//     then the app's own handle. Express's objects are left as they are (no prototype, router or
//     WebAppInternals change), the order is that of a first `use`, and on 5.1 it also skips the
//     empty sub-app's own pass (its two swaps and the end-of-stack setImmediate), which the bare
//     harness pays. WebApp.handlers is another sub-app (the same cost) and comes after compression,
//     the path-prefix check and the static files.
// So the packages share one raw layer (a) that makes no router on rawHandlers (c). A real Meteor
// 3.0 page costs more than the bare harness's (webapp's compression and timeout listener,
// ddp-server's two 'request' wrappers, and meteorInternalHandlers' router, which dynamic-import
// fills at startup in every app since ecmascript implies it: +11-18 µs in process on the bare
// harness; both sides of this bench have it now, composition-servers.ts mountDynamicImport), so
// the same µs are a smaller share of a real page; an app with browser-policy-common (core, a raw
// handler mounted before the packages start) has a router on rawHandlers already, and the layer
// is a `use` after it.
//
// Measured with the layer as the sub-app's handle (c), 2026-12-02, three runs of
// FLIGHTDECK_BENCH_SETS=12 (~9 min each) on a quiet but slow machine (the bare harness 310-440 µs
// CPU per request; a pinned CPU loop varies ±12% from run to run). The median of the 36 per-set
// ratios: Express 4.21 0.978, its control 1.019; Express 5.1 1.033, its control 1.034. The runs
// one by one: 4.21 0.962 / 0.979 / 0.960 (controls 1.020 / 1.007 / 0.997), 5.1 1.034 / 1.035 /
// 1.006 (controls 0.976 / 1.038 / 1.032). Per-set ratios scatter by ±6-7% (sd), so 12 sets give
// about ±2%, and the controls' lean above 1 is as large as the bar's margin.
//
// FLIGHTDECK_BENCH_CPU_PROF=<dir> runs the server processes with `node --cpu-prof` into <dir>.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { cpuRatioRows, measureCpuRatio, type SideName } from './cpu-ratio.ts';
import { MATRIX, ensureNode } from '../scripts/node-matrix.mjs';

interface MatrixEntry {
  label: string;
  node: string | null;
  nodeMajor: number;
  express: string;
  webapp: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const PERSON = { 'user-agent': CHROME, accept: 'text/html' };
const TARGET = 0.97;

export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const entries = (MATRIX as MatrixEntry[]).filter((entry) => entry.webapp === '3.0.4' || entry.webapp === '3.4');
  const profileDir = process.env.FLIGHTDECK_BENCH_CPU_PROF;
  for (const entry of entries) {
    const execPath = ensureNode(entry) as string;
    const result = await measureCpuRatio({
      label: `composition ${entry.label}`,
      server: (side: SideName) => ({
        script: join(here, 'composition-servers.ts'),
        execPath,
        // One folder per process: tsx's loader thread writes a profile of its own next to the main thread's.
        execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${entry.webapp}-${side}-${Date.now()}`)}`] : [],
        env: { ...process.env, FLIGHTDECK_METEOR_WEBAPP: entry.webapp, BENCH_SIDE: side === 'measured' ? 'flightdeck' : 'bare' },
      }),
      control: true,
      path: '/',
      headers: PERSON,
      // Two Node/Express pairs in about 90 s on a quiet machine (6 server starts and warm-ups per
      // pair); a loaded one stops the cycles early.
      cycles: 24,
      budgetMs: 30_000,
    });
    rows.push(...cpuRatioRows(
      result,
      `suite: person's page request through all four packages' server middleware vs the bare harness (Meteor's mount order), ${entry.label}`,
      TARGET,
      `suite control: the bare harness vs a second bare harness process, ${entry.label}`,
    ));
  }
  return rows;
}
