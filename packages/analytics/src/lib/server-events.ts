import type { SegmentMessage } from './segment-message.ts';
import type { ServerAnalyticsStats } from './server-analytics.ts';

/** Who an event on the server is about, and what else Segment should get with it. */
export interface ServerEventOptions {
  userId?: string;
  anonymousId?: string;
  context?: Record<string, unknown>;
  timestamp?: string | Date;
  messageId?: string;
}

type Identified = ServerEventOptions & { userId: string };

/** The part of ServerAnalytics the app API hands events to. */
export interface EventQueue {
  enqueue(message: SegmentMessage): void;
  flush(options?: { timeout?: number }): Promise<void>;
  stats(): ServerAnalyticsStats;
}

/**
 * The server's `analytics`: the browser's call, `track(event, properties)`, with who it is about
 * as a third argument (`{ userId }` or `{ anonymousId }`); the object form of Segment's Node
 * library (`track({ userId, event, properties })`) is accepted too.
 */
export interface ServerEvents {
  track(event: string, properties?: Record<string, unknown>, options?: ServerEventOptions): void;
  track(message: Omit<SegmentMessage, 'type'> & { event: string }): void;
  page(name: string | undefined, properties?: Record<string, unknown>, options?: ServerEventOptions): void;
  page(message: Omit<SegmentMessage, 'type'>): void;
  identify(userId: string, traits?: Record<string, unknown>, options?: ServerEventOptions): void;
  identify(message: Omit<SegmentMessage, 'type'> & { userId: string }): void;
  /** Resolves once what is queued is delivered (or `timeout` ms passed). */
  flush(options?: { timeout?: number }): Promise<void>;
  stats(): ServerAnalyticsStats | undefined;
  /** false once started without a write key: events are then dropped */
  enabled(): boolean;
  /** At startup: the queue (or none, without a write key); events tracked before it are handed on. */
  start(queue: EventQueue | undefined): void;
}

export interface ServerEventsOptions {
  /** events kept from before startup (default 1000); beyond it they are counted and logged */
  maxEarly?: number;
  log?: (message: string) => void;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function fromArguments(type: SegmentMessage['type'], first: unknown, second: unknown, third: unknown): SegmentMessage {
  const call = `analytics.${type}`;
  if (isObject(first)) {
    const message = { ...(first as object), type } as SegmentMessage;
    if (type === 'track' && (typeof message.event !== 'string' || message.event === '')) throw new TypeError(`${call}: event must be a non-empty string`);
    if (type === 'identify' && (typeof message.userId !== 'string' || message.userId === '')) throw new TypeError(`${call}: userId must be a non-empty string`);
    if (!message.userId && !message.anonymousId) throw new TypeError(`${call}: the event needs a userId or an anonymousId field`);
    return message;
  }
  if (second !== undefined && !isObject(second)) throw new TypeError(`${call}: the second argument must be an object (${type === 'identify' ? 'traits' : 'properties'})`);
  if (third !== undefined && !isObject(third)) throw new TypeError(`${call}: the third argument must be an object ({ userId } or { anonymousId })`);
  const options = (third ?? {}) as ServerEventOptions;
  const message: SegmentMessage = { type };
  if (type === 'track') {
    if (typeof first !== 'string' || first === '') throw new TypeError(`${call}: event must be a non-empty string`);
    message.event = first;
  } else if (type === 'page') {
    if (first !== undefined && typeof first !== 'string') throw new TypeError(`${call}: name must be a string`);
    if (first) message.name = first;
  } else {
    if (typeof first !== 'string' || first === '') throw new TypeError(`${call}: userId must be a non-empty string`);
    message.userId = first;
  }
  if (second) {
    if (type === 'identify') message.traits = second as Record<string, unknown>;
    else message.properties = second as Record<string, unknown>;
  }
  if (options.userId !== undefined) message.userId ??= options.userId;
  if (options.anonymousId !== undefined) message.anonymousId = options.anonymousId;
  if (options.context) message.context = options.context;
  if (options.timestamp) message.timestamp = options.timestamp;
  if (options.messageId) message.messageId = options.messageId;
  if (!message.userId && !message.anonymousId) {
    throw new TypeError(`${call}("${first ?? ''}"): on the server the event needs a userId or an anonymousId: pass { userId } or { anonymousId } as the third argument`);
  }
  return message;
}

/**
 * The app-facing server API in front of the queue. Every call is checked when it is made (a bad
 * call throws there, naming what is missing), also before startup, when events are kept and
 * handed on once the queue exists; handing them on never throws, so it cannot stop a server from
 * starting.
 */
export function createServerEvents(options: ServerEventsOptions = {}): ServerEvents {
  const maxEarly = options.maxEarly ?? 1000;
  const log = options.log ?? ((message: string) => console.warn(message));
  let queue: EventQueue | undefined;
  let started = false;
  let early: SegmentMessage[] = [];
  let earlyDropped = 0;

  const send = (message: SegmentMessage): void => {
    if (queue) queue.enqueue(message);
    else if (!started) {
      if (early.length < maxEarly) early.push(message);
      else earlyDropped += 1;
    }
  };

  return {
    track(first: unknown, second?: unknown, third?: unknown) {
      send(fromArguments('track', first, second, third));
    },
    page(first: unknown, second?: unknown, third?: unknown) {
      send(fromArguments('page', first, second, third));
    },
    identify(first: unknown, second?: unknown, third?: unknown) {
      send(fromArguments('identify', first, second, third));
    },
    flush(flushOptions) {
      return queue ? queue.flush(flushOptions) : Promise.resolve();
    },
    stats() {
      return queue?.stats();
    },
    enabled() {
      return queue !== undefined || !started;
    },
    start(next) {
      started = true;
      queue = next;
      const pending = early;
      early = [];
      if (earlyDropped > 0) log(`flightdeck:analytics: ${earlyDropped} events tracked before startup were dropped (more than ${maxEarly})`);
      if (!queue) return;
      let failures = 0;
      let first = '';
      for (const message of pending) {
        try {
          queue.enqueue(message);
        } catch (error) {
          failures += 1;
          first ||= (error as Error).message;
        }
      }
      if (failures > 0) log(`flightdeck:analytics: ${failures} events tracked before startup could not be queued (${first})`);
    },
  } as ServerEvents;
}
