import { randomUUID } from 'node:crypto';
import { Analytics } from '@segment/analytics-node';
import { BoundedQueue } from './bounded-queue.ts';
import type { SegmentMessage } from './segment-message.ts';

/**
 * Segment's limit for one message (its HTTP API answers 400 above it, and @segment/analytics-node
 * fails such an event before sending). The library adds its own fields (context.library,
 * _metadata, integrations) before it measures, so ours refuses a little earlier.
 */
export const MAX_EVENT_BYTES = 32 * 1024;
const LIBRARY_OVERHEAD_BYTES = 512;

/** The JSON size of a message in bytes; throws a TypeError naming the event when it cannot be serialised. */
export function messageBytes(message: SegmentMessage): number {
  let json: string;
  try {
    json = JSON.stringify(message);
  } catch (error) {
    throw new TypeError(`flightdeck:analytics: the ${message.type} event${message.event ? ` "${message.event}"` : ''} cannot be serialised: ${(error as Error).message}`);
  }
  return Buffer.byteLength(json);
}

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
  /** refused as invalid: over 32 KB at track(), or rejected by Segment (4xx) when sent alone */
  refused: number;
}

interface Entry {
  message: SegmentMessage & { messageId: string };
  attempts: number;
  /** its batch was rejected (4xx): it is sent alone, so only the event that is bad is dropped */
  alone: boolean;
}

// 4xx answers the library does not retry: the batch itself is bad. 408, 410, 429 and 460 are
// retried by the library (publisher.js of @segment/analytics-node 3.1.0).
const REJECTED = /^\[(4\d\d)\]/;
const RETRIED_4XX = new Set(['408', '410', '429', '460']);
// Lone rejected events waiting for their own retry, at most (beyond it they are refused).
const MAX_HELD = 100;

