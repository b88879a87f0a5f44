import type { AnalyticsEvent } from './analytics-event.ts';
import { REDACTED, SECRET_KEY, redactedParams, redactUrl } from './redact-url.ts';

/** Levels of objects below properties / traits / context that are kept; deeper values are dropped. */
export const MAX_PROPERTY_DEPTH = 8;

const DROPPED = {};
const hasOwn = Object.prototype.hasOwnProperty;

export interface RedactedEvent {
  event: AnalyticsEvent;
  /** characters of strings and keys in the event: 3 bytes each at most in JSON, so an upper bound / 3 of its size */
  chars: number;
  /** how many values were dropped for being nested deeper than MAX_PROPERTY_DEPTH */
  dropped: number;
}

/**
 * The redaction stage: every string in the event's properties, traits and context (url, path,
 * search, referrer, title, and whatever the app put in properties, at any depth) has account
 * tokens, secret-shaped URL parts and the configured query parameters removed, so they never leave
 * the browser. What is nested deeper than MAX_PROPERTY_DEPTH is dropped, never passed on unread.
 * Copy on write: an event with nothing to redact is returned as it is, without a copy.
 */
export function redactEvent(queryParams: readonly string[]): (event: AnalyticsEvent) => RedactedEvent {
  const params = redactedParams(queryParams);
  // The page context repeats from event to event: remember the last strings seen (up to 64).
  const cache = new Map<string, string>();
  let chars = 0;
  let dropped = 0;
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value == 'string') {
      chars += value.length + 3;
      let result = value.length < 8 ? value : cache.get(value);
      if (result === undefined) {
        result = redactUrl(value, params);
        if (value.length <= 2048) cache.set(value, result).size > 64 && cache.delete(cache.keys().next().value!);
      }
      return result;
    }
    chars += 8;
    if (typeof value == 'bigint') return value + '';
    if (!value || typeof value != 'object') return value;
    const isArray = Array.isArray(value);
    const prototype = Object.getPrototypeOf(value);
    if (!isArray && prototype && prototype != Object.prototype) {
      chars += 24;
      return value;
    }
    if (depth >= MAX_PROPERTY_DEPTH) {
      dropped++;
      return DROPPED;
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in record) {
      if (!hasOwn.call(record, key)) continue;
      chars += key.length + 4;
      const child = record[key];
      const next = !isArray && typeof child == 'string' && child && SECRET_KEY.test(key) ? REDACTED : walk(child, depth + 1);
      if (next !== child) {
        copy ||= (isArray ? (record as unknown as unknown[]).slice() : { ...record }) as Record<string, unknown>;
        // A dropped array item leaves null in its place, so the other items keep their index.
        if (next !== DROPPED) copy[key] = next;
        else if (isArray) copy[key] = null;
        else delete copy[key];
      }
    }
    const result = copy || value;
    return result;
  };

  // Depth 0 is never past the limit: properties, traits and context themselves are never dropped.
  return (event) => {
    chars = 200;
    dropped = 0;
    const properties = walk(event.properties, 0) as AnalyticsEvent['properties'];
    const traits = event.traits && (walk(event.traits, 0) as AnalyticsEvent['traits']);
    const context = walk(event.context, 0) as AnalyticsEvent['context'];
    return {
      event: properties === event.properties && traits === event.traits && context === event.context ? event : Object.assign({}, event, traits && { traits }, { properties, context }),
      chars,
      dropped,
    };
  };
}
