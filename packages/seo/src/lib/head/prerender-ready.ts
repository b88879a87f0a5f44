/** Whatever says the page is still loading: Meteor's subscriptions and methods, in the glue. */
export interface ReadinessSource {
  isReady(): boolean;
}

export interface PrerenderReadyOptions {
  /** Where `prerenderReady` is written (window). */
  target: { prerenderReady?: boolean };
  source?: ReadinessSource;
  /** Milliseconds after which the page counts as ready whatever is pending. Default 10000. */
  timeout?: number;
  /** Milliseconds the head must stay unchanged to count as settled. Default 100. */
  settleTime?: number;
  /** How often the source is polled, in ms. Default 50. */
  interval?: number;
}

/**
 * Drives `window.prerenderReady`, which the prerender server waits for before it takes the
 * page's HTML: false at once (the server already wrote false into the initial HTML), true when the
 * source is ready, no promise given to `waitFor` is pending and the head has not changed for
 * `settleTime` ms; or when `ready()` is called; or after `timeout` ms, so a page that never
 * settles is still rendered.
 */
export class PrerenderReady {
  readonly #target: { prerenderReady?: boolean };
  readonly #source: ReadinessSource | undefined;
  readonly #settleTime: number;
  readonly #pending = new Set<Promise<unknown>>();
  #headChangedAt = 0;
  #done = false;
  #poll: ReturnType<typeof setInterval> | undefined;
  #ceiling: ReturnType<typeof setTimeout> | undefined;

  constructor(options: PrerenderReadyOptions) {
    this.#target = options.target;
    this.#source = options.source;
    this.#settleTime = options.settleTime ?? 100;
    this.#target.prerenderReady = false;
    this.#headChangedAt = Date.now();
    this.#poll = setInterval(() => this.readyIfSettled(), options.interval ?? 50);
    this.#ceiling = setTimeout(() => this.ready(), options.timeout ?? 10_000);
  }

  get isReady(): boolean {
    return this.#done;
  }

  /** The head changed: wait for it to settle again. */
  headChanged(): void {
    this.#headChangedAt = Date.now();
  }

  /** Holds readiness until the promise settles (either way). Returns the same promise. */
  waitFor<T>(promise: Promise<T>): Promise<T> {
    const tracked: Promise<unknown> = promise.then(
      (): void => void this.#pending.delete(tracked),
      (): void => void this.#pending.delete(tracked),
    );
    this.#pending.add(tracked);
    return promise;
  }

  /** The page is ready now. */
  ready(): void {
    if (this.#done) return;
    this.#done = true;
    clearInterval(this.#poll);
    clearTimeout(this.#ceiling);
    this.#target.prerenderReady = true;
  }

  stop(): void {
    clearInterval(this.#poll);
    clearTimeout(this.#ceiling);
  }

  // TypeScript-private, not `#readyIfSettled()`: Meteor 3's Babel (@meteorjs/babel 7.20) rejects
  // class private methods; private fields are fine.
  private readyIfSettled(): void {
    if (this.#pending.size > 0) return;
    if (this.#source && !this.#source.isReady()) return;
    if (Date.now() - this.#headChangedAt < this.#settleTime) return;
    this.ready();
  }
}
