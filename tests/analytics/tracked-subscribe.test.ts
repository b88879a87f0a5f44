import assert from 'node:assert/strict';
import { createTrackedSubscribe } from '../../packages/analytics/src/lib/create-tracked-subscribe.ts';

interface Sub {
  id: string;
  key: string;
  ready: boolean;
  callbacks: { onReady?: () => void; onStop?: (error?: unknown) => void };
}

/**
 * Meteor's client subscribe, as ddp-client's livedata_connection does it: a subscription with the
 * same name and arguments that is still live is re-used (same id, callbacks replaced, onReady run at
 * once if already ready), which is what an autorun re-run hits.
 */
function meteorLikeSubscribe() {
  const subs = new Map<string, Sub>();
  let next = 0;
  const subscribe = (name: string, ...rest: unknown[]) => {
    const callbacks = (rest.pop() ?? {}) as Sub['callbacks'];
    const key = JSON.stringify([name, rest]);
    let sub = [...subs.values()].find((candidate) => candidate.key === key);
    if (sub) {
      sub.callbacks = callbacks;
      if (sub.ready) callbacks.onReady?.();
    } else {
      next += 1;
      sub = { id: `sub${next}`, key, ready: false, callbacks };
      subs.set(sub.id, sub);
    }
    const current = sub;
    return {
      subscriptionId: current.id,
      ready: () => current.ready,
      stop: () => {
        subs.delete(current.id);
        current.callbacks.onStop?.();
      },
    };
  };
  const server = {
    ready(id: string) {
      const sub = subs.get(id)!;
      sub.ready = true;
      sub.callbacks.onReady?.();
    },
    fail(id: string, error: unknown) {
      const sub = subs.get(id)!;
      subs.delete(id);
      sub.callbacks.onStop?.(error);
    },
  };
  return { subscribe, server };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('trackedSubscribe', () => {
  const events: Array<{ event: string; properties: Record<string, unknown> }> = [];
  beforeEach(() => {
    events.length = 0;
  });
  const record = (event: string, properties: Record<string, unknown>): void => void events.push({ event, properties });

  it('records one Ready event with the time to ready, however often an autorun re-subscribes', async () => {
    const { subscribe, server } = meteorLikeSubscribe();
    const trackedSubscribe = createTrackedSubscribe(subscribe, { record });
    let userReady = 0;
    const handle = trackedSubscribe('posts.list', { limit: 10 }, () => (userReady += 1));
    await sleep(20);
    server.ready(handle.subscriptionId);
    for (let rerun = 0; rerun < 3; rerun += 1) {
      const again = trackedSubscribe('posts.list', { limit: 10 }, () => (userReady += 1));
      assert.equal(again.subscriptionId, handle.subscriptionId);
    }
    await sleep(0);
    assert.equal(userReady, 4, "the app's own onReady still runs every time");
    assert.deepEqual(
      events.map((entry) => entry.event),
      ['Subscription Ready'],
    );
    assert.equal(events[0].properties.subscription, 'posts.list');
    assert.ok((events[0].properties.readyMs as number) >= 15);
  });

  it('records a stop once, with how long the subscription lived, and returns the usual handle', async () => {
    const { subscribe, server } = meteorLikeSubscribe();
    const trackedSubscribe = createTrackedSubscribe(subscribe, { record });
    const handle = trackedSubscribe('feed');
    server.ready(handle.subscriptionId);
    assert.equal(handle.ready(), true);
    handle.stop();
    assert.deepEqual(
      events.map((entry) => [entry.event, entry.properties.subscription]),
      [
        ['Subscription Ready', 'feed'],
        ['Subscription Stopped', 'feed'],
      ],
    );
  });

  it("records a publication's error by its code and hands the error to the app's onStop", () => {
    const { subscribe, server } = meteorLikeSubscribe();
    const trackedSubscribe = createTrackedSubscribe(subscribe, { record });
    const seen: unknown[] = [];
    const handle = trackedSubscribe('secret.docs', 'id-1', { onStop: (error: unknown) => seen.push(error) });
    const error = Object.assign(new Error('user bob cannot read id-1'), { error: 'not-authorized', errorType: 'Meteor.Error' });
    server.fail(handle.subscriptionId, error);
    assert.deepEqual(seen, [error]);
    assert.deepEqual(events, [{ event: 'Subscription Error', properties: { subscription: 'secret.docs', error: 'not-authorized', ready: false } }]);
  });

  it('a new subscription with other arguments is a new event', () => {
    const { subscribe, server } = meteorLikeSubscribe();
    const trackedSubscribe = createTrackedSubscribe(subscribe, { record });
    server.ready(trackedSubscribe('post', 'a').subscriptionId);
    server.ready(trackedSubscribe('post', 'b').subscriptionId);
    assert.equal(events.filter((entry) => entry.event === 'Subscription Ready').length, 2);
  });

  it('records nothing and passes arguments through unchanged when analytics is off', () => {
    const calls: unknown[][] = [];
    const subscribe = (...args: unknown[]) => {
      calls.push(args);
      return { subscriptionId: 'x', ready: () => false, stop: () => undefined };
    };
    const onReady = (): void => undefined;
    createTrackedSubscribe(subscribe, { record, enabled: () => false })('feed', 1, onReady);
    assert.deepEqual(calls, [['feed', 1, onReady]]);
    assert.equal(events.length, 0);
  });
});
