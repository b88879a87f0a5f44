/** A page as the renderer answered it: status, headers (a 301 keeps its Location) and body. */
export interface RenderedPage {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface RenderCacheOptions {
  /** Pages kept; the least recently used goes first. 0 keeps nothing. */
  maxEntries: number;
  /** Milliseconds a page stays fresh. */
  lifetime: number;
  /** The clock, injectable for tests. */
  now?: () => number;
}

interface Entry {
  page: RenderedPage;
  expires: number;
}

/**
 * A bounded in-memory cache of rendered pages, least recently used first out, each with a
 * lifetime. Server errors are never stored: a renderer's 5xx must not outlive its outage.
 */
export class RenderCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #lifetime: number;
  readonly #now: () => number;

  constructor(options: RenderCacheOptions) {
    this.#maxEntries = Math.max(0, Math.floor(options.maxEntries));
    this.#lifetime = options.lifetime;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): RenderedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= this.#now()) return undefined;
    // Re-inserting moves the key to the end of the Map's order: the most recently used.
    this.#entries.set(key, entry);
    return entry.page;
  }

  /**
   * Stores a page unless it is a server error; returns whether it was stored. `expiresAt` (ms)
   * shortens its life, for a page that came from the shared cache part-way through its own.
   */
  set(key: string, page: RenderedPage, expiresAt?: number): boolean {
    if (this.#maxEntries === 0 || page.status >= 500) return false;
    const expires = Math.min(this.#now() + this.#lifetime, expiresAt ?? Infinity);
    this.#entries.delete(key);
    this.#entries.set(key, { page, expires });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return true;
  }

  /** Forgets the pages whose key satisfies `matches`; returns how many. */
  deleteWhere(matches: (key: string) => boolean): number {
    let deleted = 0;
    for (const key of [...this.#entries.keys()]) {
      if (matches(key)) {
        this.#entries.delete(key);
        deleted += 1;
      }
    }
    return deleted;
  }

  clear(): void {
    this.#entries.clear();
  }
}
