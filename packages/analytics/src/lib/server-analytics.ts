import { randomUUID } from 'node:crypto';
import { BoundedQueue } from './bounded-queue.ts';
import { LIBRARY, SegmentBatchSender, type BatchAnswer } from './segment-batch-sender.ts';
import type { SegmentMessage } from './segment-message.ts';

/** Segment's limit for one message: its HTTP API answers 400 above it. Measured as sent (context.library included). */
export const MAX_EVENT_BYTES = 32 * 1024;
/** Segment's limit for one batch request is 500 KB; a batch closes before it would pass this. */
export const MAX_BATCH_BYTES = 480 * 1024;
/** Segment's limit for the events of one batch request. */
export const MAX_BATCH_EVENTS = 2500;
// Concurrent requests at most, whatever maxInFlight / flushAt allows.
const MAX_REQUESTS = 8;
// Lone rejected events waiting for their own retry, at most (beyond it they are refused).
const MAX_HELD = 100;
const MAX_BACKOFF_MS = 60_000;
const LIBRARY_CONTEXT = JSON.stringify({ library: LIBRARY });

function describe(message: { type?: string; event?: string }): string {
  return `${message.type} event${message.event ? ` "${message.event}"` : ''}`;
}

function messageJson(message: SegmentMessage): string {
  try {
    return JSON.stringify(message);
  } catch (error) {
    throw new TypeError(`flightdeck:analytics: the ${describe(message)} cannot be serialised: ${(error as Error).message}`);
  }
}

export interface ServerAnalyticsOptions {
  writeKey: string;
  /** default https://api.segment.io */
  host?: string;
  /** default /v1/batch */
  path?: string;
  /** events per batch (default 100); a batch also closes before it would pass 480 KB */
  flushAt?: number;
  /** ms a partial batch waits before it is sent (default 10000) */
  flushInterval?: number;
  /** events kept while the endpoint is down; beyond it the oldest are dropped and counted (default 10000) */
  maxQueueSize?: number;
  /** events in requests under way at once (default flushAt × 4, at least 100), in at most 8 requests */
  maxInFlight?: number;
  /** ms before events that failed are sent again, doubled per failed round up to 60 s (default 1000) */
  retryDelay?: number;
  /** times one event is sent before it is dropped and counted (default 10) */
  maxAttempts?: number;
  /** ms for one request, its answer included (default 10000) */
  httpRequestTimeout?: number;
  /** where delivery problems are reported; never thrown (default console.warn) */
  log?: (message: string) => void;
}

export interface ServerAnalyticsStats {
  /** waiting to be sent, lone rejected events waiting for their own retry included */
  queued: number;
  /** in requests under way */
  inFlight: number;
  delivered: number;
  /** dropped because the queue was full (the oldest go first) or an event failed maxAttempts times */
  dropped: number;
  /** tracked after closeAndFlush, or left undelivered when it timed out */
  lost: number;
  /** refused as invalid: over 32 KB at track(), rejected by Segment when sent alone, or answered 401 / 403 / 404 */
  refused: number;
}

interface Entry {
  /** the message as sent: fixed at track(), so a retry sends the same messageId (Segment deduplicates) */
  json: string;
  bytes: number;
  /** failed sends that count towards maxAttempts */
  attempts: number;
}

interface Batch {
  entries: Entry[];
  /** a group split from a rejected batch: sent as it is, never merged with the queue */
  split: boolean;
}

/**
 * Server-side events to Segment's HTTP tracking API, batched, retried and bounded at every instant.
 *
 * Events wait in a ring buffer (at most `maxQueueSize`, oldest dropped and counted), at most
 * `maxInFlight` are in requests under way, and the events of a batch that failed (network error,
 * timeout, 5xx, 429) go back to the front of the queue with the same messageId: Segment
 * deduplicates by messageId, so an event sent twice is counted once. Failed rounds back off
 * (doubling up to 60 s, or the endpoint's Retry-After). An event over 32 KB is refused at track().
 * A batch Segment rejects (400 / 413) is split in halves, and halves again, at once and ahead of the
 * queue, so only the bad event is refused and the others are not delayed by a backoff.
 */
