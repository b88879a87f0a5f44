// flightdeck:seo under a crawler flood (issue 10), side by side with a legitimate crawler: 1,000
// crawler requests with unique `?page=` values (a parameter the app names, so each is a page of
// its own), 64 at a time, against the seo raw handler with its defaults, while one crawler asks
// for an already-rendered page again and again. Then 1,000 with unique `?utm_source=` values
// (not named: one page). Figures: renders at once (<= the pool's 4), process memory growth
// (< 100 MB), the legitimate crawler's p99 from the cache (< 5 ms), renders for the utm flood (1).
// The servers run in a child process (bench/seo-flood-servers.ts), away from the load generator.
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { get, percentile, withBenchServers } from './http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const BINGBOT = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';

interface Stats {
  rendererRequests: number;
  mostAtOnce: number;
  rss: number;
  heapUsed: number;
}

function readStats(port: number): Promise<Stats> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(text) as Stats));
    })
      .on('error', reject)
      .end();
  });
}

async function flood(port: number, paths: string[], concurrency: number, userAgent = GOOGLEBOT): Promise<Record<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const path = paths[next++];
        const { status } = await get(port, agent, { 'user-agent': userAgent, accept: 'text/html' }, path);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  agent.destroy();
  return statuses;
}

export default async function bench(): Promise<BenchRow[]> {
  const figures = await withBenchServers(join(here, 'seo-flood-servers.ts'), async (ports: { app: number; stats: number }) => {
    const legit = new Agent({ keepAlive: true, maxSockets: 1 });
    // The legitimate crawler's page is rendered once, before the flood.
    await get(ports.app, legit, { 'user-agent': BINGBOT }, '/popular');
    for (let i = 0; i < 200; i++) await get(ports.app, legit, { 'user-agent': BINGBOT }, '/popular');

    // The same probe while people send the same 1,000 requests (no render path): the baseline
    // for what a flood of requests costs the event loop on this machine, whatever the seo path does.
    const during = async (work: () => Promise<unknown>) => {
      let flooding = true;
      const latencies: number[] = [];
      let notFromCache = 0;
      const probe = (async () => {
        while (flooding) {
          const start = process.hrtime.bigint();
          const { headers } = await get(ports.app, legit, { 'user-agent': BINGBOT }, '/popular');
          latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
          if (headers['x-prerender-cache'] !== 'hit') notFromCache += 1;
        }
      })();
      await work();
      flooding = false;
      await probe;
      return { latencies, notFromCache };
    };
    const people = await during(() => flood(ports.app, Array.from({ length: 1000 }, (_, i) => `/flood?page=${i}&utm_source=x${i}`), 64, CHROME));
    const before = await readStats(ports.stats);
    let unique: Record<number, number> = {};
    let utm: Record<number, number> = {};
    let afterUnique = before;
    const crawlers = await during(async () => {
      unique = await flood(ports.app, Array.from({ length: 1000 }, (_, i) => `/flood?page=${i}&utm_source=x${i}`), 64);
      afterUnique = await readStats(ports.stats);
      utm = await flood(ports.app, Array.from({ length: 1000 }, (_, i) => `/landing?utm_source=mail${i}&fbclid=${i}`), 64);
    });
    const { latencies, notFromCache } = crawlers;
    legit.destroy();
    // Renders still running finish in the renderer's 200 ms.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await readStats(ports.stats);
    return { before, afterUnique, after, unique, utm, latencies, notFromCache, peopleP99: percentile(people.latencies, 99) };
  });
  const growth = (figures.after.rss - figures.before.rss) / 1024 / 1024;
  const p99 = percentile(figures.latencies, 99);
  const uniqueRenders = figures.afterUnique.rendererRequests - figures.before.rendererRequests;
  const utmRenders = figures.after.rendererRequests - figures.afterUnique.rendererRequests;
  const non200 = Object.entries({ ...figures.unique, ...figures.utm }).filter(([status]) => status !== '200');
  return [
    {
      figure: 'seo flood: renders at once under 1,000 unique-page crawler requests (64 at a time)',
      target: '<= 4 (the pool)',
      measured: `${figures.after.mostAtOnce} at once, ${uniqueRenders} renders in all`,
      baseline: `statuses ${JSON.stringify(figures.unique)}`,
      ratio: figures.after.mostAtOnce / 4,
      pass: figures.after.mostAtOnce <= 4 && non200.length === 0,
    },
    {
      figure: 'seo flood: renders for 1,000 crawler requests with unique ?utm_source/fbclid',
      target: '1 (one page, one cache entry)',
      measured: `${utmRenders} renders`,
      baseline: `statuses ${JSON.stringify(figures.utm)}`,
      ratio: utmRenders,
      pass: utmRenders <= 1,
    },
    {
      figure: 'seo flood: app process memory growth over both floods',
      target: '< 100 MB',
      measured: `${growth.toFixed(1)} MB RSS`,
      baseline: `${(figures.before.rss / 1024 / 1024).toFixed(1)} MB before`,
      ratio: growth / 100,
      pass: growth < 100,
    },
    {
      figure: 'seo flood: a legitimate crawler\'s cached page during the floods, p99',
      target: '< 5 ms, every answer from the cache',
      measured: `${p99.toFixed(2)} ms p99 of ${figures.latencies.length}`,
      baseline: `${figures.peopleP99.toFixed(2)} ms p99 during the same flood from people; ${figures.notFromCache} not from the cache`,
      ratio: p99 / 5,
      pass: p99 < 5 && figures.notFromCache === 0,
    },
  ];
}
