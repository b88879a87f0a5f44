import type { AnalyticsEvent } from './analytics-event.ts';
import { REDACTED, SECRET_KEY, redactedParams, redactUrl } from './redact-url.ts';

/** Levels of objects below properties / traits / context that are kept; deeper values are dropped. */
export const MAX_PROPERTY_DEPTH = 8;

const DROPPED = Symbol('dropped');

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
  // The page context repeats from event to event: remember the last strings seen.
  const cache = new Map<string, string>();
  const redactString = (value: string): string => {
    if (value.length < 8) return value;
    const known = cache.get(value);
    if (known !== undefined) return known;
    const result = redactUrl(value, params);
    if (value.length <= 2048) {
      if (cache.size >= 64) cache.delete(cache.keys().next().value!);
      cache.set(value, result);
    }
    return result;
  };

  let chars = 0;
  let dropped = 0;
  // Frozen objects (the client's page context, library, campaign) are the same from event to
  // event and cannot change: each is walked once.
  const frozen = new WeakMap<object, { result: unknown; chars: number }>();
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'object' && value !== null && Object.isFrozen(value)) {
      let known = frozen.get(value);
      if (!known) {
        const before = chars;
        const droppedBefore = dropped;
        const result = walkValue(value, depth);
        // A value that had something deeper than the limit is walked each time, so it is counted each time.
        if (dropped !== droppedBefore) return result;
        known = { result, chars: chars - before };
        frozen.set(value, known);
        return result;
      }
      chars += known.chars;
      return known.result;
    }
    return walkValue(value, depth);
  };
  const walkValue = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') {
      chars += value.length + 3;
      return redactString(value);
    }
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') {
      chars += 8;
      return value;
    }
    const isArray = Array.isArray(value);
    if (!isArray && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      chars += 32;
      return value;
    }
    if (depth >= MAX_PROPERTY_DEPTH) {
      dropped += 1;
      return DROPPED;
    }
    if (isArray) {
      let copy: unknown[] | undefined;
      const list = value as unknown[];
      for (let i = 0; i < list.length; i += 1) {
        const next = walk(list[i], depth + 1);
        if (next !== list[i]) (copy ??= list.slice())[i] = next === DROPPED ? null : next;
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      chars += key.length + 4;
      const child = record[key];
      const next = typeof child === 'string' && child !== '' && SECRET_KEY.test(key) ? REDACTED : walk(child, depth + 1);
      if (next === child) continue;
      copy ??= { ...record };
      if (next === DROPPED) delete copy[key];
      else copy[key] = next;
    }
    return copy ?? value;
  };

  return (event) => {
    chars = 0;
    dropped = 0;
    const properties = walk(event.properties, 0);
    const traits = event.traits ? walk(event.traits, 0) : undefined;
    const context = walk(event.context, 0);
    chars += 200;
    const changed = properties !== event.properties || traits !== event.traits || context !== event.context;
    const result = changed
      ? ({
          ...event,
          properties: properties === DROPPED ? {} : properties,
          ...(event.traits ? { traits: traits === DROPPED ? {} : traits } : {}),
          context: context === DROPPED ? {} : context,
        } as AnalyticsEvent)
      : event;
    return { event: result, chars, dropped };
  };
}
