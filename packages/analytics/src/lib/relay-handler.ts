import { createHash, randomBytes } from 'node:crypto';
import { ConnectionIdentities } from './connection-identities.ts';
import { RelayError } from './relay-error.ts';
import { relayValue, type RelayValueLimits } from './relay-value.ts';
import type { SegmentMessage } from './segment-message.ts';
import { MAX_EVENT_BYTES } from './server-analytics.ts';

export { RelayError } from './relay-error.ts';

export interface RelayOptions {
  /** hands each accepted event on (the server's Segment queue) */
  forward: (message: SegmentMessage) => void;
  /** who each connection was logged in as, and when (fed by Accounts.onLogin / onLogout) */
  identities?: ConnectionIdentities;
  /** events per call (default 50) */
  maxEvents?: number;
  /** bytes of JSON per call (default 65536) */
  maxBytes?: number;
  /** events one connection may relay per window (default 600 per 60000 ms) */
  rateLimit?: { events: number; intervalMs: number };
  /** where the first refused oversized event is reported (default console.warn) */
  log?: (message: string) => void;
  now?: () => number;
}

/** Who called: the method invocation's `this.userId` and what its connection says about the browser. */
export interface RelayCaller {
  userId: string | null;
  connectionId?: string;
  /** `this.connection.clientAddress` (Meteor applies HTTP_FORWARDED_COUNT) */
  clientAddress?: string;
  userAgent?: string;
}

export interface RelayResult {
  accepted: number;
  /** events over Segment's 32 KB limit, dropped alone (the others are accepted); absent when none */
  refused?: number;
}

export type RelayHandler = (caller: RelayCaller, batch: unknown) => RelayResult;

const TYPES = new Set(['track', 'page', 'identify']);
const MAX_NAME = 200;
const MAX_ID = 200;
// What a browser may tell about itself in `context`; ip, userAgent and traits come from the server.
const CONTEXT_KEYS = new Set(['page', 'campaign', 'library', 'locale', 'timezone', 'screen']);
// How far back a relayed event may say it happened (older ones are stamped at the limit).
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function optionalString(event: Record<string, unknown>, key: string, where: string, max: number): string | undefined {
  const value = event[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new RelayError('analytics-batch-invalid', `${where}.${key} must be a string of 1 to ${max} characters`);
  }
  return value;
}

function optionalObject(event: Record<string, unknown>, key: string, where: string, limits: RelayValueLimits): Record<string, unknown> | undefined {
  const value = event[key];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new RelayError('analytics-batch-invalid', `${where}.${key} must be an object`);
  return relayValue(value, `${where}.${key}`, limits) as Record<string, unknown>;
}

interface Unwrapped {
  events: unknown[];
  /** the browser's clock when it sent the call, to map event times onto the server's */
  sentAt: number | undefined;
}

function unwrap(batch: unknown): Unwrapped {
  if (Array.isArray(batch)) return { events: batch, sentAt: undefined };
  if (isPlainObject(batch) && Array.isArray(batch.batch)) {
    const sentAt = typeof batch.sentAt === 'string' ? Date.parse(batch.sentAt) : NaN;
    return { events: batch.batch, sentAt: Number.isNaN(sentAt) ? undefined : sentAt };
  }
  throw new RelayError('analytics-batch-invalid', 'batch must be an array of events, or { sentAt, batch }');
}

/**
 * The first-party relay's method body, framework-free: validates a client's batch, caps its size
 * and rate, and forwards the events with an identity the server owns: the userId the connection
 * had when each event happened, the anonymousId bound to the connection, `context.ip` and
 * `userAgent` from the connection, and a messageId derived on the server (a retried call still
 * deduplicates; a client cannot pick another event's id). The whole batch is checked before any
 * event is forwarded, so a malformed batch forwards nothing; an event over 32 KB is dropped alone.
 */
