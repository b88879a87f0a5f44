import { createRedisConnection, type RedisConnection } from './redis-connection.ts';
import { SharedRenderCache } from './shared-render-cache.ts';
import { RenderLock } from './render-lock.ts';
import { InvalidationChannel } from './invalidation-channel.ts';
import type { SerializedPattern } from './invalidation-pattern.ts';

/** `seo.prerender.redis`, resolved: what the shared render cache needs. */
export interface SharedRenderCacheSettings {
  /** redis:// or rediss:// (credentials allowed; never logged). */
  url: string;
  /** Default `flightdeck:seo:`. */
  keyPrefix?: string;
  /** Milliseconds Redis keeps a page; past the cache lifetime it is served stale while re-rendered. Default 24 h. */
  ttl?: number;
  /** Milliseconds a Redis command may take. Default 500. */
  commandTimeout?: number;
  /** Bytes of one stored page at most. Default 5 MiB. */
  maxEntryBytes?: number;
}

export interface SharedRenderLayer {
  connection: RedisConnection;
  shared: SharedRenderCache;
  lock: RenderLock;
  channel: InvalidationChannel;
}

/** The Redis side of the tiered cache: one connection (plus its pub/sub twin), the store, the lock, the channel. */
export function createSharedRenderLayer(
  settings: SharedRenderCacheSettings,
  options: { lifetime: number; renderTimeout: number; onInvalidate: (pattern: SerializedPattern) => void; onWarning?: (message: string) => void },
): SharedRenderLayer {
  const keyPrefix = settings.keyPrefix ?? 'flightdeck:seo:';
  const connection = createRedisConnection({ url: settings.url, commandTimeout: settings.commandTimeout, onWarning: options.onWarning });
  const shared = new SharedRenderCache({
    redis: connection,
    keyPrefix,
    lifetime: options.lifetime,
    ttl: settings.ttl ?? 24 * 60 * 60 * 1000,
    maxEntryBytes: settings.maxEntryBytes ?? 5 * 1024 * 1024,
    onDrop: (key, reason) => options.onWarning?.(`flightdeck:seo: dropped the shared cache entry of ${key.slice(0, 200)}: ${reason}`),
  });
  // A holder that dies mid-render holds the others up no longer than a render may take.
  const lock = new RenderLock({ redis: connection, keyPrefix, ttl: options.renderTimeout + 1000 });
  const channel = new InvalidationChannel({ redis: connection, keyPrefix, onInvalidate: options.onInvalidate, onWarning: options.onWarning });
  return { connection, shared, lock, channel };
}
