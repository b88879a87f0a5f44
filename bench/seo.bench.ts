// flightdeck:seo's figures, each against its baseline in the same run:
// - a person's page request through the seo raw handlers (robots / X-Robots-Tag, prerender
//   decision) vs bare Express (target ratio >= 0.97), servers in a child process, rounds
//   alternated so drift hits both alike, medians compared;
// - a crawler's request answered from the render cache, p99 latency (target < 5 ms), next to the
//   bare app's p99 for the same page;
// - the client entry (Seo, DocHead, prerenderReady), minified + gzip, meteor/* external (< 4 KB).
import { Agent } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchRow } from './bench-row.ts';
import { alternatedThroughput, get, percentile, withBenchServers } from './http-load.ts';

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

async function clientBundleBytes(): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    entryPoints: [join(here, '..', 'packages', 'seo', 'src', 'client.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: ['meteor/*'],
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
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
  const size = await clientBundleBytes();
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
      figure: 'seo: client bundle (Seo, DocHead, prerenderReady), minified + gzip',
      target: '< 4096 B',
      measured: `${size.gzip} B gzip (${size.minified} B min)`,
      ratio: size.gzip / 4096,
      pass: size.gzip < 4096,
    },
  ];
}