export function createRelayHandler(options: RelayOptions): RelayHandler {
  const maxEvents = options.maxEvents ?? 50;
  const maxBytes = options.maxBytes ?? 65536;
  const limit = options.rateLimit ?? { events: 600, intervalMs: 60000 };
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.warn(message));
  const identities = options.identities;
  const windows = new Map<string, { start: number; count: number }>();
  const messageKey = randomBytes(32);
  let refusalLogged = false;

  const serverMessageId = (anonymousId: string | undefined, userId: string | undefined, clientId: string | undefined): string => {
    const hash = createHash('sha256')
      .update(messageKey)
      .update(`${anonymousId ?? ''}\0${userId ?? ''}\0${clientId ?? randomBytes(16).toString('hex')}`)
      .digest('hex');
    return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  };

  function relayedMessage(raw: unknown, index: number, caller: RelayCaller, offset: number, time: number, limits: RelayValueLimits): SegmentMessage {
    const where = `batch[${index}]`;
    if (!isPlainObject(raw)) throw new RelayError('analytics-batch-invalid', `${where} must be an object`);
    const type = raw.type;
    if (typeof type !== 'string' || !TYPES.has(type)) {
      throw new RelayError('analytics-batch-invalid', `${where}.type must be "track", "page" or "identify"`);
    }
    const message: SegmentMessage = { type: type as SegmentMessage['type'] };
    const event = optionalString(raw, 'event', where, MAX_NAME);
    if (type === 'track') {
      if (!event) throw new RelayError('analytics-batch-invalid', `${where}.event is required for a track event`);
      message.event = event;
    }
    const name = optionalString(raw, 'name', where, MAX_NAME);
    if (name && type === 'page') message.name = name;
    const claimedAnonymousId = optionalString(raw, 'anonymousId', where, MAX_ID);
    const clientMessageId = optionalString(raw, 'messageId', where, MAX_ID);
    const timestamp = optionalString(raw, 'timestamp', where, 40);
    let at = time;
    if (timestamp) {
      const parsed = Date.parse(timestamp);
      if (Number.isNaN(parsed)) throw new RelayError('analytics-batch-invalid', `${where}.timestamp must be an ISO date`);
      // The browser's clock mapped onto the server's, never later than now.
      at = Math.max(time - MAX_AGE_MS, Math.min(time, parsed + offset));
    }
    message.timestamp = new Date(at).toISOString();
    const properties = optionalObject(raw, 'properties', where, limits);
    if (properties) message.properties = properties;
    const traits = optionalObject(raw, 'traits', where, limits);
    if (traits && type === 'identify') message.traits = traits;
    const context = optionalObject(raw, 'context', where, limits);
    const kept: Record<string, unknown> = {};
    if (context) for (const key of Object.keys(context)) if (CONTEXT_KEYS.has(key)) kept[key] = context[key];
    if (caller.clientAddress) kept.ip = caller.clientAddress;
    if (caller.userAgent) kept.userAgent = caller.userAgent.slice(0, 512);
    message.context = kept;
    const { userId, anonymousId } = identities
      ? identities.identityAt(caller.connectionId, at, claimedAnonymousId, caller.userId)
      : { userId: caller.userId, anonymousId: claimedAnonymousId };
    if (userId) message.userId = userId;
    if (anonymousId) message.anonymousId = anonymousId;
    if (!message.userId && !message.anonymousId) {
      throw new RelayError('analytics-batch-invalid', `${where} needs an anonymousId when no user is logged in`);
    }
    if (type === 'identify' && !message.userId) {
      throw new RelayError('analytics-batch-invalid', `${where}: identify is accepted only from a connection that was logged in`);
    }
    message.messageId = serverMessageId(message.anonymousId, message.userId, clientMessageId);
    return message;
  }

  return (caller, batch) => {
    const { events, sentAt } = unwrap(batch);
    if (events.length > maxEvents) {
      throw new RelayError('analytics-batch-too-large', `batch has ${events.length} events, more than the ${maxEvents} allowed per call`);
    }
    const time = now();
    const offset = sentAt === undefined ? 0 : time - sentAt;
    // Every value is checked and copied before anything is measured: JSON.stringify of what a
    // client sent could throw (a cycle, a BigInt) or recurse too deep.
    const limits: RelayValueLimits = { maxDepth: 16, budget: { nodes: Math.max(1000, maxBytes / 4) } };
    const messages = events.map((raw, index) => relayedMessage(raw, index, caller, offset, time, limits));
    const sizes = messages.map((message) => Buffer.byteLength(JSON.stringify(message)));
    const bytes = sizes.reduce((sum, size) => sum + size, 0);
    if (bytes > maxBytes) throw new RelayError('analytics-batch-too-large', `batch is ${bytes} bytes, more than the ${maxBytes} allowed per call`);
    const key = caller.connectionId ?? caller.userId ?? 'anonymous';
    let window = windows.get(key);
    if (!window || time - window.start >= limit.intervalMs) {
      window = { start: time, count: 0 };
      windows.set(key, window);
      // Forget idle connections so the map does not grow with every visitor.
      if (windows.size > 10000) {
        for (const [other, entry] of windows) if (time - entry.start >= limit.intervalMs) windows.delete(other);
      }
    }
    if (window.count + messages.length > limit.events) {
      throw new RelayError('analytics-rate-limited', `more than ${limit.events} events in ${limit.intervalMs} ms from this connection`);
    }
    window.count += messages.length;
    let refused = 0;
    messages.forEach((message, index) => {
      // Segment's per-message limit, with room for what the Node library adds.
      if (sizes[index] + 512 > MAX_EVENT_BYTES) {
        refused += 1;
        if (!refusalLogged) {
          refusalLogged = true;
          log(`flightdeck:analytics: relayed ${message.type} event batch[${index}] is ${sizes[index]} bytes, over Segment's ${MAX_EVENT_BYTES}-byte limit: dropped (further ones are dropped without a log line)`);
        }
        return;
      }
      options.forward(message);
    });
    return refused > 0 ? { accepted: messages.length - refused, refused } : { accepted: messages.length };
  };
}
