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
import { alternatedThroughput, withBenchServers } from './http-load.ts';
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

export default async function bench(): Promise<BenchRow[]> {
  const person = { 'user-agent': CHROME, accept: 'text/html' };
  const rows: BenchRow[] = [];
  const pairs = (MATRIX as MatrixEntry[]).filter((entry) => entry.webapp === '3.0.4' || entry.webapp === '3.4');
  for (const entry of pairs) {
    const figures = await withBenchServers(
      join(here, 'composition-servers.ts'),
      (ports: { bare: number; flightdeck: number }) => alternatedThroughput({ baseline: ports.bare, measured: ports.flightdeck }, { headers: person }),
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
