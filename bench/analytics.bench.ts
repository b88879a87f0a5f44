// flightdeck:analytics' figures, each against its baseline in the same run:
// - server `track` calls per second into the batcher (target >= 50,000/s; baseline: Array#push of
//   the same messages), and how fast they then reach a local Segment collector;
// - heap held while the Segment endpoint is down, with our bounded queue at 50k and 100k events
//   (target: flat, < 32 MB) vs @segment/analytics-node alone at 20k (which keeps every event);
// - wrapper overhead per call when analytics is off or filtered (target < 5 µs; baseline: the bare
//   method / subscribe / callAsync);
// - the client entry minified + gzip, meteor/* external (target < 5 KB; okgrow:analytics ships
//   analytics.js, 244 KB).
import { Analytics } from '@segment/analytics-node';
import { ServerAnalytics } from '../packages/analytics/src/lib/server-analytics.ts';
import { trackMethods } from '../packages/analytics/src/lib/track-methods.ts';
import { createTrackedSubscribe } from '../packages/analytics/src/lib/create-tracked-subscribe.ts';
import { createAnalyticsClient } from '../packages/analytics/src/lib/analytics-client.ts';
import { startSegmentCollector } from '../tests/helpers/segment-collector.ts';
import type { BenchRow } from './bench-row.ts';
import { clientBundleSize } from './client-bundle-size.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const format = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function heapAfterGc(): Promise<number> {
  await sleep(50);
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function trackThroughput(): Promise<BenchRow[]> {
  const collector = await startSegmentCollector();
  const server = new ServerAnalytics({ writeKey: collector.writeKey, host: collector.url, flushAt: 100, flushInterval: 50, maxQueueSize: 100_000, log: () => undefined });
  const count = 50_000;
  const message = (i: number) => ({ userId: `user-${i % 1000}`, event: 'Order Placed', properties: { total: i, currency: 'EUR' } });
  const rounds: number[] = [];
  const baseline: number[] = [];
  let deliveredPerSecond = 0;
  for (let round = 0; round < 5; round += 1) {
    const sink: unknown[] = [];
    let start = process.hrtime.bigint();
    for (let i = 0; i < count; i += 1) sink.push({ ...message(i), type: 'track' });
    baseline.push(count / (Number(process.hrtime.bigint() - start) / 1e9));
    const begin = Date.now();
    start = process.hrtime.bigint();
    for (let i = 0; i < count; i += 1) server.track(message(i));
    rounds.push(count / (Number(process.hrtime.bigint() - start) / 1e9));
    // Then on through the library and HTTP to the collector, before the next round.
    await collector.waitForDistinct(count * (round + 1), 60_000);
    if (round === 0) deliveredPerSecond = count / ((Date.now() - begin) / 1000);
  }
  await server.closeAndFlush({ timeout: 5000 });
  await collector.close();
  const measured = median(rounds);
  const base = median(baseline);
  return [
    { figure: 'analytics: server track() calls/s into the batcher', target: '>= 50,000/s', measured: `${format(measured)}/s`, baseline: `${format(base)}/s (Array#push)`, ratio: measured / base, pass: measured >= 50_000 },
    { figure: 'analytics: events/s delivered to a local /v1/batch, 50k burst', target: 'reported', measured: `${format(deliveredPerSecond)}/s`, pass: deliveredPerSecond > 0 },
  ];
}

async function heldWhileDown(events: number, useQueue: boolean): Promise<number> {
  const collector = await startSegmentCollector();
  await collector.goDown();
  const before = await heapAfterGc();
  const settings = { writeKey: collector.writeKey, host: collector.url, flushAt: 100, flushInterval: 50, maxRetries: 1000, httpRequestTimeout: 1000 };
  let ours: ServerAnalytics | undefined;
  let raw: Analytics | undefined;
  if (useQueue) ours = new ServerAnalytics({ ...settings, maxRetries: 1, maxQueueSize: 10_000, log: () => undefined });
  else {
    raw = new Analytics(settings);
    raw.on('error', () => undefined);
  }
  for (let i = 0; i < events; i += 1) {
    const message = { userId: `user-${i % 1000}`, event: 'Order Placed', properties: { total: i, note: 'x'.repeat(64) } };
    if (ours) ours.track(message);
    else raw!.track(message);
    if (i % 20_000 === 0) await sleep(0);
  }
  await sleep(300);
  const held = Math.max(0, (await heapAfterGc()) - before);
  await ours?.closeAndFlush({ timeout: 200 });
  await raw?.closeAndFlush({ timeout: 200 });
  await collector.close();
  return held;
}

