export interface RenderPoolOptions {
  /** Renders at once. */
  concurrency: number;
  /** Renders waiting for a slot; past it, `run` refuses at once. */
  queueSize: number;
  now?: () => number;
}

/** Why a render did not run: the queue was full, or the render waited past its deadline. */
export class RenderPoolBusyError extends Error {
  readonly reason: 'full' | 'waited';
  constructor(reason: 'full' | 'waited', message: string) {
    super(message);
    this.name = 'RenderPoolBusyError';
    this.reason = reason;
  }
}

interface Waiting {
  start: (floor: number) => void;
  timer: ReturnType<typeof setTimeout>;
  /** The least time worth starting with, once it has waited. */
  floor: number;
}

/**
 * A queued render gives up this long before its deadline (at most half its wait): a slot freed by
 * a render that timed out at the same deadline would otherwise start a render with a few
 * milliseconds left, which no renderer meets, for a crawler that gets the app page anyway.
 */
const QUEUED_FLOOR_MS = 100;

/**
 * At most `concurrency` renders at once and `queueSize` waiting. Each headless-Chromium render
 * costs the renderer tens of MB: 300 crawler requests with unique query strings made 300 renders
 * at once (159 in flight), grew Chromium from 950 MB to 6.9 GB and timed out every crawler. A
 * bounded pool keeps the renderer answering; a request past it gets the app page at once.
 */
export class RenderPool {
  readonly #concurrency: number;
  readonly #queueSize: number;
  readonly #now: () => number;
  readonly #waiting: Waiting[] = [];
  #running = 0;

  constructor(options: RenderPoolOptions) {
    this.#concurrency = Math.max(1, Math.floor(options.concurrency));
    this.#queueSize = Math.max(0, Math.floor(options.queueSize));
    this.#now = options.now ?? Date.now;
  }

  /** Renders in progress. */
  get running(): number {
    return this.#running;
  }

  /** Renders waiting for a slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Every slot taken and the queue full: `run` would refuse at once. */
  get full(): boolean {
    return this.#running >= this.#concurrency && this.#waiting.length >= this.#queueSize;
  }

  /**
   * Runs `task` once a slot is free, passing it the milliseconds left before `deadline` (an
   * absolute time on the pool's clock). Rejects with RenderPoolBusyError at once when every slot
   * is taken and the queue is full, or when the deadline passes while waiting.
   */
  run<T>(task: (remaining: number) => Promise<T>, deadline: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (floor: number) => {
        const remaining = deadline - this.#now();
        if (remaining <= floor) {
          // Its time ran out just as a slot freed up: the slot goes to the next one.
          reject(new RenderPoolBusyError('waited', 'no render slot freed up before the timeout'));
          this.#next();
          return;
        }
        this.#running += 1;
        let settled: Promise<T>;
        try {
          settled = task(remaining);
        } catch (error) {
          settled = Promise.reject(error);
        }
        // The slot is given back before the caller hears: `running` is exact when it does.
        const done = () => {
          this.#running -= 1;
          this.#next();
        };
        settled.then(
          (value) => {
            done();
            resolve(value);
          },
          (error: unknown) => {
            done();
            reject(error);
          },
        );
      };
      if (this.#running < this.#concurrency) {
        start(0);
        return;
      }
      if (this.#waiting.length >= this.#queueSize) {
        reject(new RenderPoolBusyError('full', `the render pool is full (${this.#running} rendering, ${this.#waiting.length} waiting)`));
        return;
      }
      const wait = Math.max(0, deadline - this.#now());
      const floor = Math.min(QUEUED_FLOOR_MS, wait / 2);
      const waiting: Waiting = {
        start,
        floor,
        timer: setTimeout(() => {
          const at = this.#waiting.indexOf(waiting);
          if (at >= 0) this.#waiting.splice(at, 1);
          reject(new RenderPoolBusyError('waited', 'no render slot freed up before the timeout'));
        }, wait - floor),
      };
      this.#waiting.push(waiting);
    });
  }

  // A private field holding a function, not a private method: Meteor's Babel (@meteorjs/babel
  // 7.20) rejects class private methods.
  readonly #next = (): void => {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      const waiting = this.#waiting.shift() as Waiting;
      clearTimeout(waiting.timer);
      waiting.start(waiting.floor);
    }
  };
}
