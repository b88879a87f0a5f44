import type { SegmentMessage } from './segment-message.ts';

/** A refused relay batch. `error` is the code a Meteor.Error carries to the client. */
export class RelayError extends Error {
  readonly error: 'analytics-batch-invalid' | 'analytics-batch-too-large' | 'analytics-rate-limited';
  readonly reason: string;
  constructor(error: RelayError['error'], reason: string) {
    super(`${reason} [${error}]`);
    this.name = 'RelayError';
    this.error = error;
    this.reason = reason;
  }
}

export interface RelayOptions {
  /** hands each accepted event on (the server's Segment queue) */
  forward: (message: SegmentMessage) => void;
  /** events per call (default 50) */
  maxEvents?: number;
  /** bytes of JSON per call (default 65536) */
  maxBytes?: number;
  /** events one connection may relay per window (default 600 per 60000 ms) */
  rateLimit?: { events: number; intervalMs: number };
  now?: () => number;
}

/** Who called: the method invocation's `this.userId` and connection id. */
export interface RelayCaller {
  userId: string | null;
  connectionId?: string;
}

export type RelayHandler = (caller: RelayCaller, batch: unknown) => { accepted: number };

const TYPES = new Set(['track', 'page', 'identify']);
const MAX_NAME = 200;
const MAX_ID = 200;

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

function optionalObject(event: Record<string, unknown>, key: string, where: string): Record<string, unknown> | undefined {
  const value = event[key];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new RelayError('analytics-batch-invalid', `${where}.${key} must be an object`);
  return value;
}

/** One client event checked and rebuilt from known fields only, with the caller's userId. */
function relayedMessage(raw: unknown, index: number, userId: string | null): SegmentMessage {
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
  const anonymousId = optionalString(raw, 'anonymousId', where, MAX_ID);
  if (anonymousId) message.anonymousId = anonymousId;
  const messageId = optionalString(raw, 'messageId', where, MAX_ID);
  if (messageId) message.messageId = messageId;
  const timestamp = optionalString(raw, 'timestamp', where, 40);
  if (timestamp) {
    if (Number.isNaN(Date.parse(timestamp))) throw new RelayError('analytics-batch-invalid', `${where}.timestamp must be an ISO date`);
    message.timestamp = timestamp;
  }
  const properties = optionalObject(raw, 'properties', where);
  if (properties) message.properties = properties;
  const traits = optionalObject(raw, 'traits', where);
  if (traits && type === 'identify') message.traits = traits;
  const context = optionalObject(raw, 'context', where);
  if (context) message.context = context;
  // The connection's user, never the one the client wrote into the event.
  if (userId) message.userId = userId;
  if (!message.userId && !message.anonymousId) {
    throw new RelayError('analytics-batch-invalid', `${where} needs an anonymousId when no user is logged in`);
  }
  if (type === 'identify' && !message.userId) {
    throw new RelayError('analytics-batch-invalid', `${where}: identify is accepted only from a logged-in connection`);
  }
  return message;
}

/**
 * The first-party relay's method body, framework-free: validates a client's batch, caps its size
 * and rate, stamps the caller's userId on every event and forwards them. The whole batch is checked
 * before any event is forwarded, so a refused batch forwards nothing.
 */
export function createRelayHandler(options: RelayOptions): RelayHandler {
  const maxEvents = options.maxEvents ?? 50;
  const maxBytes = options.maxBytes ?? 65536;
  const limit = options.rateLimit ?? { events: 600, intervalMs: 60000 };
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();

  return (caller, batch) => {
    if (!Array.isArray(batch)) throw new RelayError('analytics-batch-invalid', 'batch must be an array of events');
    if (batch.length > maxEvents) {
      throw new RelayError('analytics-batch-too-large', `batch has ${batch.length} events, more than the ${maxEvents} allowed per call`);
    }
    const bytes = Buffer.byteLength(JSON.stringify(batch));
    if (bytes > maxBytes) throw new RelayError('analytics-batch-too-large', `batch is ${bytes} bytes, more than the ${maxBytes} allowed per call`);
    const messages = batch.map((raw, index) => relayedMessage(raw, index, caller.userId));
    const key = caller.connectionId ?? caller.userId ?? 'anonymous';
    const time = now();
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
    for (const message of messages) options.forward(message);
    return { accepted: messages.length };
  };
}
