// flightdeck:seo's figures, each against its baseline in the same run:
// - a person's page request through the seo raw handlers (robots / X-Robots-Tag, prerender
//   decision) vs bare Express (target ratio >= 0.97), servers in a child process, rounds
//   alternated so drift hits both alike, medians compared;
// - a crawler's request answered from the render cache, p99 latency (target < 5 ms), next to the
//   bare app's p99 for the same page;
// - a crawler's cold render through the middleware vs the same render asked of the real renderer
//   (flightdeck-prerender, Chromium) directly, as prerender-node would ask it: both caches off and
//   a new page each request, the two alternated, medians compared (target overhead < 10%);
// - the client entry (Seo, DocHead, prerenderReady), minified + gzip, meteor/* external (< 4 KB).
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { installSeo, prerenderUrl, ServerHeadRoutes, seoServerOptions } from '../packages/seo/src/server-index.ts';
import { startPrerenderServer } from '../tests/helpers/prerender-server.ts';
import { createWebApp } from '../tests/helpers/webapp-harness.ts';
import type { BenchRow } from './bench-row.ts';
import { BUDGETS, clientBundleSize, withinBudget } from './client-bundle-size.ts';
import { alternatedThroughput, get, median, percentile, withBenchServers } from './http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Latencies in ms of `count` sequential keep-alive requests. */
async function latencies(port: number, userAgent: string, count: number, expectCache?: string): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const { status, headers } = await get(port, agent, { 'user-agent': userAgent, accept: 'text/html' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (status !== 200) throw new Error(`status ${status}`);
    const cache = headers['x-prerender-cache'];
    if (expectCache && i > 0 && cache !== expectCache) throw new Error(`expected a cache ${expectCache}, got ${cache}`);
  }
  agent.destroy();
  return samples;
}

/** One GET of a full URL; resolves with the status and the body, un-gzipped. */
function fetchPage(url: string, agent: Agent, headers: OutgoingHttpHeaders): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const body = response.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes;
        resolve({ status: response.statusCode ?? 0, body: body.toString('utf8') });
      });
    })
      .on('error', reject)
      .end();
  });
}

// The bench page's client code: its title and body depend on the path, so a page that was not
// rendered in Chromium is caught; prerenderReady turns true once they are set, as an app's would.
const COLD_PAGE_SCRIPT = `document.title = 'Cold ' + location.pathname;
document.getElementById('app').textContent = 'Rendered ' + location.pathname;
window.prerenderReady = true;`;

/**
 * Milliseconds of cold renders: a crawler's request through installSeo on the WebApp harness
 * (ours) and the same render asked of the renderer directly at `<serviceUrl><ROOT_URL><path>`
 * with prerender-node's headers (direct), alternated, each request a page never rendered before
 * (our render cache and the renderer's are off too).
 */
