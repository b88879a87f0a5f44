// flightdeck:seo's shared render cache (seo.prerender.redis), each figure next to its baseline in
// the same run, with a real redis-server and the real renderer (flightdeck-prerender, Chromium):
// - renders for N pages over K containers: a crawler asks every container for every page at once,
//   with Redis (one render per page) and without (each container renders on its own);
// - a crawler's request answered from L2 (Redis; the container's memory cache off) and from L1
//   (memory), p99 of sequential keep-alive requests (targets < 10 ms and < 5 ms);
// - warming a sitemap of W pages at concurrency 4 with `flightdeck-prerender warm` (one device
//   class, like the renderer asked directly) vs the renderer's own time for the same pages asked
//   directly at concurrency 4, then a second warm run (every page fresh).
// BENCH_SEO_REDIS_PAGES (N, default 10), BENCH_SEO_REDIS_CONTAINERS (K, default 3),
// BENCH_SEO_REDIS_WARM (W, default 40: 500 real renders take ~4 min on an idle 2-core machine).
import { Agent } from 'node:http';
import { spawn } from 'node:child_process';
import { startRedisServer } from '../tests/helpers/redis-server.ts';
import { startPrerenderServer, prerenderCommand } from '../tests/helpers/prerender-server.ts';
import { startCountingProxy } from '../tests/helpers/counting-proxy.ts';
import { startSeoAppProcess, type SeoAppProcess } from '../tests/helpers/seo-app-process.ts';
import type { BenchRow } from './bench-row.ts';
import { percentile } from './http-load.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const N = Number(process.env.BENCH_SEO_REDIS_PAGES || 10);
const K = Number(process.env.BENCH_SEO_REDIS_CONTAINERS || 3);
const W = Number(process.env.BENCH_SEO_REDIS_WARM || 40);

async function crawl(url: string): Promise<string | null> {
  const response = await fetch(url, { headers: { 'user-agent': GOOGLEBOT } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return response.headers.get('x-prerender-cache');
}

/** Every page asked of every container at once, `concurrency` pages at a time. */
async function walk(apps: SeoAppProcess[], paths: string[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const path = paths[next++];
        await Promise.all(apps.map((app) => crawl(`${app.url}${path}`)));
      }
    }),
  );
}

/**
 * Milliseconds of sequential keep-alive crawler requests to each target, alternated one by one so
 * both see the same machine load; each answer checked to come from the expected cache.
 */
async function alternatedLatencies(targets: { url: string; expect: string }[], count: number): Promise<number[][]> {
  const { request } = await import('node:http');
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const samples: number[][] = targets.map(() => []);
  for (let i = 0; i < count; i++) {
    for (const [index, target] of targets.entries()) {
      const start = process.hrtime.bigint();
      const cache = await new Promise<string | undefined>((resolve, reject) => {
        request(target.url, { agent: agents[index], headers: { 'user-agent': GOOGLEBOT } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.headers['x-prerender-cache'] as string | undefined));
        })
          .on('error', reject)
          .end();
      });
      samples[index].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (cache !== target.expect) throw new Error(`expected X-Prerender-Cache ${target.expect}, got ${cache}`);
    }
  }
  for (const agent of agents) agent.destroy();
  return samples;
}

function runWarm(args: string[]): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [prerenderCommand, 'warm', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, ms: Date.now() - started }));
  });
}

async function rendererDirect(rendererUrl: string, pageUrls: string[], concurrency: number): Promise<number> {
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pageUrls.length) {
        const response = await fetch(`${rendererUrl}${pageUrls[next++]}`, { headers: { 'user-agent': GOOGLEBOT } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`renderer: ${response.status}`);
      }
    }),
  );
  return Date.now() - started;
}

