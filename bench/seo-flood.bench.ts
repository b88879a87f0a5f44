// flightdeck:seo under a crawler flood (issue 10), side by side with a legitimate crawler: 1,000
// crawler requests with unique `?page=` values (a parameter the app names, so each is a page of
// its own), 64 at a time, against the seo raw handler with its defaults, while one crawler asks
// for an already-rendered page again and again. Then 1,000 with unique `?utm_source=` values
// (not named: one page). Figures: renders at once (<= the pool's 4), process memory growth
// (< 100 MB), the legitimate crawler's p99 from the cache (< 5 ms), renders for the utm flood (1).
//
// Four processes, none sharing an event loop with another: the app (bench/seo-flood-servers.ts),
// the renderer (bench/seo-flood-renderer.ts), each flood (bench/seo-flood-client.ts, spawned per
// flood) and this one, which only probes (one keep-alive connection, one request at a time, as
// a crawler fetching pages does) and reads the app's stats. The same probe during a flood of
// people's requests (the app page, no render path) is the baseline: what 64 requests at a time
// cost this machine's event loop whatever the seo path does. Rounds alternate the two floods, so
// neither one always runs on a colder process.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { get, median, percentile, withBenchServers } from './http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const BINGBOT = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
const FLOOD = 1000;
const CONCURRENCY = 64;
const ROUNDS = 4;
const HIT_SAMPLES = 2000;

interface AppStats {
  rss: number;
  heapUsed: number;
  cpuMicros: number;
  loopDelay: { p50: number; p99: number; max: number };
}

interface RendererStats {
  rendererRequests: number;
  mostAtOnce: number;
}

function readJson<T>(port: number, path = '/'): Promise<T> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(text) as T));
    })
      .on('error', reject)
      .end();
  });
}

/**
 * Starts a flood in its own process; `started` resolves as its first request goes out, `sent` as
 * its last one does.
 */
function startFlood(port: number, path: string, userAgent: string): { started: Promise<void>; sent: Promise<void>; done: Promise<{ statuses: Record<number, number>; ms: number }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'seo-flood-client.ts'), JSON.stringify({ port, path, count: FLOOD, concurrency: CONCURRENCY, userAgent })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let onStarted: () => void = () => undefined;
  let onSent: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const sent = new Promise<void>((resolve) => (onSent = resolve));
  const done = new Promise<{ statuses: Record<number, number>; ms: number }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('{"started":true}')) onStarted();
      if (out.includes('{"sent":true}')) onSent();
    });
    child.once('exit', (code) => {
      const line = out.split('\n').find((text) => text.startsWith('{"statuses"'));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`the flood client exited (${code})`));
    });
  });
  return { started, sent, done };
}

interface Probed {
  /** Probes sent while the flood was sending (not while it waited for its last, slowest answers). */
  latencies: number[];
  /** Every probe from the flood's first request to its last answer. */
  probes: number;
  notFromCache: number;
  /** App CPU time during the flood (probes included), µs. */
  cpuMicros: number;
  loopDelay: AppStats['loopDelay'];
}