function isRejection(reason: unknown): boolean {
  const message = reason instanceof Error ? reason.message : String(reason);
  const status = REJECTED.exec(message)?.[1];
  return (status !== undefined && !RETRIED_4XX.has(status)) || message.includes('maximum event size');
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
 *
 * The queue is a ring buffer, so it holds at most `maxQueueSize` events at every instant, also
 * while a retry is pending. An event over 32 KB is refused at track(). A batch Segment rejects
 * (4xx) is not the endpoint's fault: its events are sent again one by one, without the backoff,
 * so only the bad event is refused and the others are not delayed.
 */
export class ServerAnalytics {
  readonly #client: SegmentClient;
  readonly #maxQueueSize: number;
  readonly #maxInFlight: number;
  readonly #retryDelay: number;
  readonly #maxAttempts: number;
  #backoff = 0;
  readonly #log: (message: string) => void;
  readonly #queue: BoundedQueue<Entry>;
  readonly #createLoneClient: () => SegmentClient;
  #loneClient: SegmentClient | undefined;
  #refused = 0;
  #refusalLogged = false;
  // Lone events Segment rejected, waiting for their own retry (never the shared retry timer).
  readonly #held = new Set<ReturnType<typeof setTimeout>>();
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
    this.#queue = new BoundedQueue<Entry>(this.#maxQueueSize);
    const create = (flushAt: number): SegmentClient => {
      const resolved = { ...settings, flushAt };
      return options.createClient ? options.createClient(resolved) : (new Analytics(resolved) as unknown as SegmentClient);
    };
    this.#client = create(flushAt);
    const delivered = (ctx: { event?: { messageId?: string } }): void => {
      const id = ctx?.event?.messageId;
      if (id && this.#inFlight.delete(id)) {
        this.#delivered += 1;
        this.#backoff = 0;
        this.afterSettle();
      }
    };
    const listen = (client: SegmentClient): SegmentClient => {
      for (const type of ['track', 'page', 'identify']) client.on(type, delivered as (payload: never) => void);
      // The library reports failures on its emitter and never throws them at the caller.
      client.on('error', ((failure: DeliveryFailure) => this.failed(failure)) as (payload: never) => void);
      return client;
    };
    listen(this.#client);
    // Events of a rejected batch go through a second client that sends each alone (flushAt 1).
    this.#createLoneClient = () => listen(create(1));
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
      alone: false,
    };
    const bytes = messageBytes(entry.message);
    if (bytes + LIBRARY_OVERHEAD_BYTES > MAX_EVENT_BYTES) {
      this.refuse(`the ${message.type} event${message.event ? ` "${message.event}"` : ''} is ${bytes} bytes, over Segment's ${MAX_EVENT_BYTES}-byte limit`);
      return;
    }
    if (this.#queue.push(entry)) this.#dropped += 1;
    this.schedulePump();
  }

  /** Counts a refused event; the first is logged, the rest are counted in stats().refused. */
  private refuse(why: string): void {
    this.#refused += 1;
    if (this.#refusalLogged) return;
    this.#refusalLogged = true;
    this.#log(`flightdeck:analytics: ${why}: refused (further refusals are counted in stats().refused, not logged)`);
  }

  stats(): ServerAnalyticsStats {
    return {
      queued: this.#queue.size + this.#held.size,
      inFlight: this.#inFlight.size,
      delivered: this.#delivered,
      dropped: this.#dropped,
      lost: this.#lost,
      refused: this.#refused,
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
    for (const timer of this.#held) clearTimeout(timer);
    this.#lost += this.#held.size;
    this.#held.clear();
    this.pump(true);
    // The library ignores a flush call while another runs (it only warns), so a close made during
    // an app's flush() would not close: wait for that one first.
    await this.#flushing;
    await Promise.all([this.#client, this.#loneClient].map((client) => client?.closeAndFlush({ timeout: Math.max(1, deadline - Date.now()) })));
    this.#lost += this.#queue.clear() + this.#inFlight.size;
    // A failure the library reports after this finds no entry, so nothing is counted twice.
    this.#inFlight.clear();
    const lost = this.#lost - lostBefore;
    if (lost > 0) this.#log(`flightdeck:analytics: ${lost} server events were not delivered before shutdown`);
  }

  // Plain (TypeScript-private) methods, not #methods: Meteor's Babel (@meteorjs/babel 7.20) rejects
  // class private methods, while private fields compile.
  private libraryFlush(timeout: number): Promise<void> {
    this.#flushing ??= Promise.all([this.#client, this.#loneClient].map((client) => client?.flush({ timeout })))
      .then(() => undefined)
      .finally(() => {
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
    while (this.#queue.size > 0 && (all || this.#inFlight.size < this.#maxInFlight)) {
      const entry = this.#queue.shift()!;
      entry.attempts += 1;
      this.#inFlight.set(entry.message.messageId, entry);
      const client = entry.alone ? (this.#loneClient ??= this.#createLoneClient()) : this.#client;
      client[entry.message.type](entry.message);
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
    if (isRejection(failure.reason)) {
      // Segment refused the batch (malformed, too large): not the endpoint's fault, so no backoff
      // for the others. Sent alone, an event refused again is the bad one.
      if (!entry.alone) {
        entry.alone = true;
        if (this.#queue.unshift(entry)) this.#dropped += 1;
      } else if (entry.attempts >= this.#maxAttempts || this.#held.size >= MAX_HELD) {
        this.refuse(`Segment rejected the ${entry.message.type} event${entry.message.event ? ` "${entry.message.event}"` : ''} ${entry.attempts} times (${failure.reason instanceof Error ? failure.reason.message : String(failure.reason)})`);
      } else {
        this.holdAlone(entry);
      }
      this.afterSettle();
      return;
    }
    if (entry.attempts >= this.#maxAttempts) {
      this.#dropped += 1;
      this.afterSettle();
      return;
    }
    // Back to the front: it is the oldest event, so it is the first dropped if the queue is full.
    if (this.#queue.unshift(entry)) this.#dropped += 1;
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

  /** A lone rejected event is offered again after its own backoff, so the queue behind it moves on. */
  private holdAlone(entry: Entry): void {
    const delay = Math.min(this.#retryDelay * 2 ** Math.max(0, entry.attempts - 2), 60000);
    const timer = setTimeout(() => {
      this.#held.delete(timer);
      if (this.#queue.unshift(entry)) this.#dropped += 1;
      this.schedulePump();
    }, delay);
    timer.unref?.();
    this.#held.add(timer);
  }

  private afterSettle(): void {
    if (this.#inFlight.size < this.#maxInFlight && this.#queue.size > 0) this.schedulePump();
    if (this.#inFlight.size === 0 && this.#queue.size === 0 && this.#held.size === 0) {
      for (const resolve of this.#idle) resolve();
      this.#idle.clear();
    }
  }

  private whenIdle(timeout: number): Promise<void> {
    if (this.#inFlight.size === 0 && this.#queue.size === 0 && this.#held.size === 0) return Promise.resolve();
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
