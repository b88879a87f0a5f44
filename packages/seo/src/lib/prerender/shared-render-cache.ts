import type { RedisConnection } from './redis-connection.ts';
import { isCacheableStatus, type RenderedPage } from './render-cache.ts';
import { decodeRenderEntry, encodeRenderEntry, type RenderEntry } from './render-entry-codec.ts';

export interface SharedRenderCacheOptions {
  redis: RedisConnection;
  /** Prepended to every key, e.g. `flightdeck:seo:` (one Redis can serve several apps). */
  keyPrefix: string;
  /** Milliseconds a page is fresh. */
  lifetime: number;
  /** Milliseconds Redis keeps a page (≥ lifetime): past `lifetime` it is stale, served while re-rendered. */
  ttl: number;
  /** Bytes of one encoded entry at most (body, headers and framing); larger ones are neither stored nor served. */
  maxEntryBytes: number;
  /** Render keys longer than this are not shared (Redis keys stay small; such URLs are rare). Default 2048. */
  maxKeyLength?: number;
  /** Called when an entry is dropped as corrupt or oversized. */
  onDrop?: (key: string, reason: string) => void;
  now?: () => number;
}

export interface SharedLookup {
  entry: RenderEntry;
  fresh: boolean;
}

/**
 * L2: rendered pages in Redis, shared by every container. Values are read with GETRANGE capped at
 * the byte limit, so an oversized value (written by something else, or before the limit shrank)
 * costs one bounded read and is deleted, never buffered whole. Every failure rejects: the caller
 * decides what an unreachable Redis means for the request.
 */
export class SharedRenderCache {
  readonly #redis: RedisConnection;
  readonly #pagePrefix: string;
  readonly #lifetime: number;
  readonly #ttl: number;
  readonly #maxEntryBytes: number;
  readonly #maxKeyLength: number;
  readonly #onDrop?: (key: string, reason: string) => void;
  readonly #now: () => number;

  constructor(options: SharedRenderCacheOptions) {
    this.#redis = options.redis;
    this.#pagePrefix = `${options.keyPrefix}page:`;
    this.#lifetime = options.lifetime;
    this.#ttl = Math.max(options.ttl, options.lifetime);
    this.#maxEntryBytes = options.maxEntryBytes;
    this.#maxKeyLength = options.maxKeyLength ?? 2048;
    this.#onDrop = options.onDrop;
    this.#now = options.now ?? Date.now;
  }

  /** Whether a render key can live in Redis at all. */
  shares(key: string): boolean {
    return key.length > 0 && key.length <= this.#maxKeyLength;
  }

  redisKey(key: string): string {
    return `${this.#pagePrefix}${key}`;
  }

  /** The entry, with whether it is still fresh; undefined when absent, corrupt or oversized (those two are deleted). */
  async get(key: string): Promise<SharedLookup | undefined> {
    if (!this.shares(key)) return undefined;
    const redisKey = this.redisKey(key);
    let bytes: Buffer;
    try {
      bytes = (await this.#redis.send(['GETRANGE', redisKey, '0', String(this.#maxEntryBytes)], { buffers: true })) as Buffer;
    } catch (error) {
      // A key of another type (a list someone wrote there): not ours to serve.
      if (/WRONGTYPE/.test((error as Error).message)) {
        await this.#drop(key, 'not a string value');
        return undefined;
      }
      throw error;
    }
    if (!Buffer.isBuffer(bytes) || bytes.length === 0) return undefined;
    if (bytes.length > this.#maxEntryBytes) {
      await this.#drop(key, `larger than ${this.#maxEntryBytes} bytes`);
      return undefined;
    }
    const decoded = decodeRenderEntry(key, bytes);
    if ('corrupt' in decoded) {
      await this.#drop(key, decoded.corrupt);
      return undefined;
    }
    const now = this.#now();
    if (decoded.renderedAt + this.#ttl <= now) return undefined;
    return { entry: decoded, fresh: decoded.freshUntil > now };
  }

  /** Stores a page (a cacheable status, within the byte limit); resolves whether it was stored. */
  async set(key: string, page: RenderedPage): Promise<boolean> {
    if (!this.shares(key) || !isCacheableStatus(page.status)) return false;
    const renderedAt = this.#now();
    const bytes = encodeRenderEntry(key, { page, renderedAt, freshUntil: renderedAt + this.#lifetime });
    if (bytes.length > this.#maxEntryBytes) return false;
    await this.#redis.send(['SET', this.redisKey(key), bytes, 'PX', String(Math.ceil(this.#ttl))]);
    return true;
  }

  async delete(key: string): Promise<void> {
    if (this.shares(key)) await this.#redis.send(['UNLINK', this.redisKey(key)]);
  }

  /**
   * Deletes every page whose render key satisfies `matches`; resolves how many. SCAN walks the
   * key space in steps (never KEYS, which blocks Redis), only under our prefix.
   */
  async deleteWhere(matches: (key: string) => boolean, options: { timeout?: number } = {}): Promise<number> {
    const timeout = options.timeout ?? 2000;
    let cursor = '0';
    let deleted = 0;
    const pattern = `${escapeGlob(this.#pagePrefix)}*`;
    do {
      const [next, keys] = (await this.#redis.send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '500'], { timeout })) as [string, string[]];
      cursor = String(next);
      const doomed = keys.filter((redisKey) => matches(redisKey.slice(this.#pagePrefix.length)));
      if (doomed.length > 0) deleted += Number(await this.#redis.send(['UNLINK', ...doomed], { timeout }));
    } while (cursor !== '0');
    return deleted;
  }

  clear(options: { timeout?: number } = {}): Promise<number> {
    return this.deleteWhere(() => true, options);
  }

  // Private fields holding functions, not private methods: Meteor's Babel (@meteorjs/babel 7.20)
  // rejects class private methods.
  readonly #drop = async (key: string, reason: string): Promise<void> => {
    this.#onDrop?.(key, reason);
    await this.#redis.send(['UNLINK', this.redisKey(key)]).catch(() => undefined);
  };
}

/** Escapes Redis glob characters, so a prefix matches itself only. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
