// flightdeck:cdn on Meteor 3.4+ with Rspack: a person's page request (the real Rspack-built page on
// the WebApp harness, ROOT_URL /app, a CDN set) with the Rspack support on — its stylesheet links
// rewritten to the CDN — against the same request with it off, in the same run (target >= 0.97).
// The rewrite is memoized per boilerplate (and per host), so it should cost next to nothing; the
// second row repeats it with a per-request CDN resolver set.
//
// Measured as the server's CPU time per request, each side in its own process: on this shared
// 2-core machine two identical servers measured by throughput came out 0.72 and 1.40 of each
// other, while CPU per request stays within a few percent. What is left is noise of two kinds:
// - from moment to moment (other processes, the scheduler, caches): in each round every client
//   worker alternates its requests between the two servers, so both sides are measured over the
//   same moments (rounds taken one side after the other, A/B/B/A, still drifted by ±4% between
//   two identical servers under load); the figure is the median of the rounds' ratios;
// - from process to process (heap layout, JIT decisions): a process keeps its percent or two of
//   luck for its whole life, so the bench starts PAIRS pairs of processes, in both orders, and
//   prints the spread of the pairs' own medians next to the figure. The Rspack build is made here
//   once and served by every server process, so none of them carries it in its heap.
// The ratio is off CPU / on CPU of the same round (requests per CPU-second with the rewrite over
// the same without it). `BENCH_CDN_RSPACK_CONTROL=1` adds a row that measures two identical
// servers the same way: the bench's own noise floor, which should read 1.000.
import { Agent, get as httpGet } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rspackFixture } from '../tests/helpers/rspack-harness.ts';
import type { BenchRow } from './bench-row.ts';
import { get, median, withBenchServers } from './http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const format = (value: number) => Math.round(value).toLocaleString('en-US');

/** Process pairs per row, started off-first and on-first alternately. */
const PAIRS = 4;
/** Measured rounds per pair, after WARMUP_ROUNDS. */
const ROUNDS = 24;
const WARMUP_ROUNDS = 6;
/** Page requests per side and round. */
const REQUESTS_PER_ROUND = 200;
const CONCURRENCY = 8;

type Mode = 'on' | 'off';

interface Side {
  /** Server CPU µs per request. */
  cpu: number;
  rps: number;
}

interface Comparison {
  /** Server CPU µs per request and requests per second, medians over all rounds. */
  off: Side;
  on: Side;
  /** Median over all rounds of all pairs of (off CPU / on CPU) in the round. */
  ratio: number;
  /** The lowest and highest of those ratios. */
  rounds: { min: number; max: number; count: number };
  /** Each process pair's own median ratio. */
  perPair: number[];
}

/** One server process (the child reads its mode from the environment given here). */
function serverWith<T>(mode: Mode, resolver: boolean, fixture: string, fn: (port: number) => Promise<T>): Promise<T> {
  const env = { ...process.env, BENCH_RSPACK: mode, BENCH_RESOLVER: resolver ? '1' : '0', BENCH_RSPACK_FIXTURE: fixture };
  return withBenchServers<{ port: number }, T>(join(here, 'cdn-rspack-servers.ts'), ({ port }) => fn(port), { env });
}

/** The server process's CPU time so far, in µs. */
function cpuOf(port: number, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path: '/__bench/cpu', agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(Number(body)));
    }).on('error', reject);
  });
}

/**
 * One round: REQUESTS_PER_ROUND page requests to each server, CONCURRENCY workers, each sending
 * one to each server in turn (half of them off first), so both servers share every moment of it.
 */
