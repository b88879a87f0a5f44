// flightdeck:cdn on Meteor 3.4+ with Rspack: a person's page request (the real Rspack-built page on
// the WebApp harness, ROOT_URL /app, a CDN set) with the Rspack support on — its stylesheet links
// rewritten to the CDN — against the same request with it off, in the same run (target >= 0.97).
// The rewrite is memoized per boilerplate (and per host), so it should cost next to nothing; the
// second row repeats it with a per-request CDN resolver set.
//
// Measured as the server's CPU time per request, each side in its own process (two pairs of
// processes, started in both orders), in many short rounds alternated A/B/B/A, the ratio the median of each round's pair: on this shared 2-core machine two identical servers
// measured by throughput (1.5 s rounds) came out 0.72 and 1.40 of each other, while CPU per
// request stays within a few percent. Requests per second are printed too.
import { Agent } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { get, median, withBenchServers } from './http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const format = (value: number) => Math.round(value).toLocaleString('en-US');

const ROUNDS = 40;
const REQUESTS_PER_ROUND = 150;
const CONCURRENCY = 8;

interface Side {
  /** Server CPU µs per request, median of the rounds. */
  cpu: number;
  /** Requests per second, median of the rounds. */
  rps: number;
}

interface Comparison {
  off: Side;
  on: Side;
  /** Median over the rounds of (off CPU / on CPU) of the same round: adjacent in time, so load drift cancels. */
  ratio: number;
}

/** One server process per side (the child reads BENCH_RSPACK / BENCH_RESOLVER from the environment it inherits). */
function serverWith<T>(rspack: 'on' | 'off', resolver: boolean, fn: (port: number) => Promise<T>): Promise<T> {
  process.env.BENCH_RSPACK = rspack;
  process.env.BENCH_RESOLVER = resolver ? '1' : '0';
  return withBenchServers<{ port: number }, T>(join(here, 'cdn-rspack-servers.ts'), ({ port }) => fn(port));
}

async function cpuOf(port: number, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = new URL(`http://127.0.0.1:${port}/__bench/cpu`);
    import('node:http').then(({ get: httpGet }) => {
      httpGet(request, { agent }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(Number(body)));
      }).on('error', reject);
    }, reject);
  });
}

/** One round on one side: REQUESTS_PER_ROUND page requests, CONCURRENCY at a time. */
async function round(port: number, agent: Agent, headers: Record<string, string>): Promise<{ cpu: number; rps: number }> {
  const cpuBefore = await cpuOf(port, agent);
  const start = process.hrtime.bigint();
  let sent = 0;
  const worker = async () => {
    while (sent < REQUESTS_PER_ROUND) {
      sent += 1;
      const { status } = await get(port, agent, headers, '/app/');
      if (status !== 200) throw new Error(`page request answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = (await cpuOf(port, agent)) - cpuBefore;
  return { cpu: cpu / REQUESTS_PER_ROUND, rps: REQUESTS_PER_ROUND / seconds };
}

type Samples = { off: { cpu: number; rps: number }[]; on: { cpu: number; rps: number }[] };

/** Both sides' samples from one pair of server processes, the "off" one started first or second. */
function samplePair(resolver: boolean, headers: Record<string, string>, offFirst: boolean): Promise<Samples> {
  const measure = async (offPort: number, onPort: number): Promise<Samples> => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    try {
      for (let i = 0; i < 3; i++) await Promise.all([round(offPort, agent, headers), round(onPort, agent, headers)]);
      const off: { cpu: number; rps: number }[] = [];
      const on: { cpu: number; rps: number }[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        if (i % 2 === 0) {
          off.push(await round(offPort, agent, headers));
          on.push(await round(onPort, agent, headers));
        } else {
          on.push(await round(onPort, agent, headers));
          off.push(await round(offPort, agent, headers));
        }
      }
      return { off, on };
    } finally {
      agent.destroy();
    }
  };
  return offFirst
    ? serverWith('off', resolver, (offPort) => serverWith('on', resolver, (onPort) => measure(offPort, onPort)))
    : serverWith('on', resolver, (onPort) => serverWith('off', resolver, (offPort) => measure(offPort, onPort)));
}

/** Two pairs of processes, started in both orders (a process's JIT luck weighs on both sides alike). */
async function compare(resolver: boolean, headers: Record<string, string>): Promise<Comparison> {
  const first = await samplePair(resolver, headers, true);
  const second = await samplePair(resolver, headers, false);
  const off = [...first.off, ...second.off];
  const on = [...first.on, ...second.on];
  const side = (samples: { cpu: number; rps: number }[]): Side => ({ cpu: median(samples.map((s) => s.cpu)), rps: median(samples.map((s) => s.rps)) });
  return { off: side(off), on: side(on), ratio: median(off.map((sample, i) => sample.cpu / on[i].cpu)) };
}

export default async function bench(): Promise<BenchRow[]> {
  const row = (figure: string, { off, on, ratio }: Comparison): BenchRow => {
    // Requests per CPU-second with the rewrite, over the same without it (paired by round).
    return {
      figure,
      target: '>= 0.97',
      measured: `${on.cpu.toFixed(0)} µs CPU/req (${format(on.rps)} req/s)`,
      baseline: `${off.cpu.toFixed(0)} µs CPU/req (${format(off.rps)} req/s) without the rewrite`,
      ratio,
      pass: ratio >= 0.97,
    };
  };
  return [
    row('cdn: Rspack page request with the /build-chunks/ rewrite vs without it (server CPU)', await compare(false, { accept: 'text/html' })),
    row('cdn: the same with a per-request CDN resolver', await compare(true, { accept: 'text/html', 'x-region': 'eu' })),
  ];
}
