import assert from 'node:assert/strict';
import { trackMethods, trackedMethodMixin } from '../../packages/analytics/src/lib/track-methods.ts';
import { createTrackedCallAsync } from '../../packages/analytics/src/lib/create-tracked-call-async.ts';

interface Recorded {
  event: string;
  properties: Record<string, unknown>;
  userId?: string | null;
}

// Meteor.Error as Meteor 3 builds it: errorType 'Meteor.Error', `error` the code, `reason` the text.
class MeteorError extends Error {
  readonly errorType = 'Meteor.Error';
  constructor(
    readonly error: string | number,
    readonly reason?: string,
  ) {
    super(`${reason} [${error}]`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('method tracking', () => {
  const recorded: Recorded[] = [];
  const options = { record: (event: string, properties: Record<string, unknown>, userId: string | null) => void recorded.push({ event, properties, userId }) };
  beforeEach(() => {
    recorded.length = 0;
  });

  const methods = trackMethods(
    {
      'orders.count'(this: { userId?: string | null }) {
        return 3;
      },
      async 'orders.place'(this: { userId?: string | null }, item: string) {
        await sleep(30);
        return `placed ${item}`;
      },
      'orders.cancel'() {
        throw new MeteorError('not-authorized', 'user alice@example.com may not cancel order 7');
      },
      async 'orders.refund'() {
        await sleep(5);
        throw new Error('card 4242 4242 4242 4242 declined');
      },
    },
    options,
  );

  it('records name, duration and ok for a method that returns, with the real this.userId', () => {
    assert.equal(methods['orders.count'].call({ userId: 'u-server' }), 3);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].event, 'Method Called');
    assert.equal(recorded[0].userId, 'u-server');
    assert.equal(recorded[0].properties.method, 'orders.count');
    assert.equal(recorded[0].properties.outcome, 'ok');
    assert.equal(typeof recorded[0].properties.durationMs, 'number');
  });

  it('times an async method until its promise settles', async () => {
    assert.equal(await methods['orders.place'].call({ userId: 'u1' }, 'book'), 'placed book');
    assert.equal(recorded[0].properties.outcome, 'ok');
    assert.ok((recorded[0].properties.durationMs as number) >= 25, `durationMs ${recorded[0].properties.durationMs}`);
  });

  it("records a thrown Meteor.Error by its code and never its message, and still throws it", () => {
    assert.throws(() => methods['orders.cancel'].call({ userId: 'u1' }), /not-authorized/);
    assert.equal(recorded[0].properties.outcome, 'not-authorized');
    assert.doesNotMatch(JSON.stringify(recorded), /alice|order 7/);
  });

  it('records a rejected async method as internal-error without the message', async () => {
    await assert.rejects(methods['orders.refund'].call({ userId: 'u1' }), /declined/);
    assert.equal(recorded[0].properties.outcome, 'internal-error');
    assert.doesNotMatch(JSON.stringify(recorded), /4242/);
  });

  it('does not count a client stub run (isSimulation), so the method is counted once, on the server', () => {
    methods['orders.count'].call({ userId: 'u1', isSimulation: true });
    assert.equal(recorded.length, 0);
    methods['orders.count'].call({ userId: 'u1', isSimulation: false });
    assert.equal(recorded.length, 1);
  });

  it('calls straight through and records nothing when analytics is off', () => {
    const off = trackMethods({ ping: () => 'pong' }, { ...options, enabled: () => false });
    assert.equal(off.ping.call({}), 'pong');
    assert.equal(recorded.length, 0);
  });

  it('refuses a method that is not a function, naming it', () => {
    assert.throws(() => trackMethods({ broken: 42 as never }, options), /method "broken" is not a function/);
  });

  it('wraps a ValidatedMethod run through the mixin, with its name', async () => {
    const mixin = trackedMethodMixin(options);
    const method = mixin({
      name: 'todos.insert',
      validate: null,
      async run(this: { userId?: string | null }) {
        return 'id1';
      },
    });
    assert.equal(await method.run.call({ userId: 'vm-user' }), 'id1');
    assert.deepEqual(
      recorded.map((entry) => [entry.properties.method, entry.properties.outcome, entry.userId]),
      [['todos.insert', 'ok', 'vm-user']],
    );
    await method.run.call({ userId: 'vm-user', isSimulation: true });
    assert.equal(recorded.length, 1);
  });

  it('times Meteor.callAsync from the client: the latency the user waited, and the error code', async () => {
    const events: Recorded[] = [];
    const callAsync = async (name: string, delay: number): Promise<string> => {
      await sleep(delay);
      if (name === 'fails') throw new MeteorError(403, 'no');
      return 'done';
    };
    const timed = createTrackedCallAsync(callAsync, { record: (event, properties) => void events.push({ event, properties }) });
    assert.equal(await timed('slow.method', 40), 'done');
    await assert.rejects(timed('fails', 1));
    assert.equal(events[0].event, 'Method Latency');
    assert.equal(events[0].properties.method, 'slow.method');
    assert.ok((events[0].properties.latencyMs as number) >= 35);
    assert.equal(events[1].properties.outcome, '403');
  });
});
