// The suite's figure for a person's page request: all four packages' server middleware (the
// example app's startup on the WebApp harness: cdn's CORS / cache-busting raw handler and its
// missing-file and runtime-config callbacks, seo's robots / X-Robots-Tag / prerender raw handler
// and its server-head callback, analytics' queue, settings validated) vs bare Express in Meteor 3's
// mounting order (the same harness, no packages) serving the same page. Measured twice: Meteor
// 3.0's webapp on Express 4.21 and Node 20, and Meteor 3.4's on Express 5.1 and Node 22 (the
// matrix's pairs, scripts/node-matrix.mjs). Servers in a child process, rounds alternated so drift
// hits both alike, medians compared (target ratio >= 0.97).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { Agent } from 'node:http';
import { alternatedThroughput, get, withBenchServers } from './http-load.ts';
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
const TARGET = 0.97;
const format = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * Warm-up by request count, alternated: the first few thousand requests of a fresh server run
 * unoptimized code (JIT), more of it on the side with the packages, so a time-based warm-up on a
 * loaded machine let that cost into the first measured rounds.
 */
async function warmUp(ports: number[], headers: Record<string, string>, requests = 3000, concurrency = 8): Promise<void> {
  for (let pass = 0; pass < 2; pass += 1) {
    for (const port of ports) {
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      let left = requests / 2;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (left-- > 0) await get(port, agent, headers);
      }));
      agent.destroy();
    }
  }
}

export default async function bench(): Promise<BenchRow[]> {
  const person = { 'user-agent': CHROME, accept: 'text/html' };
  const rows: BenchRow[] = [];
  const pairs = (MATRIX as MatrixEntry[]).filter((entry) => entry.webapp === '3.0.4' || entry.webapp === '3.4');
  for (const entry of pairs) {
    const figures = await withBenchServers(
      join(here, 'composition-servers.ts'),
      async (ports: { bare: number; flightdeck: number }) => {
        await warmUp([ports.bare, ports.flightdeck], person);
        return alternatedThroughput({ baseline: ports.bare, measured: ports.flightdeck }, { headers: person });
      },
      { execPath: ensureNode(entry) as string, env: { ...process.env, FLIGHTDECK_METEOR_WEBAPP: entry.webapp } },
    );
    const ratio = figures.measured / figures.baseline;
    rows.push({
      figure: `suite: person's page request through all four packages' server middleware vs bare Express (Meteor's mount order), ${entry.label}`,
      target: `>= ${TARGET}`,
      measured: `${format(figures.measured)} req/s`,
      baseline: `${format(figures.baseline)} req/s`,
      ratio,
      pass: ratio >= TARGET,
    });
  }
  return rows;
}
