import { randomBytes } from 'node:crypto';
import type { RedisConnection } from './redis-connection.ts';

// Deletes the lock only if it still holds our token: a lock that expired and was taken by another
// container must not be released by us (the classic SET NX PX pattern, redis.io "distributed locks").
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface RenderLockOptions {
  redis: RedisConnection;
  keyPrefix: string;
  /** Milliseconds a lock lives if its holder never releases it (a crashed container). */
  ttl: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * One render per key across containers: `SET <prefix>lock:<key> <token> NX PX <ttl>`. Whoever sets
 * it renders; the others wait for the page to appear in the shared cache. The lock expires by
 * itself, so a container that dies mid-render holds the others up for `ttl` at most.
 */
export class RenderLock {
  readonly #redis: RedisConnection;
  readonly #prefix: string;
  readonly #ttl: number;

  constructor(options: RenderLockOptions) {
    this.#redis = options.redis;
    this.#prefix = `${options.keyPrefix}lock:`;
    this.#ttl = Math.max(1, Math.ceil(options.ttl));
  }

  /** The lock, or undefined when another container holds it. Rejects when Redis cannot be asked. */
  async acquire(key: string): Promise<HeldLock | undefined> {
    const redisKey = `${this.#prefix}${key}`;
    const token = randomBytes(12).toString('hex');
    const reply = await this.#redis.send(['SET', redisKey, token, 'NX', 'PX', String(this.#ttl)]);
    if (reply !== 'OK') return undefined;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        // Best effort: if Redis is away, the lock expires by itself.
        await this.#redis.send(['EVAL', RELEASE, '1', redisKey, token]).catch(() => undefined);
      },
    };
  }

  /** Whether some container holds the lock of `key` now. */
  async held(key: string): Promise<boolean> {
    return Number(await this.#redis.send(['EXISTS', `${this.#prefix}${key}`])) === 1;
  }
}