export default async function bench(): Promise<BenchRow[]> {
  const figures = await withBenchServers(join(here, 'seo-flood-renderer.ts'), (rendererPorts: { renderer: number; stats: number }) =>
    withBenchServers(
      join(here, 'seo-flood-servers.ts'),
      async (ports: { app: number; stats: number }) => {
        const legit = new Agent({ keepAlive: true, maxSockets: 1 });
        const probeOnce = async () => {
          const start = process.hrtime.bigint();
          const { headers } = await get(ports.app, legit, { 'user-agent': BINGBOT }, '/popular');
          return { ms: Number(process.hrtime.bigint() - start) / 1e6, hit: headers['x-prerender-cache'] === 'hit' };
        };
        // The legitimate crawler's page is rendered once, before any flood.
        await get(ports.app, legit, { 'user-agent': BINGBOT }, '/popular');
        for (let i = 0; i < 200; i++) await probeOnce();

        // One flood, probed from its first request to its last answer.
        const during = async (path: string, userAgent: string): Promise<Probed & { statuses: Record<number, number> }> => {
          const flood = startFlood(ports.app, path, userAgent);
          await flood.started;
          const start = await readJson<AppStats>(ports.stats, '/?reset');
          let flooding = true;
          let sending = true;
          void flood.sent.then(() => (sending = false));
          const result = flood.done.finally(() => (flooding = false));
          const latencies: number[] = [];
          let notFromCache = 0;
          let probes = 0;
          while (flooding) {
            const counted = sending;
            const { ms, hit } = await probeOnce();
            probes += 1;
            if (counted) latencies.push(ms);
            if (!hit) notFromCache += 1;
          }
          const { statuses } = await result;
          const end = await readJson<AppStats>(ports.stats);
          return { latencies, probes, notFromCache, statuses, cpuMicros: end.cpuMicros - start.cpuMicros, loopDelay: end.loopDelay };
        };

        // Warm-up (JIT, sockets): one flood of each kind on pages of their own, unmeasured.
        const before = await readJson<AppStats>(ports.stats);
        await during('/warm-people?page={i}', CHROME);
        await during('/warm-crawlers?page={i}', GOOGLEBOT);
        await new Promise((resolve) => setTimeout(resolve, 500));

        // The app's CPU time per cached hit with no flood (the median of blocks, warm), to take the
        // probes' share out of a flood's CPU time.
        const quiet: number[] = [];
        const hitCpuBlocks: number[] = [];
        for (let block = 0; block < 4; block++) {
          const start = await readJson<AppStats>(ports.stats);
          for (let i = 0; i < HIT_SAMPLES / 4; i++) quiet.push((await probeOnce()).ms);
          const end = await readJson<AppStats>(ports.stats);
          hitCpuBlocks.push((end.cpuMicros - start.cpuMicros) / (HIT_SAMPLES / 4));
        }
        const hitCpu = median(hitCpuBlocks);

        const people: Probed[] = [];
        const crawlers: Probed[] = [];
        const utmFloods: Probed[] = [];
        const statuses: Record<string, Record<number, number>> = { unique: {}, utm: {} };
        const count = (into: Record<number, number>, from: Record<number, number>) => {
          for (const [status, n] of Object.entries(from)) into[Number(status)] = (into[Number(status)] ?? 0) + n;
        };
        let uniqueRenders = 0;
        let utmRenders = 0;
        for (let round = 0; round < ROUNDS; round++) {
          const peopleFlood = async () => people.push(await during(`/flood?page=p${round}-{i}&utm_source=x{i}`, CHROME));
          const crawlerFloods = async () => {
            const renders0 = await readJson<RendererStats>(rendererPorts.stats);
            const unique = await during(`/flood?page=c${round}-{i}&utm_source=x{i}`, GOOGLEBOT);
            const renders1 = await readJson<RendererStats>(rendererPorts.stats);
            const utm = await during(`/landing?utm_source=mail${round}-{i}&fbclid={i}`, GOOGLEBOT);
            const renders2 = await readJson<RendererStats>(rendererPorts.stats);
            uniqueRenders += renders1.rendererRequests - renders0.rendererRequests;
            utmRenders += renders2.rendererRequests - renders1.rendererRequests;
            count(statuses.unique, unique.statuses);
            count(statuses.utm, utm.statuses);
            crawlers.push(unique);
            utmFloods.push(utm);
          };
          if (round % 2 === 0) {
            await peopleFlood();
            await crawlerFloods();
          } else {
            await crawlerFloods();
            await peopleFlood();
          }
        }
        legit.destroy();
        // Renders still running finish in the renderer's 200 ms.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const after = await readJson<AppStats>(ports.stats);
        const renders = await readJson<RendererStats>(rendererPorts.stats);
        return { before, after, renders, uniqueRenders, utmRenders, statuses, people, crawlers, utmFloods, hitCpu, quiet };
      },
      { env: { ...process.env, RENDERER_PORT: String(rendererPorts.renderer) } },
    ),
  );
  const all = (floods: Probed[]) => floods.flatMap((flood) => flood.latencies);
  const latencies = all(figures.crawlers);
  const peopleLatencies = all(figures.people);
  const p99 = percentile(latencies, 99);
  const summary = (samples: number[]) =>
    `p50 ${percentile(samples, 50).toFixed(2)} / p99 ${percentile(samples, 99).toFixed(2)} / max ${Math.max(...samples).toFixed(2)} ms of ${samples.length}`;
  // The app's CPU time per flooded request: the flood's CPU time less the probes' (each a cached hit).
  const perRequest = (floods: Probed[]) => median(floods.map((flood) => (flood.cpuMicros - flood.probes * figures.hitCpu) / FLOOD));
  const loopP99 = (floods: Probed[]) => median(floods.map((flood) => flood.loopDelay.p99));
  const notFromCache = [...figures.crawlers, ...figures.utmFloods].reduce((sum, flood) => sum + flood.notFromCache, 0);
  const growth = (figures.after.rss - figures.before.rss) / 1024 / 1024;
  const non200 = Object.entries({ ...figures.statuses.unique, ...figures.statuses.utm }).filter(([status]) => status !== '200');
  return [
    {
      figure: `seo flood: renders at once under ${ROUNDS} x 1,000 unique-page crawler requests (64 at a time)`,
      target: '<= 4 (the pool)',
      measured: `${figures.renders.mostAtOnce} at once, ${figures.uniqueRenders} renders in all`,
      baseline: `statuses ${JSON.stringify(figures.statuses.unique)}`,
      ratio: figures.renders.mostAtOnce / 4,
      pass: figures.renders.mostAtOnce <= 4 && non200.length === 0,
    },
    {
      figure: `seo flood: renders for ${ROUNDS} x 1,000 crawler requests with unique ?utm_source/fbclid`,
      target: '1 (one page, one cache entry)',
      measured: `${figures.utmRenders} renders`,
      baseline: `statuses ${JSON.stringify(figures.statuses.utm)}`,
      ratio: figures.utmRenders,
      pass: figures.utmRenders <= 1,
    },
    {
      figure: 'seo flood: app process memory growth over every flood',
      target: '< 100 MB',
      measured: `${growth.toFixed(1)} MB RSS`,
      baseline: `${(figures.before.rss / 1024 / 1024).toFixed(1)} MB before`,
      ratio: growth / 100,
      pass: growth < 100,
    },
    {
      figure: "seo flood: a legitimate crawler's cached page during the unique-page crawler floods",
      target: 'p99 < 5 ms, every answer from the cache',
      measured: `${summary(latencies)}; app event loop delay p99 ${loopP99(figures.crawlers).toFixed(2)} ms; ${perRequest(figures.crawlers).toFixed(0)} µs app CPU per flooded request`,
      baseline:
        `people's flood: ${summary(peopleLatencies)}, loop delay p99 ${loopP99(figures.people).toFixed(2)} ms, ${perRequest(figures.people).toFixed(0)} µs per request; ` +
        `utm floods (cache hits of 100 KB): ${summary(all(figures.utmFloods))}; ` +
        `no flood: ${summary(figures.quiet)}, ${figures.hitCpu.toFixed(0)} µs per hit; ${notFromCache} not from the cache`,
      ratio: p99 / 5,
      pass: p99 < 5 && notFromCache === 0,
    },
  ];
}
