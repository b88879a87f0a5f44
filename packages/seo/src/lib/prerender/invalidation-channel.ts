import { randomBytes } from 'node:crypto';
import type { RedisConnection } from './redis-connection.ts';
import { parseSerializedPattern, type SerializedPattern } from './invalidation-pattern.ts';

const MAX_MESSAGE_BYTES = 8 * 1024;

export interface InvalidationChannelOptions {
  redis: RedisConnection;
  keyPrefix: string;
  /** Called for every invalidation another container published. */
  onInvalidate: (pattern: SerializedPattern) => void;
  onWarning?: (message: string) => void;
}

/**
 * Tells every container's in-memory cache (L1) what another container invalidated, over Redis
 * pub/sub on `<prefix>invalidate`. Our own messages are recognised by an instance id and skipped
 * (we already cleared our L1). A message is at most 8 KiB of JSON; anything else is ignored with a
 * warning. Pub/sub is fire-and-forget: a container that is disconnected at that moment misses it,
 * and its L1 copy lives until its (short) L1 lifetime ends — L2, where the copy is deleted, is the
 * source of truth.
 */
export class InvalidationChannel {
  readonly #redis: RedisConnection;
  readonly #channel: string;
  readonly #instance = randomBytes(8).toString('hex');
  readonly subscribed: Promise<void>;

  constructor(options: InvalidationChannelOptions) {
    this.#redis = options.redis;
    this.#channel = `${options.keyPrefix}invalidate`;
    this.subscribed = options.redis
      .subscribe(this.#channel, (message) => {
        const pattern = this.#parse(message);
        if (pattern === 'ours') return;
        if (!pattern) {
          options.onWarning?.(`flightdeck:seo: ignored a malformed invalidation message on ${this.#channel}`);
          return;
        }
        options.onInvalidate(pattern);
      })
      .catch((error: Error) => options.onWarning?.(`flightdeck:seo: could not subscribe to ${this.#channel}: ${error.message}`));
  }

  /** Resolves how many other subscribers Redis delivered it to. */
  async publish(pattern: SerializedPattern): Promise<number> {
    return Number(await this.#redis.send(['PUBLISH', this.#channel, JSON.stringify({ from: this.#instance, pattern })]));
  }

  // Private fields holding functions, not private methods: Meteor's Babel (@meteorjs/babel 7.20)
  // rejects class private methods.
  readonly #parse = (message: string): SerializedPattern | 'ours' | undefined => {
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as { from?: unknown; pattern?: unknown };
    if (record.from === this.#instance) return 'ours';
    return parseSerializedPattern(record.pattern);
  };
}
