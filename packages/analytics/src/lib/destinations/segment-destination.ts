import type { AnalyticsEvent } from '../analytics-event.ts';
import type { Destination } from '../destination.ts';

export interface SegmentBrowserOptions {
  /** the browser source's write key (public; for a private key use the relay) */
  writeKey: string;
  host?: string;
  /** ms to gather events into one request (default 1000) */
  flushInterval?: number;
  fetch?: typeof fetch;
}

/**
 * Segment's HTTP API straight from the browser, batched, without analytics.js (the 244 KB
 * okgrow:analytics shipped). `keepalive` lets the last batch leave when the tab closes.
 */
export function segmentDestination(options: SegmentBrowserOptions): Destination {
  const url = (options.host || 'https://api.segment.io').replace(/\/+$/, '') + '/v1/batch';
  const send = options.fetch || ((input: string, init: RequestInit) => fetch(input, init));
  let pending: AnalyticsEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    const batch = pending;
    pending = [];
    send(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ batch, writeKey: options.writeKey, sentAt: new Date().toISOString() }),
      keepalive: true,
    }).then(
      () => undefined,
      // Offline or blocked: the batch is lost, as analytics.js' would be; never an unhandled rejection.
      () => undefined,
    );
  };
  return {
    name: 'segment',
    deliver(event) {
      // The first event of a batch sets the timer: the batch is never empty when it fires.
      pending.push(event);
      timer ||= setTimeout(flush, options.flushInterval ?? 1000);
    },
  };
}
