import type { RenderedPage } from './render-cache.ts';
import type { SharedRenderCache } from './shared-render-cache.ts';
import type { RenderLock } from './render-lock.ts';
import type { InvalidationChannel } from './invalidation-channel.ts';
import { compilePattern, serializePattern, type InvalidationPattern, type SerializedPattern } from './invalidation-pattern.ts';

/** The in-memory cache in front (L1): the RenderCache of the middleware. */
export interface MemoryCache {
  get(key: string): RenderedPage | undefined;
  set(key: string, page: RenderedPage, expiresAt?: number): boolean;
  deleteWhere(matches: (key: string) => boolean): number;
  clear(): void;
}

/** Where a page came from: L1, L2 fresh, L2 stale (being re-rendered), or a render. */
export type PageSource = 'memory' | 'redis' | 'stale' | 'renderer';

export interface FetchedPage {
  page: RenderedPage;
  source: PageSource;
}

export interface TieredRenderCacheOptions {
  memory: MemoryCache;
  /** Undefined: in-memory only (no Redis configured). */
  shared?: SharedRenderCache;
  lock?: RenderLock;
  channel?: InvalidationChannel;
  /** Milliseconds a container waits for another one's render of the same page before the crawler gets the app page. */
  waitTimeout: number;
  /** Milliseconds between looks at L2 while waiting. Default 100. */
  pollInterval?: number;
  /**
   * Runs a background re-render of a stale page if there is room (the render pool's bounds);
   * returns false when there is none, and the stale page is served as is. Default: at most 2 at once.
   */
  scheduleBackground?: (task: () => Promise<void>) => boolean;
  /** The request path (with query) a render key stands for, for `invalidate(pattern)`. */
  pathOf: (key: string) => string;
  onError?: (error: Error) => void;
}

/** A page that cannot be shared this time: the renderer failed. The caller serves the app page. */
export class RenderFailure extends Error {}

