import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MAX_EVENT_BYTES } from '../../packages/analytics/src/lib/server-analytics.ts';
import { serverAnalyticsFixture } from '../helpers/server-analytics-fixture.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// mocha runs without --expose-gc: the flag can still be turned on, and a new context sees `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

describe('server-side events: what bounds memory and what one bad event may cost', () => {
  const segment = serverAnalyticsFixture({ flushAt: 20, flushInterval: 20, closeTimeout: 300 });

  it('holds the heap within maxQueueSize during a long outage while a retry is pending, sampled all along', async function () {
    this.timeout(60000);
    await segment.collector.goDown();
    // A first failed round arms the retry timer (an hour away): from then on nothing is pumped.
    const server = segment.start({ maxQueueSize: 10_000, retryDelay: 3_600_000 });
    server.track({ userId: 'u', event: 'Before The Outage' });
    // Sent at once, refused (connection refused), back in the queue behind the hour's retry timer.
    await server.flush({ timeout: 300 });
    assert.deepEqual([server.stats().queued, server.stats().inFlight], [1, 0], 'the first round failed');
    assert.match(segment.logs.join('\n'), /Segment delivery failed/);
    const before = heapUsed();
    let peak = 0;
    const events = 250_000;
    for (let i = 0; i < events; i += 1) {
      server.track({ userId: `user-${i % 1000}`, event: 'Order Placed', properties: { total: i, note: 'x'.repeat(64) } });
      if (i % 40_000 === 0) {
        peak = Math.max(peak, heapUsed() - before);
        await sleep(0);
      }
    }
    peak = Math.max(peak, heapUsed() - before);
    const stats = server.stats();
    assert.equal(stats.queued, 10_000);
    assert.equal(stats.dropped, events + 1 - 10_000);
    // 10,000 such events are ~4 MB; the unbounded array held ~180 MB at this count.
    assert.ok(peak < 30 * 1024 * 1024, `the heap grew by ${(peak / 1024 / 1024).toFixed(1)} MB`);
  });

  it('refuses an event over 32 KB at track(), counts it, logs it once, and delivers the others', async () => {
    const server = segment.start();
    const big = 'x'.repeat(MAX_EVENT_BYTES);
    server.track({ userId: 'u', event: 'Huge Upload', properties: { blob: big } });
    server.track({ userId: 'u', event: 'Huge Upload', properties: { blob: big } });
    for (let i = 0; i < 5; i += 1) server.track({ userId: 'u', event: 'Small', properties: { i } });
    await segment.collector.waitForDistinct(5, 3000);
    await server.flush({ timeout: 2000 });
    assert.equal(server.stats().refused, 2);
    assert.equal(segment.logs.filter((line) => /over Segment's 32768-byte limit/.test(line)).length, 1, segment.logs.join('\n'));
    assert.ok(segment.logs[0].includes('"Huge Upload"'), segment.logs[0]);
    assert.deepEqual(
      segment.collector.events.map((event) => event.event),
      ['Small', 'Small', 'Small', 'Small', 'Small'],
    );
  });

  it('accepts an event just under the limit, measured as it is sent (context.library included)', async () => {
    const server = segment.start();
    server.track({ userId: 'u', event: 'Near The Limit', properties: { blob: 'y'.repeat(MAX_EVENT_BYTES - 700) } });
    await segment.collector.waitForDistinct(1, 3000);
    assert.equal(server.stats().refused, 0);
  });

  it('splits a batch Segment rejects with 400, so only the offending event is dropped, and the others do not wait for a retry', async () => {
    // The collector answers 400 to any batch holding an event over 1 KB; the retry delay is long,
    // so an event that waited for a retry round would miss the deadline below.
    segment.collector.setMode({ kind: 'size-limit', maxEventBytes: 1024 });
    const server = segment.start({ retryDelay: 30_000, maxAttempts: 2 });
    const began = Date.now();
    for (let i = 0; i < 40; i += 1) {
      server.track({ userId: 'u', event: 'Good', properties: { i }, messageId: `good-${i}` });
      if (i % 10 === 5) server.track({ userId: 'u', event: 'Bad', properties: { blob: 'z'.repeat(2000) }, messageId: `bad-${i}` });
    }
    await segment.collector.waitForDistinct(40, 5000);
    assert.ok(Date.now() - began < 3000, `the good events took ${Date.now() - began} ms`);
    for (let i = 0; i < 100 && server.stats().refused < 4; i += 1) await sleep(50);
    const stats = server.stats();
    assert.equal(stats.refused, 4, JSON.stringify(stats));
    assert.equal(stats.dropped, 0);
    assert.deepEqual([...segment.collector.deliveries().keys()].sort(), Array.from({ length: 40 }, (_, i) => `good-${i}`).sort());
    assert.ok(segment.collector.events.every((event) => event.event === 'Good'));
  });

  it('keeps delivering other events while one oversized event a second is relayed into the queue', async function () {
    this.timeout(10000);
    const server = segment.start({ retryDelay: 1000 });
    const timer = setInterval(() => server.track({ anonymousId: 'a', event: 'Oversized', properties: { blob: 'q'.repeat(40 * 1024) } }), 100);
    try {
      for (let round = 0; round < 20; round += 1) {
        for (let i = 0; i < 10; i += 1) server.track({ userId: 'u', event: 'Legitimate', messageId: `legit-${round}-${i}` });
        await sleep(50);
      }
      await segment.collector.waitForDistinct(200, 3000);
    } finally {
      clearInterval(timer);
    }
    assert.equal(server.stats().dropped, 0);
    assert.ok(server.stats().refused >= 5);
  });
});
