import { createClient, RESP_TYPES } from '@redis/client';
import { redactRedisUrl } from './redact-redis-url.ts';

export type RedisArgument = string | Buffer;

/**
 * The few Redis operations the shared render cache needs, behind one object that never throws
 * synchronously, never waits longer than its command timeout, and never lets an outage reach a
 * request: every command rejects fast while Redis is away.
 */
export interface RedisConnection {
  /** Sends one command; a bulk reply comes back as a Buffer when `buffers` is set. */
  send(args: readonly RedisArgument[], options?: { buffers?: boolean; timeout?: number }): Promise<unknown>;
  /** Subscribes to a channel on a second connection (Redis forbids other commands on a subscribed one). */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** Whether the command connection is up right now. */
  readonly ready: boolean;
  /** The URL without credentials, for logs. */
  readonly displayUrl: string;
  /** Resolves when the first connection is up (or `timeout` ms passed); never rejects. */
  whenReady(timeout: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  /** Milliseconds a command may take before it is given up (a slow Redis costs a crawler no more). Default 500. */
  commandTimeout?: number;
  /** Commands in flight at most; past it, commands fail at once instead of queueing. Default 1000. */
  maxPending?: number;
  /** Once per outage and once when Redis is back. */
  onWarning?: (message: string) => void;
}

/** Reconnection backoff: 100 ms doubling to 2 s, forever (Redis may be down for a while; the app goes on). */
function reconnectDelay(retries: number): number {
  return Math.min(100 * 2 ** Math.min(retries, 5), 2000);
}

/**
 * A node-redis client (`@redis/client`, the `redis` package's client) set up for a cache that must
 * never hold a request up: no offline queue (commands fail at once while disconnected), a bounded
 * queue, a per-command timeout of our own (node-redis 6's `timeout` only covers the time before
 * a command is written, not the wait for the reply, so a hung Redis would hold every request), and
 * reconnection forever with a capped backoff. Outages are reported once, with the URL's
 * credentials removed.
 */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const displayUrl = redactRedisUrl(options.url);
  const commandTimeout = options.commandTimeout ?? 500;
  const maxPending = options.maxPending ?? 1000;
  const secrets = credentialsOf(options.url);
  const scrub = (text: string) => secrets.reduce((result, secret) => result.split(secret).join('***'), text);
  const warn = (message: string) => options.onWarning?.(scrub(message));

  const clientOptions = {
    url: options.url,
    disableOfflineQueue: true,
    commandsQueueMaxLength: maxPending,
    socket: { connectTimeout: Math.max(1000, commandTimeout * 4), reconnectStrategy: reconnectDelay, keepAlive: true },
  };
  const client = createClient(clientOptions);
  const buffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  let subscriber: ReturnType<typeof createClient> | undefined;
  let down = false;
  let closed = false;
  let everReady = false;
  let pending = 0;

  function outage(error: Error): void {
    if (down || closed) return;
    down = true;
    warn(`flightdeck:seo: Redis at ${displayUrl} is unreachable (${error.message}); crawlers get the in-memory cache, a local render or the app page until it is back`);
  }
  client.on('error', (error: Error) => outage(error));
  client.on('ready', () => {
    everReady = true;
    if (down && !closed) warn(`flightdeck:seo: Redis at ${displayUrl} is back`);
    down = false;
  });
  const firstReady = new Promise<void>((resolve) => client.once('ready', () => resolve()));
  // Never awaited: a Redis that is down at start must not hold Meteor's startup. connect() keeps
  // retrying through reconnectStrategy and settles only once connected (or on close()).
  client.connect().catch(() => undefined);

  function send(args: readonly RedisArgument[], sendOptions: { buffers?: boolean; timeout?: number } = {}): Promise<unknown> {
    if (closed) return Promise.reject(new Error('the Redis connection is closed'));
    if (!client.isReady && !everReady && !down) {
      // Just started and still connecting (a container's first requests after a deploy): wait
      // for the first connection, within the command's own timeout, rather than render alone.
      const timeout = sendOptions.timeout ?? commandTimeout;
      return waitFirstReady(timeout).then((ready) => (ready ? send(args, sendOptions) : Promise.reject(new Error(`Redis at ${displayUrl} is not connected yet`))));
    }
    if (!client.isReady) return Promise.reject(new Error(`Redis at ${displayUrl} is not connected`));
    if (pending >= maxPending) return Promise.reject(new Error(`Redis at ${displayUrl} has ${pending} commands waiting`));
    const target = sendOptions.buffers ? buffers : client;
    const timeout = sendOptions.timeout ?? commandTimeout;
    pending += 1;
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        pending -= 1;
        const error = new Error(`Redis at ${displayUrl} did not answer ${String(args[0])} within ${timeout} ms`);
        outage(error);
        reject(error);
      }, timeout);
      target.sendCommand(args as RedisArgument[]).then(
        (reply) => {
          if (settled) return;
          clearTimeout(timer);
          pending -= 1;
          resolve(reply);
        },
        (error: Error) => {
          if (settled) return;
          clearTimeout(timer);
          pending -= 1;
          reject(new Error(scrub(error.message)));
        },
      );
    });
  }

  async function waitFirstReady(timeout: number): Promise<boolean> {
    if (client.isReady) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeout);
    });
    const result = await Promise.race([firstReady.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return result && client.isReady;
  }

  return {
    send,
    get ready() {
      return client.isReady;
    },
    displayUrl,
    whenReady: waitFirstReady,
    async subscribe(channel, listener) {
      if (!subscriber) {
        subscriber = client.duplicate();
        // Its outages are the command connection's too: reported there, once.
        subscriber.on('error', () => undefined);
        subscriber.connect().catch(() => undefined);
      }
      // node-redis resubscribes by itself after each reconnection. Subscribing while offline
      // would fail (no offline queue), so wait for the first connection.
      const sub = subscriber;
      if (!sub.isReady) await new Promise<void>((resolve) => sub.once('ready', () => resolve()));
      await sub.subscribe(channel, (message: string) => {
        try {
          listener(message);
        } catch (error) {
          warn(`flightdeck:seo: a Redis message on ${channel} failed: ${(error as Error).message}`);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const connection of [client, subscriber]) {
        if (!connection) continue;
        try {
          if (connection.isReady) await connection.close();
          else connection.destroy();
        } catch {
          connection.destroy();
        }
      }
    },
  };
}

/** The username and password of a Redis URL, decoded and raw, to scrub them from any message. */
function credentialsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password)].filter((part) => part.length >= 3);
  } catch {
    return [];
  }
}
