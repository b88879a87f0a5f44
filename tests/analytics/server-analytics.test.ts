import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serverAnalyticsFixture } from '../helpers/server-analytics-fixture.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("server-side events through flightdeck's Segment batch sender", () => {
  const segment = serverAnalyticsFixture({ flushAt: 5, flushInterval: 50, closeTimeout: 500 });

  it('sends events in batches of flushAt to POST /v1/batch with the write key as Basic auth', async () => {
    const server = segment.start();
    for (let i = 0; i < 12; i += 1) server.track({ userId: 'u1', event: 'Order Placed', properties: { index: i } });
    await segment.collector.waitForDistinct(12);
    const sizes = segment.collector.requests.map((request) => request.events.length);
    assert.deepEqual(sizes, [5, 5, 2]);
    assert.ok(segment.collector.requests.every((request) => request.auth === 'basic' && request.path === '/v1/batch'));
    assert.deepEqual(
      segment.collector.events.map((event) => event.properties?.index),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
    assert.equal(segment.collector.events[0].userId, 'u1');
    assert.equal(segment.collector.events[0].event, 'Order Placed');
  });

  it('delivers every event exactly once by messageId through an endpoint that goes down, is slow, answers 500 and 400, then comes back', async () => {
    const server = segment.start();
    const sent: string[] = [];
    const send = (phase: string, count: number): void => {
      for (let i = 0; i < count; i += 1) {
        const messageId = `${phase}-${i}`;
        sent.push(messageId);
        server.track({ anonymousId: 'anon-1', event: 'Phase Event', properties: { phase }, messageId });
      }
    };
    send('up', 5);
    await segment.collector.waitForDistinct(5);

    await segment.collector.goDown();
    send('down', 7);
    await sleep(300);
    segment.collector.setMode({ kind: 'status', status: 500 });
    await segment.collector.comeBack();
    send('error500', 6);
    await sleep(300);
    segment.collector.setMode({ kind: 'status', status: 400 });
    send('error400', 4);
    await sleep(300);
    assert.equal(segment.collector.events.length, 5, 'nothing is accepted while the endpoint fails');
    assert.ok(segment.logs.some((line) => /delivery failed/.test(line)), 'the failure is logged');

    segment.collector.setMode({ kind: 'slow', delay: 300 });
    send('slow', 5);
    await sleep(100);
    segment.collector.setMode({ kind: 'ok' });
    await segment.collector.waitForDistinct(sent.length, 8000);

    const deliveries = segment.collector.deliveries();
    assert.deepEqual([...deliveries.keys()].sort(), [...sent].sort());
    assert.deepEqual([...deliveries.values()].filter((count) => count !== 1), [], 'no event arrives twice');
    await server.flush({ timeout: 2000 });
    assert.deepEqual(server.stats(), { queued: 0, inFlight: 0, delivered: sent.length, dropped: 0, lost: 0, refused: 0 });
  });

  it('keeps at most maxQueueSize events while the endpoint is down, dropping and counting the oldest', async () => {
    await segment.collector.goDown();
    const server = segment.start({ maxQueueSize: 100, maxInFlight: 10 });
    for (let i = 0; i < 1000; i += 1) server.track({ anonymousId: 'a', event: 'Burst', properties: { i }, messageId: `burst-${i}` });
    await sleep(200);
    const whileDown = server.stats();
    assert.ok(whileDown.queued + whileDown.inFlight <= 110, `held ${whileDown.queued + whileDown.inFlight} events`);
    assert.equal(whileDown.dropped, 900);

    await segment.collector.comeBack();
    await segment.collector.waitForDistinct(100, 8000);
    await sleep(100);
    const received = [...segment.collector.deliveries().keys()].map((id) => Number(id.split('-')[1])).sort((a, b) => a - b);
    assert.deepEqual(received, Array.from({ length: 100 }, (_, i) => 900 + i), 'the newest 100 arrive');
    assert.equal(server.stats().dropped, 900);
  });

  it('sends a batch again with the same messageIds when the endpoint answers after the timeout, so deduplication counts each once', async () => {
    segment.collector.setMode({ kind: 'slow', delay: 400 });
    const server = segment.start({ httpRequestTimeout: 150 });
    for (let i = 0; i < 5; i += 1) server.track({ userId: 'u', event: 'Slow Path', messageId: `slow-${i}` });
    await sleep(250);
    segment.collector.setMode({ kind: 'ok' });
    await segment.collector.waitForDistinct(5, 5000);
    await server.flush({ timeout: 2000 });
    await sleep(300);
    const deliveries = segment.collector.deliveries();
    assert.deepEqual([...deliveries.keys()].sort(), ['slow-0', 'slow-1', 'slow-2', 'slow-3', 'slow-4']);
    assert.ok(segment.collector.events.length > 5, 'the timed-out batch reached the endpoint too, with the same ids');
    assert.equal(server.stats().delivered, 5);
  });

  it('gives up a shutdown while Segment is down after its timeout, logging how many events were lost', async () => {
    await segment.collector.goDown();
    const server = segment.start();
    for (let i = 0; i < 4; i += 1) server.track({ userId: 'u', event: 'Lost At Shutdown' });
    const began = Date.now();
    await server.closeAndFlush({ timeout: 400 });
    assert.ok(Date.now() - began < 1500, `closeAndFlush took ${Date.now() - began} ms`);
    assert.equal(server.stats().lost, 4);
    assert.match(segment.logs.join('\n'), /4 server events were not delivered before shutdown/);
    segment.closed();
  });

  it('drops and counts an event after maxAttempts failed rounds instead of sending it forever', async () => {
    segment.collector.setMode({ kind: 'status', status: 500 });
    const server = segment.start({ maxAttempts: 3, retryDelay: 20 });
    server.track({ userId: 'u', event: 'Rejected' });
    for (let i = 0; i < 100 && server.stats().dropped === 0; i += 1) await sleep(20);
    assert.equal(server.stats().dropped, 1);
    assert.equal(segment.collector.requests.filter((request) => request.status === 500).length, 3);
    segment.collector.setMode({ kind: 'ok' });
    await sleep(200);
    assert.equal(segment.collector.events.length, 0);
  });

  it('logs delivery errors instead of throwing them at the caller', async () => {
    segment.collector.setMode({ kind: 'status', status: 500 });
    const server = segment.start({ maxQueueSize: 10 });
    assert.doesNotThrow(() => server.track({ userId: 'u', event: 'Fails' }));
    // The first round fails within flushInterval (50 ms); on a loaded machine that can take longer than a fixed wait.
    for (let i = 0; i < 60 && !/Segment delivery failed/.test(segment.logs.join('\n')); i += 1) await sleep(50);
    assert.match(segment.logs.join('\n'), /Segment delivery failed \(\[500\]/);
  });

  it('refuses an event with neither userId nor anonymousId, naming the event type', () => {
    const server = segment.start();
    assert.throws(() => server.track({ event: 'Nobody' }), /a track event needs a userId or an anonymousId/);
  });

  it('delivers what is queued when the process gets SIGTERM, then exits', async function () {
    this.timeout(20000);
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../fixtures/analytics/sigterm-child.ts', import.meta.url))], {
      env: { ...process.env, COLLECTOR_URL: segment.collector.url, WRITE_KEY: segment.collector.writeKey, EVENTS: '7' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('queued')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      assert.equal(segment.collector.events.length, 0, 'nothing was sent before the signal (flushInterval is 60 s)');
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGTERM');
      const { signal } = await exited;
      assert.equal(signal, 'SIGTERM', 'the process still ends by the signal');
      assert.deepEqual(
        segment.collector.events.map((event) => event.event),
        Array.from({ length: 7 }, () => 'Shutdown Event'),
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
