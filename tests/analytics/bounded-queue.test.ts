import assert from 'node:assert/strict';
import { BoundedQueue } from '../../packages/analytics/src/lib/bounded-queue.ts';

const drain = <T>(queue: BoundedQueue<T>): T[] => {
  const items: T[] = [];
  while (queue.size > 0) items.push(queue.shift()!);
  return items;
};

describe('the bounded queue behind the server analytics', () => {
  it('never holds more than its capacity: a push onto a full queue drops and returns the oldest', () => {
    const queue = new BoundedQueue<number>(3);
    const dropped = [1, 2, 3, 4, 5].map((n) => queue.push(n));
    assert.deepEqual(dropped, [undefined, undefined, undefined, 1, 2]);
    assert.equal(queue.size, 3);
    assert.deepEqual(drain(queue), [3, 4, 5]);
  });

  it('puts an item back at the front, and refuses it (returns it) when full', () => {
    const queue = new BoundedQueue<string>(2);
    queue.push('b');
    assert.equal(queue.unshift('a'), undefined);
    assert.equal(queue.unshift('z'), 'z');
    assert.deepEqual(drain(queue), ['a', 'b']);
  });

  it('keeps order across wrap-around and growth far past its first storage', () => {
    const queue = new BoundedQueue<number>(1000);
    for (let i = 0; i < 700; i += 1) queue.push(i);
    for (let i = 0; i < 500; i += 1) assert.equal(queue.shift(), i);
    for (let i = 700; i < 1500; i += 1) queue.push(i);
    assert.equal(queue.size, 1000);
    assert.deepEqual(drain(queue), Array.from({ length: 1000 }, (_, i) => 500 + i));
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new BoundedQueue(0), /capacity must be a positive integer/);
  });
});
