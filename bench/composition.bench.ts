// The suite's figure for a person's page request: all four packages' server middleware (the
// example app's startup on the WebApp harness: cdn's CORS / cache-busting raw handler and its
// missing-file and runtime-config callbacks, seo's robots / X-Robots-Tag / prerender raw handler
// and its server-head callback, analytics' queue, settings validated) vs bare Express in Meteor 3's
// mounting order (the same harness, no packages) serving the same page. Servers in a child
// process, rounds alternated so drift hits both alike, medians compared (target ratio >= 0.95).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { alternatedThroughput, withBenchServers } from './http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const format = (value: number) => Math.round(value).toLocaleString('en-US');

export default async function bench(): Promise<BenchRow[]> {
  const person = { 'user-agent': CHROME, accept: 'text/html' };
  const figures = await withBenchServers(join(here, 'composition-servers.ts'), (ports: { bare: number; flightdeck: number }) =>
    alternatedThroughput({ baseline: ports.bare, measured: ports.flightdeck }, { headers: person }),
  );
  const ratio = figures.measured / figures.baseline;
  return [
    {
      figure: "suite: person's page request through all four packages' server middleware vs bare Express (Meteor's mount order)",
      target: '>= 0.95',
      measured: `${format(figures.measured)} req/s`,
      baseline: `${format(figures.baseline)} req/s`,
      ratio,
      pass: ratio >= 0.95,
    },
  ];
}