async function coldRenders(count: number, warmUp: number): Promise<{ ours: number[]; direct: number[] }> {
  const renderer = await startPrerenderServer({ env: { PRERENDER_CACHE_SIZE: '0' } });
  const app = await createWebApp({ clientScripts: [COLD_PAGE_SCRIPT] }).catch(async (error: unknown) => {
    await renderer.stop();
    throw error;
  });
  const crawlerAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const rendererAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const options = seoServerOptions(
      { PrerenderIO: { serviceUrl: renderer.url }, seo: { prerender: { timeout: 30000, cacheSize: 0 } } },
      { ROOT_URL: app.rootUrl, NODE_ENV: 'production' },
    );
    installSeo({ ...options, WebApp: app.WebApp, WebAppInternals: app.WebAppInternals, routes: new ServerHeadRoutes(), sitemap: () => undefined });
    await app.WebAppInternals.generateBoilerplate();

    const ours = async (path: string) => fetchPage(`${app.url}${path}`, crawlerAgent, { 'user-agent': GOOGLEBOT, accept: 'text/html' });
    // What prerender-node (and our middleware) sends the renderer.
    const direct = async (path: string) =>
      fetchPage(prerenderUrl(renderer.url, app.rootUrl, path) as string, rendererAgent, { 'user-agent': GOOGLEBOT, 'accept-encoding': 'gzip', 'x-prerender-int-type': 'Node' });
    const timed = async (ask: (path: string) => Promise<{ status: number; body: string }>, path: string) => {
      const start = process.hrtime.bigint();
      const { status, body } = await ask(path);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (status !== 200 || !body.includes(`<title>Cold ${path}</title>`)) throw new Error(`${path}: status ${status}, not the rendered page:\n${body.slice(0, 500)}`);
      return ms;
    };

    const samples = { ours: [] as number[], direct: [] as number[] };
    for (let i = 0; i < warmUp + count; i++) {
      const pair = i % 2 === 0 ? (['ours', 'direct'] as const) : (['direct', 'ours'] as const);
      for (const side of pair) {
        const ms = await timed(side === 'ours' ? ours : direct, `/cold/${side}-${i}`);
        if (i >= warmUp) samples[side].push(ms);
      }
    }
    return samples;
  } finally {
    crawlerAgent.destroy();
    rendererAgent.destroy();
    await app.close();
    await renderer.stop();
  }
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');

export default async function bench(): Promise<BenchRow[]> {
  const figures = await withBenchServers(join(here, 'seo-servers.ts'), async (ports: { bare: number; seo: number }) => {
    const personHeaders = { 'user-agent': CHROME, accept: 'text/html' };
    const { baseline: bare, measured: seo } = await alternatedThroughput({ baseline: ports.bare, measured: ports.seo }, { headers: personHeaders });
    // The first crawler request fills the cache; the rest are hits (checked per response).
    const crawler = await latencies(ports.seo, GOOGLEBOT, 3001, 'hit');
    const person = await latencies(ports.bare, CHROME, 3001);
    return { bare, seo, crawlerP99: percentile(crawler.slice(1), 99), bareP99: percentile(person.slice(1), 99) };
  });
  const cold = await coldRenders(15, 3);
  const ours = median(cold.ours);
  const direct = median(cold.direct);
  // The renderer's own time moves in steps of its 500 ms done-check; the paired differences show
  // what the middleware adds more finely than the medians' ratio.
  const added = median(cold.ours.map((ms, i) => ms - cold.direct[i]));
  const size = await clientBundleSize('seo');
  return [
    {
      figure: 'seo: person\'s page request through robots + prerender middleware vs bare Express',
      target: '>= 0.97',
      measured: `${format(figures.seo)} req/s`,
      baseline: `${format(figures.bare)} req/s`,
      ratio: figures.seo / figures.bare,
      pass: figures.seo / figures.bare >= 0.97,
    },
    {
      figure: 'seo: crawler request answered from the render cache, p99',
      target: '< 5 ms',
      measured: `${figures.crawlerP99.toFixed(2)} ms`,
      baseline: `${figures.bareP99.toFixed(2)} ms bare app page p99`,
      ratio: figures.crawlerP99 / 5,
      pass: figures.crawlerP99 < 5,
    },
    {
      figure: 'seo: cold render through the middleware vs the renderer asked directly, medians of 15',
      target: '< 10% overhead',
      measured: `${ours.toFixed(1)} ms (${((ours / direct - 1) * 100).toFixed(1)}% overhead; median pair difference ${added.toFixed(1)} ms)`,
      baseline: `${direct.toFixed(1)} ms renderer directly`,
      ratio: ours / direct - 1,
      pass: ours / direct - 1 < 0.1,
    },
    {
      figure: 'seo: client bundle (Seo, DocHead, prerenderReady), minified + gzip',
      target: '< 4096 B',
      measured: `${size.gzip} B gzip (${size.minified} B min)`,
      ratio: size.gzip / 4096,
      pass: withinBudget(size.gzip, BUDGETS.seo),
    },
  ];
}
