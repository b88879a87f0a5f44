/**
 * A double-ended ring buffer that never holds more than `capacity` items: pushing onto a full
 * queue drops the oldest item and returns it, so memory is bounded at every instant (not only when
 * some pump compacts an array). Storage grows by doubling up to `capacity`, so a large bound costs
 * nothing until it is used.
 */
export class BoundedQueue<T> {
  readonly capacity: number;
  #items: Array<T | undefined>;
  #start = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`BoundedQueue: capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(Math.min(capacity, 64));
  }

  get size(): number {
    return this.#size;
  }

  /** Adds at the back; when full, the front (oldest) item is dropped and returned. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.#size === this.capacity) dropped = this.shift();
    else if (this.#size === this.#items.length) this.grow();
    this.#items[(this.#start + this.#size) % this.#items.length] = item;
    this.#size += 1;
    return dropped;
  }

  /**
   * Puts an item back at the front (it is the oldest). When the queue is full the item itself is
   * the one that does not fit: it is returned, not stored.
   */
  unshift(item: T): T | undefined {
    if (this.#size === this.capacity) return item;
    if (this.#size === this.#items.length) this.grow();
    this.#start = (this.#start - 1 + this.#items.length) % this.#items.length;
    this.#items[this.#start] = item;
    this.#size += 1;
    return undefined;
  }

  /** Removes and returns the front (oldest) item. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#start];
    // Cleared so the dropped item can be collected at once.
    this.#items[this.#start] = undefined;
    this.#start = (this.#start + 1) % this.#items.length;
    this.#size -= 1;
    return item;
  }

  /** Removes everything; returns how many items there were. */
  clear(): number {
    const size = this.#size;
    this.#items = new Array<T | undefined>(Math.min(this.capacity, 64));
    this.#start = 0;
    this.#size = 0;
    return size;
  }

  // A plain method, not #grow(): Meteor's Babel (@meteorjs/babel 7.20) rejects class private methods.
  private grow(): void {
    const next = new Array<T | undefined>(Math.min(this.capacity, this.#items.length * 2));
    for (let i = 0; i < this.#size; i += 1) next[i] = this.#items[(this.#start + i) % this.#items.length];
    this.#items = next;
    this.#start = 0;
  }
}
