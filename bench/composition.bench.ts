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
// Where the cost is (profiles and in-process timings, a person's GET /; the ratios here were
// measured with the earlier method, both sides serving at once): the four packages' own code is
// about 1 µs per page now (cdn's raw handler ~0.2 µs, seo's robots / crawler check ~0.5 µs, the
// missing-file and server-head callbacks a few tenths together; analytics and settings add nothing
// per request); the server-head callback alone was ~2.5 µs while it was async on every page. On
// Express 4.21 the first handler on WebApp.rawHandlers is what remains: Express 4 gives a sub-app
// its router only then, with its query parser and expressInit layers (two prototype swaps, two
// more on the way out) and a setImmediate at the end of its stack. One no-op raw handler on the
// bare harness measured 0.964 of it (0.967 / 0.959 per pair; on Express 5.1, 1.009): any package
// that mounts on rawHandlers pays it in Meteor 3.0, and ours must (CORS and Cache-Control before
// the static files, X-Robots-Tag and the prerender proxy before everything). Mounting cdn and seo
// as one layer saved nothing measurable (the second layer costs next to nothing), so each package
// keeps its own.
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
