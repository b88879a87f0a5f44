// flightdeck:cdn on Meteor 3.4+ with Rspack: a person's page request (the real Rspack-built page on
// the WebApp harness, ROOT_URL /app, a CDN set) with the Rspack support on — its stylesheet links
// rewritten to the CDN — against the same request with it off, in the same run (target >= 0.97).
// The rewrite is memoized per boilerplate (and per host), so it should cost next to nothing; the
// second row repeats it with a per-request CDN resolver set.
//
// Measured as the server's CPU time per request (user + system) by bench/cpu-ratio.ts: each side
// in its own process, the servers pinned to one CPU and the load generator to the other, the sides
// serving one after the other in many short slots in alternating order, the ratio the median of
// the adjacent slots' off / on CPU (requests per CPU-second with the rewrite over the same without
// it); why user + system, and why not instruction counts: that file's header. The control row is
// the server without the rewrite against a second such process in the same cycles as the first
// row: the method's own noise in this run (its bar: 0.99-1.01). Before this method both sides
// served at once, on both CPUs with the load generator, and two identical servers differed by
// several percent from one process pair to the next. The Rspack build is made here once and served
// by every server process, so none of them carries it in its heap.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rspackFixture } from '../tests/helpers/rspack-harness.ts';
import type { BenchRow } from './bench-row.ts';
import { cpuRatioRows, measureCpuRatio, type SideName } from './cpu-ratio.ts';

const here = dirname(fileURLToPath(import.meta.url));
const TARGET = 0.97;

/** A server process with the Rspack support on (the measured side) or off (the baseline and the control). */
function server(fixture: string, resolver: boolean) {
  return (side: SideName) => ({
    script: join(here, 'cdn-rspack-servers.ts'),
    env: { ...process.env, BENCH_RSPACK: side === 'measured' ? 'on' : 'off', BENCH_RESOLVER: resolver ? '1' : '0', BENCH_RSPACK_FIXTURE: fixture },
  });
}

export default async function bench(): Promise<BenchRow[]> {
  const fixture = JSON.stringify(await rspackFixture());
  const page = { accept: 'text/html' };
  const rewrite = await measureCpuRatio({ label: 'cdn-rspack rewrite', server: server(fixture, false), control: true, path: '/app/', headers: page, budgetMs: 35_000 });
  const resolver = await measureCpuRatio({ label: 'cdn-rspack resolver', server: server(fixture, true), control: false, path: '/app/', headers: { ...page, 'x-region': 'eu' }, budgetMs: 25_000 });
  return [
    ...cpuRatioRows(
      rewrite,
      'cdn: Rspack page request with the /build-chunks/ rewrite vs without it',
      TARGET,
      'cdn control: the page without the rewrite vs a second such server process',
    ),
    ...cpuRatioRows(resolver, 'cdn: the same with a per-request CDN resolver', TARGET),
  ];
}