export class ServerAnalytics {
  readonly #sender: SegmentBatchSender;
  readonly #flushAt: number;
  readonly #flushInterval: number;
  readonly #maxInFlight: number;
  readonly #retryDelay: number;
  readonly #maxAttempts: number;
  readonly #log: (message: string) => void;
  readonly #queue: BoundedQueue<Entry>;
  // Groups split from rejected batches, sent before the queue (at most maxInFlight events: they come
  // from requests under way, and no queue batch starts while one waits).
  readonly #split: Entry[][] = [];
  // Lone rejected events waiting for their own retry (never the shared retry timer).
  readonly #held = new Map<ReturnType<typeof setTimeout>, Entry>();
  readonly #sending = new Set<Batch>();
  #inFlight = 0;
  #backoff = 0;
  #delivered = 0;
  #dropped = 0;
  #lost = 0;
  #refused = 0;
  #refusalLogged = false;
  #closed = false;
  #pumpScheduled = false;
  // Partial batches go too: their flushInterval passed, or a flush, a retry or a shutdown asks.
  #flushDue = false;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #lastLog = 0;
  #isoAt = 0;
  #iso = '';
  #failuresSinceLog = 0;
  readonly #idle = new Set<() => void>();

  constructor(options: ServerAnalyticsOptions) {
    if (!options.writeKey) throw new Error('flightdeck:analytics: analytics.segment.writeKey is required for server-side events');
    this.#flushAt = Math.max(1, options.flushAt ?? 100);
    // Segment answers 200 to a batch of more, but drops the events beyond its limit.
    if (this.#flushAt > MAX_BATCH_EVENTS) throw new RangeError(`flightdeck:analytics: flushAt is ${this.#flushAt}, over Segment's ${MAX_BATCH_EVENTS} events per batch`);
    this.#flushInterval = options.flushInterval ?? 10000;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? Math.max(this.#flushAt * 4, 100));
    this.#retryDelay = options.retryDelay ?? 1000;
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#log = options.log ?? ((message) => console.warn(message));
    this.#queue = new BoundedQueue<Entry>(options.maxQueueSize ?? 10000);
    this.#sender = new SegmentBatchSender({
      writeKey: options.writeKey,
      host: options.host,
      path: options.path,
      timeout: options.httpRequestTimeout,
      maxSockets: MAX_REQUESTS,
    });
  }

  track(message: Omit<SegmentMessage, 'type'> & { event: string }): void {
    this.add('track', message);
  }

  page(message: Omit<SegmentMessage, 'type'>): void {
    this.add('page', message);
  }

  identify(message: Omit<SegmentMessage, 'type'> & { userId: string }): void {
    this.add('identify', message);
  }

  /** Queues one Segment message; never throws for delivery problems. */
  enqueue(message: SegmentMessage): void {
    this.add(message.type, message);
  }

  // Plain (TypeScript-private) methods, not #methods: Meteor's Babel (@meteorjs/babel 7.20) rejects
  // class private methods, while private fields compile.

  private add(type: SegmentMessage['type'], message: Omit<SegmentMessage, 'type'>): void {
    if (this.#closed) {
      this.#lost += 1;
      return;
    }
    if (!message.userId && !message.anonymousId) throw new Error(`flightdeck:analytics: a ${type} event needs a userId or an anonymousId`);
    const json = this.serialise(type, message);
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_EVENT_BYTES) {
      this.refuse(`the ${describe({ type, event: message.event })} is ${bytes} bytes, over Segment's ${MAX_EVENT_BYTES}-byte limit`);
      return;
    }
    const entry: Entry = { json, bytes, attempts: 0 };
    if (this.#queue.push(entry)) this.#dropped += 1;
    this.schedulePump();
  }

  stats(): ServerAnalyticsStats {
    return {
      queued: this.#queue.size + this.splitEvents() + this.#held.size,
      inFlight: this.#inFlight,
      delivered: this.#delivered,
      dropped: this.#dropped,
      lost: this.#lost,
      refused: this.#refused,
    };
  }

  /** Sends what is queued now (also while a retry waits); resolves when all is delivered or dropped, or after `timeout` ms. */
  async flush({ timeout = 30000 }: { timeout?: number } = {}): Promise<void> {
    this.sendNow();
    await this.whenIdle(timeout);
  }

  /**
   * Stops taking events and delivers what is queued (for a shutdown). Whatever is still
   * undelivered after `timeout` ms is counted as lost and logged.
   */
  async closeAndFlush({ timeout = 10000 }: { timeout?: number } = {}): Promise<void> {
    const lostBefore = this.#lost;
    this.#closed = true;
    for (const timer of this.#held.keys()) clearTimeout(timer);
    this.#lost += this.#held.size;
    this.#held.clear();
    this.sendNow();
    await this.whenIdle(timeout);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#flushTimer);
    this.#retryTimer = undefined;
    this.#flushTimer = undefined;
    for (const batch of this.#sending) this.#lost += batch.entries.length;
    this.#sending.clear();
    this.#inFlight = 0;
    this.#lost += this.#queue.clear() + this.splitEvents();
    this.#split.length = 0;
    // Answers that come after this find no batch, so nothing is counted twice.
    this.#sender.close();
    const lost = this.#lost - lostBefore;
    if (lost > 0) this.#log(`flightdeck:analytics: ${lost} server events were not delivered before shutdown`);
    this.settle();
  }

  /**
   * The message as sent, with its type, messageId, ISO timestamp and context.library. The usual
   * server event names none of those: it is serialised as it is and our fields are written before
   * its own (no copy of the object: a burst of events makes half the garbage).
   */
  private serialise(type: SegmentMessage['type'], message: Omit<SegmentMessage, 'type'> & { type?: string }): string {
    if (message.messageId === undefined && message.timestamp === undefined && message.context === undefined && (message.type === undefined || message.type === type)) {
      const own = messageJson(message as SegmentMessage);
      if (own.length > 2 && own.charCodeAt(0) === 123 /* { */) {
        return `{${message.type === undefined ? `"type":"${type}",` : ''}"messageId":"${randomUUID()}","timestamp":"${this.now()}","context":${LIBRARY_CONTEXT},${own.slice(1)}`;
      }
    }
    return messageJson({
      ...message,
      type,
      messageId: message.messageId ?? randomUUID(),
      timestamp: message.timestamp instanceof Date ? message.timestamp.toISOString() : (message.timestamp ?? this.now()),
      context: message.context ? { ...message.context, library: LIBRARY } : { library: LIBRARY },
    });
  }

  /** The time as ISO 8601, formatted once per millisecond: a burst of events shares one string. */
  private now(): string {
    const ms = Date.now();
    if (ms !== this.#isoAt) {
      this.#isoAt = ms;
      this.#iso = new Date(ms).toISOString();
    }
    return this.#iso;
  }

  /** Counts a refused event; the first is logged, the rest are counted in stats().refused. */
  private refuse(why: string, count = 1): void {
    this.#refused += count;
    if (this.#refusalLogged) return;
    this.#refusalLogged = true;
    this.#log(`flightdeck:analytics: ${why}: refused (further refusals are counted in stats().refused, not logged)`);
  }

  private sendNow(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#flushDue = true;
    this.pump();
  }

  private schedulePump(): void {
    if (this.#pumpScheduled || this.#retryTimer) return;
    this.#pumpScheduled = true;
    // One pump per tick: track() stays a push, and batches fill up.
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.#retryTimer) return;
    const perBatch = Math.min(this.#flushAt, this.#maxInFlight);
    while (this.#sending.size < MAX_REQUESTS) {
      const group = this.#split[0];
      if (group) {
        if (this.#inFlight > 0 && this.#inFlight + group.length > this.#maxInFlight) return;
        this.#split.shift();
        this.start({ entries: group, split: true });
        continue;
      }
      const size = this.#queue.size;
      if (size === 0) {
        this.#flushDue = false;
        clearTimeout(this.#flushTimer);
        this.#flushTimer = undefined;
        return;
      }
      if (size < perBatch && !this.#flushDue) {
        if (!this.#flushTimer) {
          this.#flushTimer = setTimeout(() => {
            this.#flushTimer = undefined;
            this.#flushDue = true;
            this.pump();
          }, this.#flushInterval);
          this.#flushTimer.unref?.();
        }
        return;
      }
      const count = Math.min(size, perBatch);
      if (this.#inFlight > 0 && this.#inFlight + count > this.#maxInFlight) return;
      const entries: Entry[] = [];
      let bytes = 0;
      while (entries.length < count) {
        const next = this.#queue.shift()!;
        if (entries.length > 0 && bytes + next.bytes > MAX_BATCH_BYTES) {
          this.#queue.unshift(next);
          break;
        }
        bytes += next.bytes + 1;
        entries.push(next);
      }
      this.start({ entries, split: false });
    }
  }

  private start(batch: Batch): void {
    this.#inFlight += batch.entries.length;
    this.#sending.add(batch);
    void this.#sender.send(batch.entries.map((entry) => entry.json)).then((answer) => this.answered(batch, answer));
  }

  private answered(batch: Batch, answer: BatchAnswer): void {
    // Gone at shutdown: already counted as lost.
    if (!this.#sending.delete(batch)) return;
    this.#inFlight -= batch.entries.length;
    if (answer.kind === 'delivered') {
      this.#delivered += batch.entries.length;
      this.#backoff = 0;
    } else if (answer.kind === 'retry') {
      this.failed(batch, answer.reason, answer.retryAfterMs);
    } else if (answer.kind === 'split') {
      this.rejected(batch, answer.reason);
    } else {
      const { entries } = batch;
      this.logFailure(`${answer.reason}; check analytics.segment.writeKey, host and path`, entries.length);
      this.refuse(`Segment refused a batch of ${entries.length} events, the first the ${describe(JSON.parse(entries[0].json) as SegmentMessage)} (${answer.reason})`, entries.length);
    }
    this.settle();
  }

  /** The endpoint could not take the batch: its events go back to the front of the queue, and every send waits. */
  private failed(batch: Batch, reason: string, retryAfter: number | undefined): void {
    this.logFailure(reason, batch.entries.length);
    // A Retry-After says when, not that the events are bad: such a round is not one of their attempts.
    const counts = retryAfter === undefined;
    const kept = batch.entries.filter((entry) => {
      if (counts) entry.attempts += 1;
      if (entry.attempts < this.#maxAttempts) return true;
      this.#dropped += 1;
      return false;
    });
    if (batch.split) {
      if (kept.length > 0) this.#split.unshift(kept);
    } else {
      // In reverse, so the batch keeps its order; when the queue is full the oldest do not fit.
      for (let i = kept.length - 1; i >= 0; i -= 1) if (this.#queue.unshift(kept[i])) this.#dropped += 1;
    }
    // The events were due: they do not wait for another flushInterval.
    this.#flushDue = true;
    if (this.#retryTimer) return;
    const delay = retryAfter ?? Math.min(this.#retryDelay * 2 ** this.#backoff, MAX_BACKOFF_MS);
    if (retryAfter === undefined) this.#backoff = Math.min(this.#backoff + 1, 16);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.pump();
    }, delay);
    this.#retryTimer.unref?.();
  }

  /** Segment rejected the batch (400 / 413): not the endpoint's fault, so no backoff for the others. */
  private rejected(batch: Batch, reason: string): void {
    const { entries } = batch;
    // The batch's rejection counts once for each of its events, the rejections of its halves not:
    // only a rejection alone says the event itself is bad.
    if (!batch.split || entries.length === 1) for (const entry of entries) entry.attempts += 1;
    if (entries.length > 1) {
      // Halves, sent at once and ahead of the queue.
      const middle = Math.ceil(entries.length / 2);
      this.#split.unshift(entries.slice(0, middle), entries.slice(middle));
      return;
    }
    const entry = entries[0];
    if (entry.attempts >= this.#maxAttempts || this.#held.size >= MAX_HELD) {
      this.refuse(`Segment rejected the ${describe(JSON.parse(entry.json) as SegmentMessage)} ${entry.attempts} times (${reason})`);
      return;
    }
    // Sent alone and rejected: most likely the bad one, but a proxy's passing 400 should not cost
    // it, so it is offered again after its own backoff while the queue behind it moves on.
    const delay = Math.min(this.#retryDelay * 2 ** Math.max(0, entry.attempts - 2), MAX_BACKOFF_MS);
    const timer = setTimeout(() => {
      this.#held.delete(timer);
      this.#split.unshift([entry]);
      this.schedulePump();
    }, delay);
    timer.unref?.();
    this.#held.set(timer, entry);
  }

  /** At most one line per 10 s while the endpoint fails. */
  private logFailure(reason: string, events: number): void {
    this.#failuresSinceLog += events;
    const now = Date.now();
    if (now - this.#lastLog <= 10000) return;
    this.#lastLog = now;
    this.#log(`flightdeck:analytics: Segment delivery failed (${reason}); ${this.#failuresSinceLog} events queued again, ${this.#dropped} dropped so far`);
    this.#failuresSinceLog = 0;
  }

  /** Events in the groups split from rejected batches, waiting to be sent. */
  private splitEvents(): number {
    return this.#split.reduce((sum, group) => sum + group.length, 0);
  }

  /** Nothing queued, split, held or under way. */
  private isIdle(): boolean {
    return this.#inFlight === 0 && this.#queue.size === 0 && this.#split.length === 0 && this.#held.size === 0;
  }

  private settle(): void {
    this.pump();
    if (this.isIdle()) {
      for (const resolve of this.#idle) resolve();
      this.#idle.clear();
    }
  }

  private whenIdle(timeout: number): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
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
