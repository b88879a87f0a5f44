// flightdeck:seo's figures, each against its baseline in the same run:
// - a person's page request through the seo raw handlers (robots / X-Robots-Tag, prerender
//   decision) vs bare Express (target ratio >= 0.97), servers in a child process, rounds
//   alternated so drift hits both alike, medians compared;
// - a crawler's request answered from the render cache, p99 latency (target < 5 ms), next to the
//   bare app's p99 for the same page;
// - the client entry (Seo, DocHead, prerenderReady), minified + gzip, meteor/* external (< 4 KB).
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchRow } from './bench-row.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function get(port: number, agent: Agent, userAgent: string): Promise<{ status: number; cache?: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent, headers: { 'user-agent': userAgent, accept: 'text/html' } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, cache: response.headers['x-prerender-cache'] as string | undefined }));
    })
      .on('error', reject)
      .end();
  });
}

/** Requests per second against one port for `ms`, `concurrency` keep-alive connections. */
async function load(port: number, ms: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let done = 0;
  const end = Date.now() + ms;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const { status } = await get(port, agent, CHROME);
        if (status !== 200) throw new Error(`status ${status}`);
        done++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return done / seconds;
}

/** Latencies in ms of `count` sequential keep-alive requests. */
async function latencies(port: number, userAgent: string, count: number, expectCache?: string): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const { status, cache } = await get(port, agent, userAgent);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (status !== 200) throw new Error(`status ${status}`);
    if (expectCache && i > 0 && cache !== expectCache) throw new Error(`expected a cache ${expectCache}, got ${cache}`);
  }
  agent.destroy();
  return samples;
}

async function servers<T>(fn: (ports: { bare: number; seo: number }) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'seo-servers.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ports = await new Promise<{ bare: number; seo: number }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((text) => text.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`bench servers exited (${code})`)));
    });
    return await fn(ports);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  }
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
  const figures = await servers(async (ports) => {
    await load(ports.bare, 1000, 32);
    await load(ports.seo, 1000, 32);
    const bare: number[] = [];
    const seo: number[] = [];
    for (let round = 0; round < 8; round++) {
      if (round % 2 === 0) {
        bare.push(await load(ports.bare, 1500, 32));
        seo.push(await load(ports.seo, 1500, 32));
      } else {
        seo.push(await load(ports.seo, 1500, 32));
        bare.push(await load(ports.bare, 1500, 32));
      }
    }
    // The first crawler request fills the cache; the rest are hits (checked per response).
    const crawler = await latencies(ports.seo, GOOGLEBOT, 3001, 'hit');
    const person = await latencies(ports.bare, CHROME, 3001);
    return { bare: median(bare), seo: median(seo), crawlerP99: percentile(crawler.slice(1), 99), bareP99: percentile(person.slice(1), 99) };
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
