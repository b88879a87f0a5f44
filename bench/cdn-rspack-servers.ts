// Child process of bench/cdn-rspack.bench.ts: the WebApp harness in Rspack mode (a client built by
// real Rspack, served as Meteor 3.4+'s rspack package does) with flightdeck:cdn and a CDN set, the
// Rspack support on or off (`rspack: null`: what the same page costs without the rewrite) as
// BENCH_RSPACK says, with a per-request CDN resolver when BENCH_RESOLVER=1. The Rspack build comes
// from the bench (BENCH_RSPACK_FIXTURE, JSON): built once there, so no server process holds
// Rspack's build in its heap or threads while it is measured. One server per process: two in one
// process measured the one created first faster, whichever it was. The process's CPU time is
// answered on a second port (bench/serve-cpu-usage.ts), so reading it adds no layer to the server
// measured. Prints `{ port, cpuPort }` as JSON, then serves until killed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hasRspack, installCdn, rspackContexts, type WebAppInternalsLike, type WebAppLike } from '../packages/cdn/src/index.ts';
import { readFileHead } from '../packages/cdn/src/lib/read-file-head.ts';
import { createRspackWebApp, type RspackFixture } from '../tests/helpers/rspack-harness.ts';
import { serveCpuUsage } from './serve-cpu-usage.ts';

async function server(rspackOn: boolean, resolver: boolean): Promise<number> {
  const built = process.env.BENCH_RSPACK_FIXTURE ? (JSON.parse(process.env.BENCH_RSPACK_FIXTURE) as RspackFixture) : undefined;
  const { app, Package } = await createRspackWebApp({ rootUrl: '/app', built });
  const cdn = await installCdn({
    WebApp: app.WebApp as unknown as WebAppLike,
    WebAppInternals: app.WebAppInternals as unknown as WebAppInternalsLike,
    runtimeConfig: app.runtimeConfig,
    rootUrl: app.rootUrl,
    settings: { url: 'https://cdn.example.com', cacheBusting: true, notFoundForMissingFiles: true },
    rspack: rspackOn && hasRspack(Package) ? rspackContexts({ env: {} }) : null,
    readFileHead,
    warn: () => undefined,
  });
  if (resolver) cdn.setCdnUrlResolver((request) => (String(request.headers['x-region']) === 'eu' ? 'https://eu.cdn.example.com' : undefined));
  return Number(new URL(app.url).port);
}

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const port = await server(process.env.BENCH_RSPACK === 'on', process.env.BENCH_RESOLVER === '1');
// Measuring starts from a collected heap, the setup's garbage gone, on both sides alike.
collect();
const cpuPort = await serveCpuUsage();
console.log(JSON.stringify({ port, cpuPort }));