export default async function bench(): Promise<BenchRow[]> {
  const [redis, renderer] = await Promise.all([startRedisServer(), startPrerenderServer({ env: { PRERENDER_CACHE_SIZE: '0' } })]);
  const counter = await startCountingProxy(renderer.url);
  const started: SeoAppProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const app = await startSeoAppProcess({ env: { PRERENDER_SERVICE_URL: counter.url, PRERENDER_TIMEOUT: '30000', REDIS_COMMAND_TIMEOUT: '2000', ...env } });
    started.push(app);
    return app;
  };
  const containers = async (count: number, env: Record<string, string>) => {
    const first = await start(env);
    const rest = await Promise.all(Array.from({ length: count - 1 }, () => start({ ...env, ROOT_URL: first.url })));
    return [first, ...rest];
  };
  try {
    // Renders for N pages over K containers, with Redis and without.
    const shared = await containers(K, { SHARED_REDIS_URL: redis.url, KEY_PREFIX: 'walk:', SITEMAP_PAGES: String(W) });
    const alone = await containers(K, {});
    const pages = Array.from({ length: N }, (_, index) => `/walk/${index + 1}`);
    let before = counter.count();
    await walk(shared, pages, 4);
    const withRedis = counter.count() - before;
    before = counter.count();
    await walk(alone, pages, 4);
    const withoutRedis = counter.count() - before;

    // The containers of the walk are done: only the two measured next run from here on.
    await Promise.all([...alone, ...shared.slice(1)].map((app) => app.stop()));

    // L2 and L1 answers. L2: a container with its memory cache off, so every answer is Redis's.
    const l2Only = await start({ SHARED_REDIS_URL: redis.url, KEY_PREFIX: 'walk:', CACHE_SIZE: '0', ROOT_URL: shared[0].url });
    if ((await crawl(`${l2Only.url}/walk/1`)) !== 'shared') throw new Error('the L2 container did not answer from Redis');
    const [l2, l1] = await alternatedLatencies(
      [
        { url: `${l2Only.url}/walk/1`, expect: 'shared' },
        { url: `${shared[0].url}/walk/1`, expect: 'hit' },
      ],
      2000,
    );

    // Warming W pages at concurrency 4 (desktop class only, as the renderer is asked directly).
    const warmPaths = Array.from({ length: W }, (_, index) => `/warm/${index + 1}`);
    const direct = await rendererDirect(renderer.url, warmPaths.map((path) => `${shared[0].url}${path}`), 4);
    const sitemap = `${shared[0].url}/sitemap.xml`;
    before = counter.count();
    const warm = await runWarm(['--sitemap', sitemap, '--concurrency', '4', '--user-agent', 'Mozilla/5.0 (compatible; flightdeck-prerender-warm/0.1)']);
    const warmRenders = counter.count() - before;
    if (warm.code !== 0) throw new Error(`warm failed: ${warm.stdout}`);
    const again = await runWarm(['--sitemap', sitemap, '--concurrency', '4', '--user-agent', 'Mozilla/5.0 (compatible; flightdeck-prerender-warm/0.1)']);
    const againRenders = counter.count() - before - warmRenders;

    const l2p99 = percentile(l2.slice(10), 99);
    const l1p99 = percentile(l1.slice(10), 99);
    return [
      {
        figure: `seo-redis: renders for ${N} pages asked of each of ${K} containers at once, with Redis vs without`,
        target: `= ${N} (vs up to ${N * K})`,
        measured: `${withRedis} renders with Redis`,
        baseline: `${withoutRedis} renders without`,
        ratio: withRedis / withoutRedis,
        pass: withRedis === N,
      },
      {
        figure: 'seo-redis: crawler request answered from L2 (Redis, memory cache off), p99 of 2,000 (alternated with L1)',
        target: '< 10 ms',
        measured: `${l2p99.toFixed(2)} ms (median ${percentile(l2.slice(10), 50).toFixed(2)} ms)`,
        baseline: `${l1p99.toFixed(2)} ms from L1`,
        ratio: l2p99 / 10,
        pass: l2p99 < 10,
      },
      {
        figure: 'seo-redis: crawler request answered from L1 (memory) with Redis configured, p99 of 2,000 (alternated with L2)',
        target: '< 5 ms',
        measured: `${l1p99.toFixed(2)} ms (median ${percentile(l1.slice(10), 50).toFixed(2)} ms)`,
        ratio: l1p99 / 5,
        pass: l1p99 < 5,
      },
      {
        figure: `seo-redis: warm ${W} sitemap pages at concurrency 4 (flightdeck-prerender warm) vs the renderer's own time for them`,
        target: 'close to the renderer',
        measured: `${(warm.ms / 1000).toFixed(1)} s, ${warmRenders} renders; second run ${(again.ms / 1000).toFixed(1)} s, ${againRenders} renders`,
        baseline: `${(direct / 1000).toFixed(1)} s renderer directly`,
        ratio: warm.ms / direct,
        pass: warmRenders === W && againRenders === 0,
      },
    ];
  } finally {
    await Promise.all(started.map((app) => app.stop()));
    await counter.stop();
    await renderer.stop();
    await redis.stop();
  }
}