async function memoryWhileDown(): Promise<BenchRow[]> {
  const mb = (bytes: number): string => `${format(bytes / 1024 / 1024, 1)} MB`;
  // Largest first, so a smaller run does not start on the garbage of a larger one.
  const ours100 = await heldWhileDown(100_000, true);
  const ours50 = await heldWhileDown(50_000, true);
  // The library alone keeps every event in its retry loops: 20k is enough to see it grow.
  const raw20 = await heldWhileDown(20_000, false);
  const flat = ours100 < Math.max(ours50 * 1.5, ours50 + 4 * 1024 * 1024);
  return [
    {
      figure: 'analytics: heap held while Segment is down (queue bound 10,000), 50k → 100k events',
      target: '< 32 MB, flat',
      measured: `${mb(ours50)} → ${mb(ours100)}`,
      baseline: `${mb(raw20)} (analytics-node alone, 20k events)`,
      pass: ours100 < 32 * 1024 * 1024 && flat,
    },
  ];
}

function nsPerCall(fn: (i: number) => unknown, iterations = 1_000_000): number {
  const samples: number[] = [];
  let sink = 0;
  for (let round = 0; round < 7; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) if (fn(i)) sink += 1;
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  if (sink < 0) throw new Error('unreachable');
  return median(samples.slice(2));
}

function wrapperOverhead(): BenchRow[] {
  const rows: BenchRow[] = [];
  const invocation = { userId: 'u1', isSimulation: false };
  const bare = { 'orders.count': function (this: unknown, n: number) { return n + 1; } };
  const off = trackMethods(bare, { record: () => undefined, enabled: () => false });
  const baseMethod = nsPerCall((i) => bare['orders.count'].call(invocation, i));
  const offMethod = nsPerCall((i) => off['orders.count'].call(invocation as never, i as never));
  rows.push({ figure: 'analytics: Meteor.methods wrapper, analytics off', target: '< 5 µs/call overhead', measured: `${format((offMethod - baseMethod) / 1000, 3)} µs`, baseline: `${format(baseMethod, 1)} ns (bare method)`, pass: offMethod - baseMethod < 5000 });

  const handle = { subscriptionId: 's1', ready: () => true, stop: () => undefined };
  const subscribe = (_name: string, ..._args: unknown[]) => handle;
  const trackedSubscribe = createTrackedSubscribe(subscribe, { record: () => undefined, enabled: () => false });
  const baseSub = nsPerCall((i) => subscribe('feed', i));
  const offSub = nsPerCall((i) => trackedSubscribe('feed', i));
  rows.push({ figure: 'analytics: trackedSubscribe, analytics off', target: '< 5 µs/call overhead', measured: `${format((offSub - baseSub) / 1000, 3)} µs`, baseline: `${format(baseSub, 1)} ns (bare subscribe)`, pass: offSub - baseSub < 5000 });

  const store = new Map<string, string>([['flightdeck.analytics.optOut', '1']]);
  const client = createAnalyticsClient({
    browser: {
      location: { href: 'https://a.example/x', pathname: '/x', search: '' },
      document: { title: 't', referrer: '' },
      navigator: { doNotTrack: '1' },
      storage: { getItem: (key) => store.get(key) ?? null, setItem: (key, value) => void store.set(key, value), removeItem: (key) => void store.delete(key) },
    },
  });
  const noop = (_event: string, _properties: object): void => undefined;
  const baseTrack = nsPerCall((i) => noop('Clicked', { i }));
  const filteredTrack = nsPerCall((i) => client.track('Clicked', { i }));
  rows.push({ figure: 'analytics: client track() when filtered (opted out / DNT)', target: '< 5 µs/call overhead', measured: `${format((filteredTrack - baseTrack) / 1000, 3)} µs`, baseline: `${format(baseTrack, 1)} ns (empty function)`, pass: filteredTrack - baseTrack < 5000 });

  const recorded: unknown[] = [];
  const on = trackMethods(bare, { record: (event, properties) => void (recorded.length < 1000 ? recorded.push(properties) : undefined), enabled: () => true });
  const onMethod = nsPerCall((i) => on['orders.count'].call(invocation as never, i as never), 300_000);
  rows.push({ figure: 'analytics: Meteor.methods wrapper, recording (for reference)', target: 'reported', measured: `${format((onMethod - baseMethod) / 1000, 3)} µs`, baseline: `${format(baseMethod, 1)} ns (bare method)`, pass: true });
  return rows;
}

async function clientBundle(): Promise<BenchRow> {
  const { gzip } = await clientBundleSize('analytics');
  const okgrow = 244 * 1024;
  return { figure: 'analytics: client bundle, minified + gzip (meteor/* external)', target: '< 5 KB', measured: `${format(gzip / 1024, 2)} KB`, baseline: '244 KB (okgrow:analytics, analytics.js)', ratio: gzip / okgrow, pass: gzip < 5 * 1024 };
}

export default async function bench(): Promise<BenchRow[]> {
  return [...(await trackThroughput()), ...(await memoryWhileDown()), ...wrapperOverhead(), await clientBundle()];
}
