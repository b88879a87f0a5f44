import assert from 'node:assert/strict';
import { createServerEvents, type EventQueue } from '../../packages/analytics/src/lib/server-events.ts';
import type { SegmentMessage } from '../../packages/analytics/src/lib/segment-message.ts';

function recordingQueue(fail?: (message: SegmentMessage) => boolean): EventQueue & { messages: SegmentMessage[] } {
  const messages: SegmentMessage[] = [];
  return {
    messages,
    enqueue(message) {
      if (fail?.(message)) throw new Error(`refused ${message.event}`);
      messages.push(message);
    },
    flush: async () => undefined,
    stats: () => ({ queued: 0, inFlight: 0, delivered: messages.length, dropped: 0, lost: 0, refused: 0 }),
  };
}

describe("the server's analytics.track / page / identify", () => {
  it("takes the browser's call, with who it is about as the third argument", () => {
    const events = createServerEvents();
    const queue = recordingQueue();
    events.start(queue);
    events.track('Order Placed', { total: 42 }, { userId: 'u1' });
    events.track('Newsletter Opened', undefined, { anonymousId: 'anon-1' });
    events.page('Pricing', { path: '/pricing' }, { userId: 'u1' });
    events.identify('u1', { plan: 'pro' });
    assert.deepEqual(queue.messages, [
      { type: 'track', event: 'Order Placed', properties: { total: 42 }, userId: 'u1' },
      { type: 'track', event: 'Newsletter Opened', anonymousId: 'anon-1' },
      { type: 'page', name: 'Pricing', properties: { path: '/pricing' }, userId: 'u1' },
      { type: 'identify', userId: 'u1', traits: { plan: 'pro' } },
    ]);
  });

  it("still takes Segment's Node library form, track({ userId, event, properties })", () => {
    const events = createServerEvents();
    const queue = recordingQueue();
    events.start(queue);
    events.track({ userId: 'u1', event: 'Signed Up', properties: { via: 'email' } });
    assert.deepEqual(queue.messages, [{ userId: 'u1', event: 'Signed Up', properties: { via: 'email' }, type: 'track' }]);
  });

  it('fails at the call, naming the missing field, when neither userId nor anonymousId is given: after startup and before it', () => {
    const before = createServerEvents();
    assert.throws(() => before.track('Order Placed', { total: 1 }), /analytics\.track\("Order Placed"\): on the server the event needs a userId or an anonymousId: pass \{ userId \} or \{ anonymousId \}/);
    assert.throws(() => before.track({ event: 'Order Placed' } as never), /needs a userId or an anonymousId field/);
    assert.throws(() => before.track('', {}, { userId: 'u' }), /event must be a non-empty string/);
    assert.throws(() => before.track('E', 'not an object' as never, { userId: 'u' }), /second argument must be an object/);
    const queue = recordingQueue();
    before.start(queue);
    assert.throws(() => before.page('Home'), /analytics\.page\("Home"\): on the server the event needs a userId or an anonymousId/);
    assert.equal(queue.messages.length, 0);
  });

  it('hands on what was tracked before startup, and a failure then is logged, never thrown (startup goes on)', () => {
    const logs: string[] = [];
    const events = createServerEvents({ log: (line) => logs.push(line), maxEarly: 3 });
    events.track('Early 1', {}, { userId: 'u' });
    events.track('Poison', {}, { userId: 'u' });
    events.track('Early 2', {}, { userId: 'u' });
    events.track('Over The Bound', {}, { userId: 'u' });
    const queue = recordingQueue((message) => message.event === 'Poison');
    assert.doesNotThrow(() => events.start(queue));
    assert.deepEqual(queue.messages.map((message) => message.event), ['Early 1', 'Early 2']);
    assert.match(logs.join('\n'), /1 events tracked before startup were dropped \(more than 3\)/);
    assert.match(logs.join('\n'), /1 events tracked before startup could not be queued \(refused Poison\)/);
  });

  it('drops events quietly once started without a write key, and says it is not enabled', () => {
    const events = createServerEvents();
    events.track('Early', {}, { userId: 'u' });
    assert.equal(events.enabled(), true);
    events.start(undefined);
    assert.equal(events.enabled(), false);
    assert.doesNotThrow(() => events.track('Late', {}, { userId: 'u' }));
    assert.equal(events.stats(), undefined);
  });
});
