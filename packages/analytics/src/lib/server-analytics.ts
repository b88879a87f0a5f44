import { randomUUID } from 'node:crypto';
import { Analytics } from '@segment/analytics-node';
import type { SegmentMessage } from './segment-message.ts';

/** The part of @segment/analytics-node's Analytics this queue drives. */
export interface SegmentClient {
  track(params: object): void;
  page(params: object): void;
  identify(params: object): void;
  on(event: string, listener: (payload: never) => void): unknown;
  flush(options?: { timeout?: number }): Promise<void>;
  closeAndFlush(options?: { timeout?: number }): Promise<void>;
}

export interface ServerAnalyticsOptions {
  writeKey: string;
  host?: string;
  path?: string;
  /** events per batch (default 15) */
  flushAt?: number;
  /** ms before a partial batch is sent (default 10000) */
  flushInterval?: number;
  /** events kept while the endpoint is down; beyond it the oldest are dropped and counted (default 10000) */
  maxQueueSize?: number;
  /** events handed to the Node library at once (default flushAt × 4, at least 100): each costs ~12 KB there */
  maxInFlight?: number;
  /** the library's retries per batch before the events come back to this queue (default 3) */
  maxRetries?: number;
  /** ms to wait before events that came back are offered again, doubled per failed round up to 60 s (default 1000) */
  retryDelay?: number;
  /** times one event is offered to the library before it is dropped and counted (default 10) */
  maxAttempts?: number;
  httpRequestTimeout?: number;
  /** where delivery problems are reported; never thrown (default console.warn) */
  log?: (message: string) => void;
  /** for tests and proxies: builds the library client from the resolved settings */
  createClient?: (settings: ConstructorParameters<typeof Analytics>[0]) => SegmentClient;
}

export interface ServerAnalyticsStats {
  queued: number;
  inFlight: number;
  delivered: number;
  /** dropped because the queue was full (the oldest go first) or an event failed maxAttempts times */
  dropped: number;
  /** sent after closeAndFlush, or left undelivered when it timed out */
  lost: number;
}

interface Entry {
  message: SegmentMessage & { messageId: string };
  attempts: number;
}

interface DeliveryFailure {
  code?: string;
  reason?: unknown;
  ctx?: { event?: { messageId?: string } };
}

/**
 * Server-side events through @segment/analytics-node with a bounded queue in front of it.
 *
 * The library batches and retries, but a batch that exhausts its retries (endpoint down, 5xx) or
 * gets a 400 is dropped, and while it retries every event stays in memory with no bound. So events
 * wait here (at most `maxQueueSize`, oldest dropped and counted), at most `maxInFlight` are in the
 * library, and an event whose batch failed comes back to the front of this queue with the same
 * messageId: Segment deduplicates by messageId, so an event sent twice is counted once.
 */
export class ServerAnalytics {
  readonly #client: SegmentClient;
  readonly #maxQueueSize: number;
  readonly #maxInFlight: number;
  readonly #retryDelay: number;
  readonly #maxAttempts: number;
  #backoff = 0;
  readonly #log: (message: string) => void;
  #queue: Entry[] = [];
  #head = 0;
  readonly #inFlight = new Map<string, Entry>();
  #delivered = 0;
  #dropped = 0;
  #lost = 0;
  #closed = false;
  #pumpScheduled = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #lastLog = 0;
  #flushing: Promise<void> | undefined;
  #failuresSinceLog = 0;
  readonly #idle = new Set<() => void>();

  constructor(options: ServerAnalyticsOptions) {
    if (!options.writeKey) throw new Error('flightdeck:analytics: analytics.segment.writeKey is required for server-side events');
    const flushAt = options.flushAt ?? 15;
    this.#maxQueueSize = options.maxQueueSize ?? 10000;
    this.#maxInFlight = options.maxInFlight ?? Math.max(flushAt * 4, 100);
    this.#retryDelay = options.retryDelay ?? 1000;
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#log = options.log ?? ((message) => console.warn(message));
    const settings = {
      writeKey: options.writeKey,
      host: options.host,
      path: options.path,
      flushAt,
      flushInterval: options.flushInterval ?? 10000,
      maxRetries: options.maxRetries ?? 3,
      httpRequestTimeout: options.httpRequestTimeout,
    };
    this.#client = options.createClient ? options.createClient(settings) : (new Analytics(settings) as unknown as SegmentClient);
    const delivered = (ctx: { event?: { messageId?: string } }): void => {
      const id = ctx?.event?.messageId;
      if (id && this.#inFlight.delete(id)) {
        this.#delivered += 1;
        this.#backoff = 0;
        this.afterSettle();
      }
    };
    for (const type of ['track', 'page', 'identify']) this.#client.on(type, delivered as (payload: never) => void);
    // The library reports failures on its emitter and never throws them at the caller.
    this.#client.on('error', ((failure: DeliveryFailure) => this.failed(failure)) as (payload: never) => void);
  }

  track(message: Omit<SegmentMessage, 'type'> & { event: string }): void {
    this.enqueue({ ...message, type: 'track' });
  }

  page(message: Omit<SegmentMessage, 'type'>): void {
    this.enqueue({ ...message, type: 'page' });
  }

