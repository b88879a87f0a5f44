import assert from 'node:assert/strict';
import { RenderPool, RenderPoolBusyError } from '../../packages/seo/src/index.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((done, fail) => ((resolve = done), (reject = fail)));
  return { promise, resolve, reject };
}

describe('render pool', () => {
  it('runs at most `concurrency` tasks, queues up to `queueSize`, refuses the rest at once', async () => {
    const pool = new RenderPool({ concurrency: 2, queueSize: 1 });
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    let started = 0;
    const runs = gates.map((gate) => pool.run(() => ((started += 1), gate.promise), Date.now() + 10_000));
    const refused = pool.run(async () => 'never', Date.now() + 10_000);
    await assert.rejects(refused, (error: unknown) => error instanceof RenderPoolBusyError && error.reason === 'full');
    assert.equal(started, 2);
    assert.equal(pool.running, 2);
    assert.equal(pool.queued, 1);
    gates[0].resolve('a');
    assert.equal(await runs[0], 'a');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(started, 3, 'the queued task took the freed slot');
    gates[1].resolve('b');
    gates[2].resolve('c');
    assert.deepEqual(await Promise.all(runs), ['a', 'b', 'c']);
    assert.equal(pool.running, 0);
  });

  it('gives a queued task its remaining time, and refuses it once its deadline passes while queued', async () => {
    let now = 1_000;
    const pool = new RenderPool({ concurrency: 1, queueSize: 5, now: () => now });
    const gate = deferred<void>();
    const first = pool.run(() => gate.promise, now + 1_000);
    const remaining: number[] = [];
    const second = pool.run(async (ms) => void remaining.push(ms), now + 1_000);
    const late = pool.run(async () => 'never', now + 50);
    now += 400;
    gate.resolve();
    await first;
    await second;
    assert.deepEqual(remaining, [600]);
    await assert.rejects(late, (error: unknown) => error instanceof RenderPoolBusyError && error.reason === 'waited');
  });

  it('never starts a queued render with only a few milliseconds left (a slot freed by a render timing out at the same deadline)', async () => {
    let now = 1_000;
    const pool = new RenderPool({ concurrency: 1, queueSize: 5, now: () => now });
    const gate = deferred<void>();
    const first = pool.run(() => gate.promise, now + 300);
    let started = 0;
    const second = pool.run(async () => void (started += 1), now + 305);
    now += 300;
    gate.reject(new Error('the renderer did not answer within 300 ms'));
    await assert.rejects(first, /did not answer/);
    await assert.rejects(second, (error: unknown) => error instanceof RenderPoolBusyError && error.reason === 'waited');
    assert.equal(started, 0);
    assert.equal(pool.running, 0);
  });

  it('frees the slot when a task throws, synchronously or not', async () => {
    const pool = new RenderPool({ concurrency: 1, queueSize: 0 });
    await assert.rejects(pool.run(() => {
      throw new Error('sync');
    }, Date.now() + 1000), /sync/);
    await assert.rejects(pool.run(async () => {
      throw new Error('async');
    }, Date.now() + 1000), /async/);
    assert.equal(await pool.run(async () => 'ok', Date.now() + 1000), 'ok');
    assert.equal(pool.running, 0);
  });
});