function boundedBackground(limit: number): (task: () => Promise<void>) => boolean {
  let running = 0;
  return (task) => {
    if (running >= limit) return false;
    running += 1;
    void task().finally(() => {
      running -= 1;
    });
    return true;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * L1 (memory) in front of L2 (Redis), with one render per page across containers. A miss in both
 * takes the page's Redis lock and renders; containers that miss meanwhile find the lock taken and
 * wait for the page to appear in L2 (at most `waitTimeout`, then the app page). A page past its
 * freshness is served from L2 while one container (the lock's taker) re-renders it in the
 * background, if the render pool has room. Whenever Redis fails — down at start, killed, slow —
 * the request goes on as in the in-memory-only mode: L1, else a local render, never an error.
 */
export class TieredRenderCache {
  readonly #memory: MemoryCache;
  readonly #shared?: SharedRenderCache;
  readonly #lock?: RenderLock;
  readonly #channel?: InvalidationChannel;
  readonly #waitTimeout: number;
  readonly #pollInterval: number;
  readonly #scheduleBackground: (task: () => Promise<void>) => boolean;
  readonly #pathOf: (key: string) => string;
  readonly #onError?: (error: Error) => void;
  readonly #inFlight = new Map<string, Promise<FetchedPage>>();

  constructor(options: TieredRenderCacheOptions) {
    this.#memory = options.memory;
    this.#shared = options.shared;
    this.#lock = options.lock;
    this.#channel = options.channel;
    this.#waitTimeout = options.waitTimeout;
    this.#pollInterval = options.pollInterval ?? 100;
    this.#scheduleBackground = options.scheduleBackground ?? boundedBackground(2);
    this.#pathOf = options.pathOf;
    this.#onError = options.onError;
  }

  /** L1 only, synchronously: the fast path of a request. */
  peek(key: string): RenderedPage | undefined {
    return this.#memory.get(key);
  }

  /** Whether a fetch of `key` is under way here: a `fetch` of it now joins that one. */
  isFetching(key: string): boolean {
    return this.#inFlight.has(key);
  }

  /**
   * The page for `key`: from L1, L2, another container's render, or `render()` (which resolves
   * a page worth caching or rejects). Rejects with the render's error, or a RenderFailure when the
   * other container's render did not come in time; the caller then serves the app page.
   * Concurrent calls for one key in this container share one lookup.
   */
  fetch(key: string, render: () => Promise<RenderedPage>): Promise<FetchedPage> {
    const page = this.#memory.get(key);
    if (page) return Promise.resolve({ page, source: 'memory' });
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#lookup(key, render);
      this.#inFlight.set(key, pending);
      const settled = () => this.#inFlight.delete(key);
      pending.then(settled, settled);
    }
    return pending;
  }

  /** Whether `key` has a fresh page in L1 or L2 (for warming: fresh pages are skipped). */
  async isFresh(key: string): Promise<boolean> {
    if (this.#memory.get(key)) return true;
    if (!this.#shared) return false;
    try {
      return (await this.#shared.get(key))?.fresh === true;
    } catch {
      return false;
    }
  }

  /** Renders `key` again whatever the caches hold (warming a stale page), under the lock. */
  async refresh(key: string, render: () => Promise<RenderedPage>): Promise<FetchedPage> {
    return this.#renderUnderLock(key, render, true);
  }

  // Private fields holding functions, not private methods: Meteor's Babel (@meteorjs/babel 7.20)
  // rejects class private methods.
  readonly #lookup = async (key: string, render: () => Promise<RenderedPage>): Promise<FetchedPage> => {
    const shared = this.#shared;
    if (!shared || !shared.shares(key)) return this.#renderLocally(key, render);
    let lookup;
    try {
      lookup = await shared.get(key);
    } catch (error) {
      // Redis away or slow: this container renders on its own, as without Redis.
      this.#onError?.(error as Error);
      return this.#renderLocally(key, render);
    }
    if (lookup?.fresh) {
      this.#memory.set(key, lookup.entry.page, lookup.entry.freshUntil);
      return { page: lookup.entry.page, source: 'redis' };
    }
    if (lookup) {
      this.#revalidate(key, render);
      return { page: lookup.entry.page, source: 'stale' };
    }
    return this.#renderUnderLock(key, render, false);
  };

  readonly #renderLocally = async (key: string, render: () => Promise<RenderedPage>): Promise<FetchedPage> => {
    const page = await render();
    this.#memory.set(key, page);
    // Redis may be back by now; if not, this fails at once (no offline queue) and costs nothing.
    this.#shared?.set(key, page).catch(() => undefined);
    return { page, source: 'renderer' };
  };

  readonly #renderUnderLock = async (key: string, render: () => Promise<RenderedPage>, force: boolean): Promise<FetchedPage> => {
    const shared = this.#shared;
    const lock = this.#lock;
    if (!shared || !lock || !shared.shares(key)) return this.#renderLocally(key, render);
    let held;
    try {
      held = await lock.acquire(key);
    } catch (error) {
      this.#onError?.(error as Error);
      return this.#renderLocally(key, render);
    }
    if (!held) return this.#waitForOther(key, force);
    try {
      const page = await render();
      this.#memory.set(key, page);
      // Stored before the lock goes, so the containers waiting find it.
      await shared.set(key, page).catch((error: Error) => this.#onError?.(error));
      return { page, source: 'renderer' };
    } finally {
      await held.release();
    }
  };

  readonly #waitForOther = async (key: string, force: boolean): Promise<FetchedPage> => {
    const shared = this.#shared!;
    const deadline = Date.now() + this.#waitTimeout;
    let interval = Math.min(25, this.#pollInterval);
    while (Date.now() < deadline) {
      await sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
      interval = Math.min(interval * 2, this.#pollInterval);
      try {
        const lookup = await shared.get(key);
        // While refreshing, the old page is already there: wait for a fresh one.
        if (lookup && (lookup.fresh || !force)) {
          if (lookup.fresh) this.#memory.set(key, lookup.entry.page, lookup.entry.freshUntil);
          return { page: lookup.entry.page, source: lookup.fresh ? 'redis' : 'stale' };
        }
        if (!(await this.#lock!.held(key))) {
          // Released between our two looks: the page may have been stored just before.
          const last = await shared.get(key);
          if (last && (last.fresh || !force)) {
            // Kept in memory as on the other way out: else this container asks Redis for the page
            // on every request until it expires (on a loaded machine this is the usual way out).
            if (last.fresh) this.#memory.set(key, last.entry.page, last.entry.freshUntil);
            return { page: last.entry.page, source: last.fresh ? 'redis' : 'stale' };
          }
          break;
        }
      } catch (error) {
        this.#onError?.(error as Error);
        break;
      }
    }
    throw new RenderFailure(`another container's render of ${key} did not come (waited at most ${this.#waitTimeout} ms)`);
  };

  readonly #revalidate = (key: string, render: () => Promise<RenderedPage>): void => {
    const lock = this.#lock;
    const shared = this.#shared;
    if (!lock || !shared) return;
    this.#scheduleBackground(async () => {
      let held;
      try {
        held = await lock.acquire(key);
      } catch {
        return;
      }
      if (!held) return; // another container is re-rendering it
      try {
        // Another container may have re-rendered it between this one's read of the stale page
        // and the lock: its page is then fresh in Redis, and a second render would be waste.
        const now = await shared.get(key);
        if (now?.fresh) {
          this.#memory.set(key, now.entry.page, now.entry.freshUntil);
          return;
        }
        const page = await render();
        this.#memory.set(key, page);
        await shared.set(key, page);
      } catch (error) {
        // The stale page stays until its TTL; the next crawler after it tries again.
        this.#onError?.(error as Error);
      } finally {
        await held.release();
      }
    });
  };

  /**
   * Forgets the pages whose path matches, here, in Redis, and (through pub/sub) in every other
   * container's L1. Resolves how many Redis entries went; a Redis failure rejects after L1 was cleared.
   */
  async invalidate(pattern: InvalidationPattern): Promise<number> {
    return this.#invalidate(serializePattern(pattern));
  }

  /** Forgets every page, everywhere. */
  async clear(): Promise<number> {
    return this.#invalidate({ all: true });
  }

  /** An invalidation another container published: L1 only (it did Redis). */
  applyRemote(pattern: SerializedPattern): void {
    this.#forgetInMemory(pattern);
  }

  readonly #forgetInMemory = (pattern: SerializedPattern): void => {
    if ('all' in pattern) {
      this.#memory.clear();
      return;
    }
    const matches = compilePattern(pattern);
    this.#memory.deleteWhere((key) => matches(this.#pathOf(key)));
  };

  readonly #invalidate = async (pattern: SerializedPattern): Promise<number> => {
    this.#forgetInMemory(pattern);
    if (!this.#shared) return 0;
    const matches = compilePattern(pattern);
    const deleted = 'all' in pattern ? await this.#shared.clear() : await this.#shared.deleteWhere((key) => matches(this.#pathOf(key)));
    await this.#channel?.publish(pattern);
    return deleted;
  };
}