  identify(message: Omit<SegmentMessage, 'type'> & { userId: string }): void {
    this.enqueue({ ...message, type: 'identify' });
  }

  /** Queues one Segment message; never throws for delivery problems. */
  enqueue(message: SegmentMessage): void {
    if (this.#closed) {
      this.#lost += 1;
      return;
    }
    if (!message.userId && !message.anonymousId) throw new Error(`flightdeck:analytics: a ${message.type} event needs a userId or an anonymousId`);
    const entry: Entry = {
      message: { ...message, messageId: message.messageId ?? randomUUID(), timestamp: message.timestamp ?? new Date() },
      attempts: 0,
    };
    this.#queue.push(entry);
    if (this.#queue.length - this.#head > this.#maxQueueSize) {
      this.#head += 1;
      this.#dropped += 1;
    }
    this.schedulePump();
  }

  stats(): ServerAnalyticsStats {
    return {
      queued: this.#queue.length - this.#head,
      inFlight: this.#inFlight.size,
      delivered: this.#delivered,
      dropped: this.#dropped,
      lost: this.#lost,
    };
  }

  /** Resolves when everything queued so far is delivered or dropped, or after `timeout` ms. */
  async flush({ timeout = 30000 }: { timeout?: number } = {}): Promise<void> {
    this.pump(true);
    await this.libraryFlush(timeout);
    await this.whenIdle(timeout);
  }

  /**
   * Stops taking events and delivers what is queued (for a shutdown). Whatever is still
   * undelivered after `timeout` ms is counted as lost and logged.
   */
  async closeAndFlush({ timeout = 10000 }: { timeout?: number } = {}): Promise<void> {
    const deadline = Date.now() + timeout;
    const lostBefore = this.#lost;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.pump(true);
    // The library ignores a flush call while another runs (it only warns), so a close made during
    // an app's flush() would not close: wait for that one first.
    await this.#flushing;
    await this.#client.closeAndFlush({ timeout: Math.max(1, deadline - Date.now()) });
    const left = this.#queue.length - this.#head + this.#inFlight.size;
    this.#lost += left;
    this.#queue = [];
    this.#head = 0;
    // A failure the library reports after this finds no entry, so nothing is counted twice.
    this.#inFlight.clear();
    const lost = this.#lost - lostBefore;
    if (lost > 0) this.#log(`flightdeck:analytics: ${lost} server events were not delivered before shutdown`);
  }

  private libraryFlush(timeout: number): Promise<void> {
    this.#flushing ??= this.#client.flush({ timeout }).finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  private schedulePump(): void {
    if (this.#pumpScheduled || this.#retryTimer) return;
    this.#pumpScheduled = true;
    // One pump per tick: track() stays a push, and the library gets events in batches.
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.pump(false);
    });
  }

  private pump(all: boolean): void {
    while (this.#head < this.#queue.length && (all || this.#inFlight.size < this.#maxInFlight)) {
      const entry = this.#queue[this.#head];
      this.#head += 1;
      entry.attempts += 1;
      this.#inFlight.set(entry.message.messageId, entry);
      this.#client[entry.message.type](entry.message);
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  private failed(failure: DeliveryFailure): void {
    const id = failure.ctx?.event?.messageId;
    const entry = id ? this.#inFlight.get(id) : undefined;
    this.#failuresSinceLog += 1;
    const now = Date.now();
    if (now - this.#lastLog > 10000) {
      this.#lastLog = now;
      const reason = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
      this.#log(`flightdeck:analytics: Segment delivery failed (${reason}); ${this.#failuresSinceLog} events queued again, ${this.#dropped} dropped so far`);
      this.#failuresSinceLog = 0;
    }
    if (!entry || !id) return;
    this.#inFlight.delete(id);
    if (this.#closed) {
      this.#lost += 1;
      this.afterSettle();
      return;
    }
    if (entry.attempts >= this.#maxAttempts) {
      this.#dropped += 1;
      this.afterSettle();
      return;
    }
    // Back to the front: it is the oldest event, so it is the first dropped if the queue is full.
    if (this.#head > 0) {
      this.#head -= 1;
      this.#queue[this.#head] = entry;
    } else {
      this.#queue.unshift(entry);
    }
    if (this.#queue.length - this.#head > this.#maxQueueSize) {
      this.#head += 1;
      this.#dropped += 1;
    }
    if (!this.#retryTimer) {
      const delay = Math.min(this.#retryDelay * 2 ** this.#backoff, 60000);
      this.#backoff = Math.min(this.#backoff + 1, 16);
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.pump(false);
      }, delay);
      this.#retryTimer.unref?.();
    }
    this.afterSettle();
  }

  private afterSettle(): void {
    if (this.#inFlight.size < this.#maxInFlight && this.#head < this.#queue.length) this.schedulePump();
    if (this.#inFlight.size === 0 && this.#head >= this.#queue.length) {
      for (const resolve of this.#idle) resolve();
      this.#idle.clear();
    }
  }

  private whenIdle(timeout: number): Promise<void> {
    if (this.#inFlight.size === 0 && this.#head >= this.#queue.length) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idle.delete(done);
        resolve();
      }, timeout);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.#idle.add(done);
    });
  }
}
