import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ServerAnalytics, MAX_BATCH_BYTES } from '../../packages/analytics/src/lib/server-analytics.ts';
import { LIBRARY, batchUrl, retryAfterMs } from '../../packages/analytics/src/lib/segment-batch-sender.ts';
import { endlessBody, ok, startScriptedEndpoint, type Answer, type ScriptedEndpoint } from '../helpers/scripted-endpoint.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function until(check: () => boolean, timeout = 5000): Promise<void> {
  const began = Date.now();
  while (!check()) {
    if (Date.now() - began > timeout) throw new Error(`not reached within ${timeout} ms`);
    await sleep(10);
  }
}

describe("server-side events: flightdeck's Segment batch sender against hostile or failing endpoints", () => {
  let endpoint: ScriptedEndpoint | undefined;
  let analytics: ServerAnalytics | undefined;
  const logs: string[] = [];

  async function start(answer: Answer, options: Partial<ConstructorParameters<typeof ServerAnalytics>[0]> = {}): Promise<{ endpoint: ScriptedEndpoint; analytics: ServerAnalytics }> {
    endpoint = await startScriptedEndpoint(answer);
    analytics = new ServerAnalytics({ writeKey: endpoint.writeKey, host: endpoint.url, flushAt: 10, flushInterval: 20, retryDelay: 50, httpRequestTimeout: 2000, log: (line) => logs.push(line), ...options });
    return { endpoint, analytics };
  }

  const track = (server: ServerAnalytics, count: number, prefix = 'e'): string[] =>
    Array.from({ length: count }, (_, i) => {
      const messageId = `${prefix}-${i}`;
      server.track({ userId: 'u', event: 'Order Placed', properties: { i }, messageId });
      return messageId;
    });

  beforeEach(() => {
    logs.length = 0;
  });
  afterEach(async () => {
    await analytics?.closeAndFlush({ timeout: 300 });
    analytics = undefined;
    await endpoint?.close();
    endpoint = undefined;
  });

  it('POSTs { batch, sentAt } as JSON with the write key as Basic auth, each event with context.library, an ISO timestamp and a messageId', async () => {
    const { endpoint, analytics } = await start(ok);
    analytics.track({ userId: 'u1', event: 'Signed Up', properties: { plan: 'team' }, context: { ip: '10.0.0.1' }, timestamp: new Date('2026-01-02T03:04:05.000Z') });
    analytics.page({ anonymousId: 'a1', name: 'Pricing' });
    analytics.enqueue({ type: 'identify', userId: 'u1', traits: { plan: 'team' } });
    await analytics.flush({ timeout: 2000 });
    assert.equal(endpoint.requests.length, 1);
    const [request] = endpoint.requests;
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${endpoint.writeKey}:`).toString('base64')}`);
    assert.ok(!JSON.stringify(request.body).includes(endpoint.writeKey), 'the write key is not in the body');
    assert.match(request.body.sentAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const [track, page, identify] = request.body.batch;
    assert.deepEqual(track.context, { ip: '10.0.0.1', library: { name: '@flightdeck/analytics', version: LIBRARY.version } });
    assert.equal(track.timestamp, '2026-01-02T03:04:05.000Z');
    assert.equal(track.type, 'track');
    assert.match(track.messageId, /^[0-9a-f-]{36}$/);
    assert.equal(page.type, 'page');
    assert.equal(page.name, 'Pricing');
    assert.match(String(page.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(page.context, { library: LIBRARY });
    assert.match(page.messageId, /^[0-9a-f-]{36}$/);
    assert.notEqual(page.messageId, track.messageId);
    assert.deepEqual({ ...identify, messageId: undefined, timestamp: undefined }, { type: 'identify', userId: 'u1', traits: { plan: 'team' }, context: { library: LIBRARY }, messageId: undefined, timestamp: undefined });
    assert.deepEqual(analytics.stats(), { queued: 0, inFlight: 0, delivered: 3, dropped: 0, lost: 0, refused: 0 });
  });

  it("names itself with the package's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../packages/analytics/package.json', import.meta.url), 'utf8')) as { version: string; name: string };
    assert.deepEqual(LIBRARY, { name: pkg.name, version: pkg.version });
  });

  it('closes a batch before it would pass 480 KB of JSON, so Segment never gets a batch over its 500 KB limit', async () => {
    const { endpoint, analytics } = await start(ok, { flushAt: 100 });
    for (let i = 0; i < 60; i += 1) analytics.track({ userId: 'u', event: 'Big', properties: { blob: 'b'.repeat(30_000) }, messageId: `big-${i}` });
    await analytics.flush({ timeout: 5000 });
    assert.equal(endpoint.accepted.length, 60);
    assert.ok(endpoint.requests.length >= 4, `${endpoint.requests.length} requests`);
    for (const request of endpoint.requests) assert.ok(request.bytes <= MAX_BATCH_BYTES + 100, `a batch of ${request.bytes} bytes`);
  });

  it('takes a 200 whose body never ends as delivered and closes that connection after a bounded read', async () => {
    const { endpoint, analytics } = await start(endlessBody(200), { httpRequestTimeout: 10_000 });
    track(analytics, 10);
    await until(() => analytics.stats().delivered === 10, 3000);
    await until(() => endpoint.cutAnswers.length === 1, 3000);
    // The sender reads 64 KB at most; the rest of what the server wrote sat in socket buffers.
    assert.ok(endpoint.cutAnswers[0] < 32 * 1024 * 1024, `the server wrote ${endpoint.cutAnswers[0]} bytes before the connection closed`);
    assert.equal(endpoint.requests.length, 1);
  });

  it('reads an endless 500 only as far as its bound, logs it, and delivers the events when the endpoint answers 200', async () => {
    const endless = endlessBody(500);
    const { endpoint, analytics } = await start((request, response, index) => (index === 0 ? endless(request, response, index) : ok(request, response, index)), { httpRequestTimeout: 10_000 });
    const began = Date.now();
    const sent = track(analytics, 10);
    await until(() => analytics.stats().delivered === 10, 5000);
    assert.ok(Date.now() - began < 3000, `took ${Date.now() - began} ms: the endless answer was not cut before the 10 s timeout`);
    assert.deepEqual(endpoint.accepted, sent);
    assert.match(logs.join('\n'), /Segment delivery failed \(\[500\] x{10}/);
    assert.ok(logs.join('\n').length < 2000, 'the log keeps a few hundred characters of the answer');
  });

  it('holds the heap steady while the endpoint answers 200 with a 200 MB body', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const huge = Buffer.alloc(1024 * 1024, 'h');
    const { analytics } = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * huge.length) });
      let left = 200;
      const write = (): void => {
        while (left > 0 && !response.destroyed) {
          left -= 1;
          if (!response.write(huge)) return void response.once('drain', write);
        }
        response.end();
      };
      write();
    });
    track(analytics, 30);
    await until(() => analytics.stats().delivered === 30, 5000);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 8 * 1024 * 1024, `the heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB`);
  });

  it('ends an answer that drips slower than httpRequestTimeout and sends the batch again with the same messageIds', async () => {
    const { endpoint, analytics } = await start(
      (request, response, index) => {
        if (index > 0) return ok(request, response, index);
        response.writeHead(500, { 'content-type': 'text/plain' });
        const drip = setInterval(() => (response.destroyed ? clearInterval(drip) : response.write('.')), 50);
      },
      { httpRequestTimeout: 300 },
    );
    const sent = track(analytics, 5);
    await until(() => analytics.stats().delivered === 5, 5000);
    assert.equal(endpoint.requests.length, 2);
    assert.deepEqual(endpoint.requests[1].body.batch.map((event) => event.messageId), sent);
    assert.match(logs.join('\n'), /no answer within httpRequestTimeout \(300 ms\)/);
  });

  it('splits a batch answered 400 in halves until the one bad event is alone: the others are delivered at once, in a logarithmic number of requests', async () => {
    const { endpoint, analytics } = await start(
      (request, response, index) => {
        if (request.body.batch.some((event) => event.event === 'Malformed')) {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end('{"error":"bad event"}');
          return;
        }
        ok(request, response, index);
      },
      { flushAt: 64, retryDelay: 30_000, maxAttempts: 2 },
    );
    const began = Date.now();
    const good = track(analytics, 63, 'good').slice(0, 40);
    analytics.track({ userId: 'u', event: 'Malformed', messageId: 'bad' });
    await until(() => endpoint.accepted.length === 63 && analytics.stats().refused === 1, 5000);
    assert.ok(Date.now() - began < 2000, `took ${Date.now() - began} ms`);
    // 64 → 32 → 16 → 8 → 4 → 2 → 1: the first request, two per halving, one more alone.
    assert.ok(endpoint.requests.length <= 1 + 2 * 6 + 1, `${endpoint.requests.length} requests`);
    assert.ok(good.every((id) => endpoint.accepted.includes(id)));
    assert.ok(!endpoint.accepted.includes('bad'));
    assert.deepEqual(analytics.stats(), { queued: 0, inFlight: 0, delivered: 63, dropped: 0, lost: 0, refused: 1 });
    assert.match(logs.join('\n'), /Segment rejected the track event "Malformed" 2 times \(\[400\] \{"error":"bad event"\}\)/);
  });

  it('sends a batch answered 500 again after the retry delay, and each event arrives once', async () => {
    const { endpoint, analytics } = await start((request, response, index) => {
      if (index > 0) return ok(request, response, index);
      response.writeHead(500);
      response.end('down for a moment');
    });
    const sent = track(analytics, 10);
    await until(() => analytics.stats().delivered === 10);
    assert.deepEqual(endpoint.accepted, sent);
    assert.ok(endpoint.requests[1].at - endpoint.requests[0].at >= 40, 'the second request waited for retryDelay');
    assert.notEqual(endpoint.requests[1].body.sentAt, undefined);
  });

  it('waits as long as a 429 asks (Retry-After), without counting that round against maxAttempts', async () => {
    const { endpoint, analytics } = await start(
      (request, response, index) => {
        if (index > 0) return ok(request, response, index);
        response.writeHead(429, { 'retry-after': '1' });
        response.end('slow down');
      },
      { maxAttempts: 1 },
    );
    track(analytics, 3);
    await until(() => analytics.stats().delivered === 3, 4000);
    const waited = endpoint.requests[1].at - endpoint.requests[0].at;
    assert.ok(waited >= 900, `sent again after ${waited} ms, not the 1 s asked`);
    assert.equal(analytics.stats().dropped, 0);
  });

  it("posts to {host}{path}, a proxy prefix kept, and names the setting that is not an http(s) URL or a batch over Segment's 2,500 events", () => {
    assert.equal(batchUrl().href, 'https://api.segment.io/v1/batch');
    assert.equal(batchUrl('https://events.eu1.segmentapis.com/', 'v1/batch').href, 'https://events.eu1.segmentapis.com/v1/batch');
    assert.equal(batchUrl('http://proxy.internal:8080/segment', '/v1/batch').href, 'http://proxy.internal:8080/segment/v1/batch');
    assert.throws(() => new ServerAnalytics({ writeKey: 'k', host: 'ftp://files.example' }), /analytics\.segment\.host must be an http\(s\) URL, got "ftp:\/\/files\.example"/);
    assert.throws(() => new ServerAnalytics({ writeKey: 'k', flushAt: 3000 }), /flushAt is 3000, over Segment's 2500 events per batch/);
    assert.throws(() => new ServerAnalytics({ writeKey: 'k', host: 'api.segment.io' }), /analytics\.segment\.host "api\.segment\.io" with analytics\.segment\.path "\/v1\/batch" is not a URL/);
  });

  it('reads Retry-After within reason: seconds or a date, at least 1 s and at most 60 s', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs('0'), 1000);
    assert.equal(retryAfterMs('86400'), 60_000);
    assert.equal(retryAfterMs(new Date(10_000 + 5000).toUTCString(), 10_000), 5000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });

  it('sends a batch again when the connection is reset before an answer', async () => {
    const { endpoint, analytics } = await start((request, response, index) => {
      if (index === 0) return void response.socket?.destroy();
      ok(request, response, index);
    });
    const sent = track(analytics, 10);
    await until(() => analytics.stats().delivered === 10);
    assert.deepEqual(endpoint.accepted, sent);
    assert.equal(analytics.stats().dropped, 0);
  });

  it('sends a batch once more at once on a new connection when a kept-alive connection is reset before it answers', async () => {
    // One request at a time, so the second goes over the first one's kept-alive connection.
    const { endpoint, analytics } = await start(
      (request, response, index) => {
        if (index === 1) return void response.socket?.destroy();
        ok(request, response, index);
      },
      { flushAt: 5, maxInFlight: 5, retryDelay: 5000 },
    );
    const sent = track(analytics, 10);
    await until(() => analytics.stats().delivered === 10, 3000);
    assert.deepEqual(endpoint.accepted, sent);
    assert.equal(endpoint.requests.length, 3);
    assert.deepEqual(logs, [], 'not a delivery failure: nothing waited for the retry delay');
  });

  it('refuses a batch answered 401 without sending it again, and says which settings to check', async () => {
    const { endpoint, analytics } = await start((_request, response) => {
      response.writeHead(401);
      response.end('invalid write key');
    });
    track(analytics, 4);
    await until(() => analytics.stats().refused === 4);
    await sleep(200);
    assert.equal(endpoint.requests.length, 1);
    assert.match(logs.join('\n'), /\[401\] invalid write key; check analytics\.segment\.writeKey, host and path/);
  });

  it('counts as lost what an endpoint that never answers still holds when closeAndFlush times out, and nothing changes after', async () => {
    const { endpoint, analytics: server } = await start(() => undefined, { httpRequestTimeout: 60_000, flushAt: 5, maxInFlight: 10 });
    track(server, 25);
    await until(() => endpoint.requests.length === 2);
    assert.deepEqual(server.stats(), { queued: 15, inFlight: 10, delivered: 0, dropped: 0, lost: 0, refused: 0 });
    const began = Date.now();
    await server.closeAndFlush({ timeout: 300 });
    assert.ok(Date.now() - began < 1000, `closeAndFlush took ${Date.now() - began} ms`);
    server.track({ userId: 'u', event: 'After Close' });
    assert.deepEqual(server.stats(), { queued: 0, inFlight: 0, delivered: 0, dropped: 0, lost: 26, refused: 0 });
    assert.match(logs.join('\n'), /25 server events were not delivered before shutdown/);
    await sleep(100);
    assert.equal(server.stats().lost, 26);
    analytics = undefined;
  });
});
