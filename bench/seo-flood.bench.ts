// flightdeck:seo under a crawler flood (issue 10), side by side with a legitimate crawler: 1,000
// crawler requests with unique `?page=` values (a parameter the app names, so each is a page of
// its own), 64 at a time, against the seo raw handler with its defaults, while one crawler asks
// for an already-rendered page again and again. Then 1,000 with unique `?utm_source=` values
// (not named: one page). Figures: renders at once (<= the pool's 4), process memory growth
// (< 100 MB), the legitimate crawler's p99 from the cache (< 5 ms), renders for the utm flood (1).
//
// Five processes, none sharing an event loop with another: the app (bench/seo-flood-servers.ts),
// the control (bench/seo-flood-control.ts), the renderer (bench/seo-flood-renderer.ts), each
// flood (bench/seo-flood-client.ts, spawned per flood) and this one, which only probes (one
// keep-alive connection, one request at a time, as a crawler fetching pages does) and reads the
// servers' stats. Rounds rotate the order of the floods, so none always runs on a colder process.
//
// What the p99 is measured against, in the same run:
// - the control: a bare node:http server (no Express, no seo, no Meteor harness) answering the
//   probe with a fixed body of the cached page's size and the flood with the app page's, under
//   the same flood client, concurrency and probe. 64 requests at a time queue in one event loop
//   and 4-5 processes share 2 cores, so the probe waits behind whatever the loop is doing when it
//   arrives: the control's p99 is what this machine allows a server that does nothing else, and
//   the row's ratio (app p99 / control p99) is what the app adds to it. On this 2-core machine
//   the control alone has measured a p99 of 5.3-15 ms (loaded by other work) — at or past the
//   5 ms bar — so the bar is not met here whatever the seo handler costs; the CPU figures say
//   what it costs. A probe that arrives with a full batch waits for up to 64 requests' work: the
//   rows print 64 x the CPU per flooded request (in one loaded run the app's ~85 µs, of which the
//   seo path a few, gave ~5.4 ms; node:http alone ~46 µs, ~2.9 ms), so a 5 ms p99 at this concurrency needs the
//   whole app path (Express and the app page included) under ~78 µs per request on one core.
// - a flood of people's requests (the app page, no render path): what 64 requests at a time cost
//   this app's event loop whatever the seo path does.
// - CPU per flooded request (µs; the lower of 2 floods that nobody probes, after the rounds) for
//   the app and the control: the app's crawler fallback (pool full: the app page at once) against
//   its people's path shows what the seo crawler path adds; the control, what node:http costs.
//
// The app holds crawlers past the full pool before Express (holdBeforeApp, as installSeo does on
// WebApp.httpServer); SEO_FLOOD_NO_HOLD=1 runs it without, for the comparison. 2026-12-02, three
// runs each, unpinned, quiet machine: with the hold p99 5.70 / 6.27 / 6.36 ms, without 8.95 / 6.54 /
// 7.04 ms; the control 2.3-4.4 ms in the same runs.
//
// SEO_FLOOD_CPU_PROF=<dir> runs the app server with `node --cpu-prof` into <dir>.
//
// SEO_FLOOD_PIN=1 pins with taskset (bench/seo-flood-pin.ts): the server under test on one CPU,
// renderer, flood client and probe on the other. Not the default: on this shared, loaded machine
// one pinned run gave the app p99 32.5 ms and the control 10.1 ms, against 10.6 and 6.1 unpinned
// (the server then competes for its one CPU with the other helpers' work, and the flood client
// and probe for theirs); on a quiet machine it may be the steadier of the two — try both.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { get, median, percentile, withBenchServers } from './http-load.ts';
import { pinning, type Pinning } from './seo-flood-pin.ts';
import { PROBE_PATH, type ProcessStats } from './seo-flood-stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const BINGBOT = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
const FLOOD = 1000;
const CONCURRENCY = 64;
const ROUNDS = 4;
const HIT_SAMPLES = 2000;

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
function startFlood(
  port: number,
  path: string,
  userAgent: string,
  placement: Pinning['others'],
): { started: Promise<void>; sent: Promise<void>; done: Promise<{ statuses: Record<number, number>; ms: number }> } {
  const orders = JSON.stringify({ port, path, count: FLOOD, concurrency: CONCURRENCY, userAgent });
  const child = spawn(placement.execPath, [...placement.execArgv, '--import', 'tsx', join(here, 'seo-flood-client.ts'), orders], {
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
  /** Server CPU time during the flood (probes included), µs. */
  cpuMicros: number;
  loopDelay: ProcessStats['loopDelay'];
  statuses: Record<number, number>;
}

/** A server the probe and the floods are pointed at: the app, or the control. */
interface Target {
  port: number;
  stats: number;
  agent: Agent;
  /** Whether an answer to the probe came from the render cache (the control has none: always). */
  fromCache(headers: Record<string, string | string[] | undefined>): boolean;
}

async function probeOnce(target: Target): Promise<{ ms: number; hit: boolean }> {
  const start = process.hrtime.bigint();
  const { headers } = await get(target.port, target.agent, { 'user-agent': BINGBOT }, PROBE_PATH);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, hit: target.fromCache(headers) };
}

/**
 * One flood against `target`, probed from its first request to its last answer — or, with
 * `probe` false, not probed at all: its CPU time is then the flood's alone.
 */
async function during(target: Target, path: string, userAgent: string, placement: Pinning['others'], probe = true): Promise<Probed> {
  const flood = startFlood(target.port, path, userAgent, placement);
  await flood.started;
  const start = await readJson<ProcessStats>(target.stats, '/?reset');
  let flooding = true;
  let sending = true;
  void flood.sent.then(() => (sending = false));
  const result = flood.done.finally(() => (flooding = false));
  const latencies: number[] = [];
  let notFromCache = 0;
  let probes = 0;
  while (flooding && probe) {
    const counted = sending;
    const { ms, hit } = await probeOnce(target);
    probes += 1;
    if (counted) latencies.push(ms);
    if (!hit) notFromCache += 1;
  }
  const { statuses } = await result;
  const end = await readJson<ProcessStats>(target.stats);
  return { latencies, probes, notFromCache, statuses, cpuMicros: end.cpuMicros - start.cpuMicros, loopDelay: end.loopDelay };
}

/**
 * The probe with no flood, in 4 blocks: its latencies, and the server's CPU time per probe (the
 * median block's, warm), to take the probes' share out of a flood's CPU time.
 */
async function quietProbes(target: Target): Promise<{ latencies: number[]; cpuPerProbe: number }> {
  const latencies: number[] = [];
  const blocks: number[] = [];
  for (let block = 0; block < 4; block++) {
    const start = await readJson<ProcessStats>(target.stats);
    for (let i = 0; i < HIT_SAMPLES / 4; i++) latencies.push((await probeOnce(target)).ms);
    const end = await readJson<ProcessStats>(target.stats);
    blocks.push((end.cpuMicros - start.cpuMicros) / (HIT_SAMPLES / 4));
  }
  return { latencies, cpuPerProbe: median(blocks) };
}

export default async function bench(): Promise<BenchRow[]> {
  const pin = pinning(process.env.SEO_FLOOD_PIN === '1');
  let figures;
  try {
    figures = await measure(pin);
  } finally {
    pin.restore();
  }
  return rows(figures, pin);
}

async function measure(pin: Pinning) {
  return withBenchServers(
    join(here, 'seo-flood-renderer.ts'),
    (rendererPorts: { renderer: number; stats: number }) =>
      withBenchServers(
        join(here, 'seo-flood-servers.ts'),
        async (ports: { app: number; stats: number }) => {
          const app: Target = { ...ports, port: ports.app, agent: new Agent({ keepAlive: true, maxSockets: 1 }), fromCache: (headers) => headers['x-prerender-cache'] === 'hit' };
          // The legitimate crawler's page is rendered once, before any flood.
          const first = await get(app.port, app.agent, { 'user-agent': BINGBOT }, PROBE_PATH);
          const probeBytes = Number(first.headers['content-length']);
          for (let i = 0; i < 200; i++) await probeOnce(app);
          return withBenchServers(
            join(here, 'seo-flood-control.ts'),
            async (controlPorts: { app: number; stats: number }) => {
              const control: Target = { ...controlPorts, port: controlPorts.app, agent: new Agent({ keepAlive: true, maxSockets: 1 }), fromCache: () => true };
              for (let i = 0; i < 200; i++) await probeOnce(control);
              try {
                return await floods(app, control, rendererPorts.stats, pin);
              } finally {
                app.agent.destroy();
                control.agent.destroy();
              }
            },
            { ...pin.server, env: { ...process.env, SEO_FLOOD_PROBE_BYTES: String(probeBytes) } },
          );
        },
        {
          ...pin.server,
          execArgv: [...(pin.server.execArgv ?? []), ...(process.env.SEO_FLOOD_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SEO_FLOOD_CPU_PROF}`] : [])],
          env: { ...process.env, RENDERER_PORT: String(rendererPorts.renderer) },
        },
      ),
    pin.others,
  );
}

async function floods(app: Target, control: Target, rendererStats: number, pin: Pinning) {
  const others = pin.others;
  // Warm-up (JIT, sockets): one flood of each kind on pages of their own, unmeasured.
  const before = await readJson<ProcessStats>(app.stats);
  await during(app, '/warm-people?page={i}', CHROME, others);
  await during(app, '/warm-crawlers?page={i}', GOOGLEBOT, others);
  await during(control, '/warm-control?page={i}', GOOGLEBOT, others);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const quiet = await quietProbes(app);
  const controlQuiet = await quietProbes(control);

  const people: Probed[] = [];
  const crawlers: Probed[] = [];
  const utmFloods: Probed[] = [];
  const controls: Probed[] = [];
  let uniqueRenders = 0;
  let utmRenders = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const peopleFlood = async () => {
      people.push(await during(app, `/flood?page=p${round}-{i}&utm_source=x{i}`, CHROME, others));
    };
    const crawlerFloods = async () => {
      const renders0 = await readJson<RendererStats>(rendererStats);
      crawlers.push(await during(app, `/flood?page=c${round}-{i}&utm_source=x{i}`, GOOGLEBOT, others));
      const renders1 = await readJson<RendererStats>(rendererStats);
      utmFloods.push(await during(app, `/landing?utm_source=mail${round}-{i}&fbclid={i}`, GOOGLEBOT, others));
      const renders2 = await readJson<RendererStats>(rendererStats);
      uniqueRenders += renders1.rendererRequests - renders0.rendererRequests;
      utmRenders += renders2.rendererRequests - renders1.rendererRequests;
    };
    // The control gets the crawler flood's requests (same paths, same user agent).
    const controlFlood = async () => {
      controls.push(await during(control, `/flood?page=k${round}-{i}&utm_source=x{i}`, GOOGLEBOT, others));
    };
    // Rotated every round, so no kind of flood always runs first or on a colder machine.
    const order = [peopleFlood, crawlerFloods, controlFlood];
    for (let step = 0; step < order.length; step++) await order[(step + round) % order.length]();
  }
  // CPU time per flooded request, from floods nobody probes (subtracting the probes' share,
  // measured with no flood, over- or under-counted it on a loaded machine): 2 of each kind.
  const cpu = { people: [] as number[], crawlers: [] as number[], controls: [] as number[] };
  for (let round = 0; round < 2; round++) {
    cpu.people.push((await during(app, `/cpu?page=p${round}-{i}&utm_source=x{i}`, CHROME, others, false)).cpuMicros / FLOOD);
    cpu.crawlers.push((await during(app, `/cpu?page=c${round}-{i}&utm_source=x{i}`, GOOGLEBOT, others, false)).cpuMicros / FLOOD);
    cpu.controls.push((await during(control, `/cpu?page=k${round}-{i}&utm_source=x{i}`, GOOGLEBOT, others, false)).cpuMicros / FLOOD);
  }
  // Renders still running finish in the renderer's 200 ms.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await readJson<ProcessStats>(app.stats);
  const renders = await readJson<RendererStats>(rendererStats);
  return { before, after, renders, uniqueRenders, utmRenders, people, crawlers, utmFloods, controls, quiet, controlQuiet, cpu };
}

function rows(figures: Awaited<ReturnType<typeof floods>>, pin: Pinning): BenchRow[] {
  const all = (floods: Probed[]) => floods.flatMap((flood) => flood.latencies);
  const statuses = (floods: Probed[]) => {
    const into: Record<number, number> = {};
    for (const flood of floods) for (const [status, n] of Object.entries(flood.statuses)) into[Number(status)] = (into[Number(status)] ?? 0) + n;
    return into;
  };
  const only200 = (counts: Record<number, number>) => Object.keys(counts).every((status) => status === '200');
  const latencies = all(figures.crawlers);
  const controlLatencies = all(figures.controls);
  const p99 = percentile(latencies, 99);
  const controlP99 = percentile(controlLatencies, 99);
  const summary = (samples: number[]) =>
    `p50 ${percentile(samples, 50).toFixed(2)} / p99 ${percentile(samples, 99).toFixed(2)} / max ${Math.max(...samples).toFixed(2)} ms of ${samples.length}`;
  // The server's CPU time per flooded request, µs (the lower of 2 unprobed floods: the less disturbed).
  const perRequest = (samples: number[]) => Math.min(...samples);
  const loopP99 = (floods: Probed[]) => median(floods.map((flood) => flood.loopDelay.p99));
  const notFromCache = [...figures.crawlers, ...figures.utmFloods].reduce((sum, flood) => sum + flood.notFromCache, 0);
  const growth = (figures.after.rss - figures.before.rss) / 1024 / 1024;
  const unique = statuses(figures.crawlers);
  const utm = statuses(figures.utmFloods);
  const controlStatuses = statuses(figures.controls);
  const appCpu = figures.quiet.cpuPerProbe;
  const controlCpu = figures.controlQuiet.cpuPerProbe;
  return [
    {
      figure: `seo flood: renders at once under ${ROUNDS} x 1,000 unique-page crawler requests (64 at a time)`,
      target: '<= 4 (the pool)',
      measured: `${figures.renders.mostAtOnce} at once, ${figures.uniqueRenders} renders in all`,
      baseline: `statuses ${JSON.stringify(unique)}`,
      ratio: figures.renders.mostAtOnce / 4,
      pass: figures.renders.mostAtOnce <= 4 && only200(unique),
    },
    {
      figure: `seo flood: renders for ${ROUNDS} x 1,000 crawler requests with unique ?utm_source/fbclid`,
      target: '1 (one page, one cache entry)',
      measured: `${figures.utmRenders} renders`,
      baseline: `statuses ${JSON.stringify(utm)}`,
      ratio: figures.utmRenders,
      pass: figures.utmRenders <= 1 && only200(utm),
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
      measured:
        `${summary(latencies)}; app event loop delay p99 ${loopP99(figures.crawlers).toFixed(2)} ms; ${perRequest(figures.cpu.crawlers).toFixed(0)} µs app CPU per flooded request ` +
        `(x ${CONCURRENCY} at a time: ${((CONCURRENCY * perRequest(figures.cpu.crawlers)) / 1000).toFixed(1)} ms of work ahead of a probe)`,
      baseline:
        `control (bare node:http, same flood): p99 ${controlP99.toFixed(2)} ms; ` +
        `people's flood: ${summary(all(figures.people))}, loop delay p99 ${loopP99(figures.people).toFixed(2)} ms, ${perRequest(figures.cpu.people).toFixed(0)} µs per request; ` +
        `utm floods (cache hits of 100 KB): ${summary(all(figures.utmFloods))}; ` +
        `no flood: ${summary(figures.quiet.latencies)}, ${appCpu.toFixed(0)} µs per hit; ${notFromCache} not from the cache; ${pin.description}`,
      ratio: p99 / 5,
      pass: p99 < 5 && notFromCache === 0,
    },
    {
      figure: 'seo flood control: a bare node:http server (no Express, no seo) under the same crawler floods and probe',
      target: 'none: what this machine allows (ratio = app p99 / control p99)',
      measured:
        `${summary(controlLatencies)}; event loop delay p99 ${loopP99(figures.controls).toFixed(2)} ms; ${perRequest(figures.cpu.controls).toFixed(0)} µs CPU per flooded request ` +
        `(x ${CONCURRENCY}: ${((CONCURRENCY * perRequest(figures.cpu.controls)) / 1000).toFixed(1)} ms)`,
      baseline: `no flood: ${summary(figures.controlQuiet.latencies)}, ${controlCpu.toFixed(0)} µs per probe; statuses ${JSON.stringify(controlStatuses)}; ${pin.description}`,
      ratio: p99 / controlP99,
      // Informational, but a control that failed its requests measured nothing.
      pass: only200(controlStatuses) && controlLatencies.length > 0,
    },
  ];
}