async function round(offPort: number, onPort: number, agent: Agent, headers: Record<string, string>): Promise<{ off: Side; on: Side }> {
  const before = await Promise.all([cpuOf(offPort, agent), cpuOf(onPort, agent)]);
  const start = process.hrtime.bigint();
  let sent = 0;
  const worker = async (ports: number[]) => {
    while (sent < REQUESTS_PER_ROUND) {
      sent += 1;
      for (const port of ports) {
        const { status } = await get(port, agent, headers, '/app/');
        if (status !== 200) throw new Error(`page request answered ${status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => worker(index % 2 === 0 ? [offPort, onPort] : [onPort, offPort])));
  const rps = REQUESTS_PER_ROUND / (Number(process.hrtime.bigint() - start) / 1e9);
  const after = await Promise.all([cpuOf(offPort, agent), cpuOf(onPort, agent)]);
  return {
    off: { cpu: (after[0] - before[0]) / REQUESTS_PER_ROUND, rps },
    on: { cpu: (after[1] - before[1]) / REQUESTS_PER_ROUND, rps },
  };
}

/** The rounds of one pair of server processes, the off one started first or second. */
function samplePair(modes: { off: Mode; on: Mode }, resolver: boolean, headers: Record<string, string>, fixture: string, offFirst: boolean) {
  const measure = async (offPort: number, onPort: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 2 * CONCURRENCY });
    try {
      const rounds: { off: Side; on: Side }[] = [];
      for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
        const result = await round(offPort, onPort, agent, headers);
        if (i >= WARMUP_ROUNDS) rounds.push(result);
      }
      return rounds;
    } finally {
      agent.destroy();
    }
  };
  return offFirst
    ? serverWith(modes.off, resolver, fixture, (offPort) => serverWith(modes.on, resolver, fixture, (onPort) => measure(offPort, onPort)))
    : serverWith(modes.on, resolver, fixture, (onPort) => serverWith(modes.off, resolver, fixture, (offPort) => measure(offPort, onPort)));
}

async function compare(label: string, modes: { off: Mode; on: Mode }, resolver: boolean, headers: Record<string, string>, fixture: string): Promise<Comparison> {
  const rounds: { off: Side; on: Side }[] = [];
  const perPair: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const offFirst = pair % 2 === 0;
    const pairRounds = await samplePair(modes, resolver, headers, fixture, offFirst);
    const ratios = pairRounds.map(({ off, on }) => off.cpu / on.cpu);
    rounds.push(...pairRounds);
    perPair.push(median(ratios));
    console.error(
      `  ${label}, process pair ${pair + 1}/${PAIRS} (${offFirst ? 'off' : 'on'} started first): ` +
        `${median(pairRounds.map((r) => r.on.cpu)).toFixed(1)} vs ${median(pairRounds.map((r) => r.off.cpu)).toFixed(1)} µs CPU/req, ` +
        `ratio ${median(ratios).toFixed(3)} (rounds ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
    );
  }
  const ratios = rounds.map(({ off, on }) => off.cpu / on.cpu);
  const side = (sides: Side[]): Side => ({ cpu: median(sides.map((s) => s.cpu)), rps: median(sides.map((s) => s.rps)) });
  return {
    off: side(rounds.map((r) => r.off)),
    on: side(rounds.map((r) => r.on)),
    ratio: median(ratios),
    rounds: { min: Math.min(...ratios), max: Math.max(...ratios), count: ratios.length },
    perPair,
  };
}

function row(figure: string, { off, on, ratio, rounds, perPair }: Comparison, without = 'without the rewrite'): BenchRow {
  const spread =
    `median of ${rounds.count} paired rounds, ${rounds.min.toFixed(3)}–${rounds.max.toFixed(3)}; ` +
    `process pairs ${Math.min(...perPair).toFixed(3)}–${Math.max(...perPair).toFixed(3)}`;
  return {
    figure,
    target: '>= 0.97',
    measured: `${on.cpu.toFixed(0)} µs CPU/req (${format(on.rps)} req/s); ${spread}`,
    baseline: `${off.cpu.toFixed(0)} µs CPU/req ${without}`,
    ratio,
    pass: ratio >= 0.97,
  };
}

export default async function bench(): Promise<BenchRow[]> {
  const fixture = JSON.stringify(await rspackFixture());
  const page = { accept: 'text/html' };
  const rows = [
    row('cdn: Rspack page request with the /build-chunks/ rewrite vs without it (server CPU)', await compare('rewrite', { off: 'off', on: 'on' }, false, page, fixture)),
    row('cdn: the same with a per-request CDN resolver', await compare('resolver', { off: 'off', on: 'on' }, true, { ...page, 'x-region': 'eu' }, fixture)),
  ];
  if (process.env.BENCH_CDN_RSPACK_CONTROL === '1') {
    rows.push(row('cdn: control, two identical servers without the rewrite (the noise floor)', await compare('control', { off: 'off', on: 'off' }, false, page, fixture), 'the other'));
  }
  return rows;
}
