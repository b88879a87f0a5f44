import assert from 'node:assert/strict';
import { createRelayHandler } from '../../packages/analytics/src/lib/relay-handler.ts';
import { ServerAnalytics } from '../../packages/analytics/src/lib/server-analytics.ts';
import type { SegmentMessage } from '../../packages/analytics/src/lib/segment-message.ts';
import { startSegmentCollector, type SegmentCollector } from '../helpers/segment-collector.ts';
import { relayRefusal } from '../helpers/relay-refusal.ts';

const pageView = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'page',
  anonymousId: 'anon-7',
  messageId: `m-${Math.random()}`,
  properties: { path: '/pricing' },
  ...extra,
});

describe('the first-party relay method', () => {
  describe('forwarding to Segment', () => {
    let collector: SegmentCollector;
    let server: ServerAnalytics;
    beforeEach(async () => {
      collector = await startSegmentCollector();
      server = new ServerAnalytics({ writeKey: collector.writeKey, host: collector.url, flushAt: 10, flushInterval: 30, log: () => undefined });
    });
    afterEach(async () => {
      await server.closeAndFlush({ timeout: 500 });
      await collector.close();
    });

    it("replaces a userId the client wrote into its batch with the connection's user", async () => {
      const relay = createRelayHandler({ forward: (message) => server.enqueue(message) });
      const result = relay({ userId: 'real-user', connectionId: 'c1' }, [
        { type: 'track', event: 'Upgrade Clicked', userId: 'someone-else', anonymousId: 'anon-7', properties: { plan: 'pro' } },
        pageView({ userId: 'admin' }),
      ]);
      assert.deepEqual(result, { accepted: 2 });
      await collector.waitForDistinct(2);
      assert.deepEqual(
        collector.events.map((event) => [event.type, event.userId]),
        [
          ['track', 'real-user'],
          ['page', 'real-user'],
        ],
      );
      assert.equal(collector.events[0].properties?.plan, 'pro');
    });

    it('sends events of a logged-out connection with their anonymousId and no userId at all', async () => {
      const relay = createRelayHandler({ forward: (message) => server.enqueue(message) });
      relay({ userId: null, connectionId: 'c2' }, [pageView({ userId: 'victim' })]);
      await collector.waitForDistinct(1);
      assert.equal(collector.events[0].userId, undefined);
      assert.equal(collector.events[0].anonymousId, 'anon-7');
    });
  });

  describe('refusals', () => {
    const forwarded: SegmentMessage[] = [];
    const relay = createRelayHandler({
      forward: (message) => forwarded.push(message),
      maxEvents: 5,
      maxBytes: 2000,
      rateLimit: { events: 8, intervalMs: 60000 },
    });
    beforeEach(() => {
      forwarded.length = 0;
    });

    it('refuses a batch with more events than allowed, naming the limit', () => {
      const error = relayRefusal(() => relay({ userId: null, connectionId: 'big' }, Array.from({ length: 6 }, () => pageView())));
      assert.equal(error.error, 'analytics-batch-too-large');
      assert.match(error.reason, /6 events, more than the 5 allowed/);
      assert.equal(forwarded.length, 0);
    });

    it('refuses a batch over the byte cap', () => {
      const error = relayRefusal(() => relay({ userId: null, connectionId: 'bytes' }, [pageView({ properties: { blob: 'x'.repeat(3000) } })]));
      assert.equal(error.error, 'analytics-batch-too-large');
      assert.match(error.reason, /bytes, more than the 2000 allowed/);
    });

    it('refuses malformed batches with the index and field at fault, and forwards none of the batch', () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ not: 'an array' }, /batch must be an array/],
        [[pageView(), 'text'], /batch\[1\] must be an object/],
        [[{ type: 'alias', anonymousId: 'a' }], /batch\[0\]\.type must be "track", "page" or "identify"/],
        [[{ type: 'track', anonymousId: 'a' }], /batch\[0\]\.event is required/],
        [[{ type: 'track', event: 42, anonymousId: 'a' }], /batch\[0\]\.event must be a string/],
        [[pageView({ properties: [1, 2] })], /batch\[0\]\.properties must be an object/],
        [[pageView({ timestamp: 'yesterday' })], /batch\[0\]\.timestamp must be an ISO date/],
        [[{ type: 'page', userId: 'claimed' }], /batch\[0\] needs an anonymousId when no user is logged in/],
        [[{ type: 'identify', anonymousId: 'a', traits: { plan: 'x' } }], /identify is accepted only from a connection that was logged in/],
      ];
      for (const [batch, message] of cases) {
        const error = relayRefusal(() => relay({ userId: null, connectionId: 'bad' }, batch));
        assert.equal(error.error, 'analytics-batch-invalid');
        assert.match(error.reason, message);
      }
      assert.equal(forwarded.length, 0);
    });

    it('holds the per-connection rate limit while other connections still get through', () => {
      relay({ userId: null, connectionId: 'busy' }, Array.from({ length: 5 }, () => pageView()));
      relay({ userId: null, connectionId: 'busy' }, Array.from({ length: 3 }, () => pageView()));
      const error = relayRefusal(() => relay({ userId: null, connectionId: 'busy' }, [pageView()]));
      assert.equal(error.error, 'analytics-rate-limited');
      assert.deepEqual(relay({ userId: null, connectionId: 'calm' }, [pageView()]), { accepted: 1 });
      assert.equal(forwarded.length, 9);
    });

    it('lets a connection send again once its window has passed', () => {
      let time = 0;
      const timed = createRelayHandler({ forward: () => undefined, rateLimit: { events: 2, intervalMs: 1000 }, now: () => time });
      timed({ userId: 'u', connectionId: 'c' }, [pageView(), pageView()]);
      assert.throws(() => timed({ userId: 'u', connectionId: 'c' }, [pageView()]), /analytics-rate-limited/);
      time = 1000;
      assert.deepEqual(timed({ userId: 'u', connectionId: 'c' }, [pageView()]), { accepted: 1 });
    });
  });
});
