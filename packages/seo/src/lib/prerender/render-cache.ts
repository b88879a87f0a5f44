/** A page as the renderer answered it: status, headers (a 301 keeps its Location) and body. */
export interface RenderedPage {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface RenderCacheOptions {
  /** Pages kept; the least recently used goes first. 0 keeps nothing. */
  maxEntries: number;
  /**
   * Bytes kept (bodies, headers and keys), the least recently used going first. Default
   * unbounded; the middleware passes `seo.prerender.cacheBytes` (50 MB): 500 pages of 2 MB were 1 GB.
   */
  maxBytes?: number;
  /** Milliseconds a page stays fresh. */
  lifetime: number;
  /** The clock, injectable for tests. */
  now?: () => number;
}

interface Entry {
  page: RenderedPage;
  expires: number;
  bytes: number;
}

/**
 * Whether a renderer's answer says something lasting about the page: 200, a redirect (301, 302,
 * 303, 307, 308), 404 or 410. Never a 304 or 206 (an answer to one crawler's conditional or range
 * request, empty or partial for the next), nor another 4xx (a refusal of that request), nor a 5xx
 * (an outage that must not outlive itself). 305 and 306 are obsolete and never a page's answer.
 */
export function isCacheableStatus(status: number): boolean {
  return status === 200 || status === 301 || status === 302 || status === 303 || status === 307 || status === 308 || status === 404 || status === 410;
}

function sizeOf(key: string, page: RenderedPage): number {
  let bytes = page.body.length + Buffer.byteLength(key) * 2 + 64;
  for (const [name, value] of Object.entries(page.headers)) {
    bytes += name.length + (Array.isArray(value) ? value.reduce((sum, item) => sum + item.length, 0) : value.length);
  }
  return bytes;
}

/**
 * A bounded in-memory cache of rendered pages, least recently used first out, each with a
 * lifetime, bounded in entries and in bytes. Only cacheable statuses are stored (`isCacheableStatus`).
 */
export class RenderCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #lifetime: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: RenderCacheOptions) {
    this.#maxEntries = Math.max(0, Math.floor(options.maxEntries));
    this.#maxBytes = options.maxBytes === undefined ? Infinity : Math.max(0, options.maxBytes);
    this.#lifetime = options.lifetime;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held (bodies, headers and keys, roughly). */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): RenderedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= this.#now()) {
      this.#bytes -= entry.bytes;
      return undefined;
    }
    // Re-inserting moves the key to the end of the Map's order: the most recently used.
    this.#entries.set(key, entry);
    return entry.page;
  }

  /**
   * Stores a page unless its status is not cacheable or it alone is over the byte bound; returns
   * whether it was stored. `expiresAt` (ms) shortens its life, for a page that came from the
   * shared cache part-way through its own.
   */
  set(key: string, page: RenderedPage, expiresAt?: number): boolean {
    const bytes = sizeOf(key, page);
    this.delete(key);
    if (this.#maxEntries === 0 || !isCacheableStatus(page.status) || bytes > this.#maxBytes) return false;
    const expires = Math.min(this.#now() + this.#lifetime, expiresAt ?? Infinity);
    this.#entries.set(key, { page, expires, bytes });
    this.#bytes += bytes;
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      this.delete(this.#entries.keys().next().value as string);
    }
    return true;
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    return true;
  }

  /** Forgets the pages whose key satisfies `matches`; returns how many. */
  deleteWhere(matches: (key: string) => boolean): number {
    let deleted = 0;
    for (const key of [...this.#entries.keys()]) {
      if (matches(key) && this.delete(key)) deleted += 1;
    }
    return deleted;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
