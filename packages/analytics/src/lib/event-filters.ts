import type { AnalyticsEvent } from './analytics-event.ts';
import { pathFilter } from './path-patterns.ts';
import { redactEvent, type RedactedEvent } from './redact-event.ts';

/** The pipeline's path filter, redaction and size measure, which every event goes through. */
export interface EventFilters {
  /** whether a page path is tracked (include / exclude) */
  allowed(path: string): boolean;
  redact(event: AnalyticsEvent): RedactedEvent;
  /** the event's JSON size in bytes (Infinity when it cannot be serialised) */
  bytes(event: AnalyticsEvent): number;
}

export function createEventFilters(options: { include?: readonly string[]; exclude?: readonly string[]; redactQueryParams?: readonly string[] }): EventFilters {
  const test = pathFilter(options.include || [], options.exclude || []);
  // Events come in runs from one page: match each path once.
  let lastPath: string | undefined;
  let lastAllowed = true;
  return {
    allowed: (path) => (path === lastPath ? lastAllowed : (lastAllowed = test((lastPath = path)))),
    redact: redactEvent(options.redactQueryParams || []),
    bytes(event) {
      try {
        // A Blob of a string holds its UTF-8 bytes.
        return new Blob([JSON.stringify(event)]).size;
      } catch {
        // A value JSON cannot carry: no destination could send it either.
        return Infinity;
      }
    },
  };
}
