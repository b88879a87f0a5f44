import type { AnalyticsEvent } from '../analytics-event.ts';
import type { Destination } from '../destination.ts';

export interface RelayDestinationOptions {
  /**
   * sends one call to the server: `(call) => Meteor.callAsync('flightdeck.analytics.relay', call)`.
   * `sentAt` is this browser's clock, so the server can place each event's time on its own clock.
   */
  send: (call: { sentAt: string; batch: AnalyticsEvent[] }) => Promise<unknown>;
  /** ms to gather events into one call (default 1000) */
  flushInterval?: number;
  /** events per call, matching the server's analytics.relay.maxBatchEvents (default 50) */
  maxBatchEvents?: number;
}

/**
 * Browser events to the server over a Meteor method, which stamps the real userId and forwards
 * them with the server's private write key. DDP is the app's own connection, so ad blockers that
 * block analytics hosts do not drop them.
 */
export function relayDestination(options: RelayDestinationOptions): Destination {
  const maxBatch = options.maxBatchEvents || 50;
  let pending: AnalyticsEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    while (pending.length) {
      // userId is left out on purpose: the server takes it from the connection's login history.
      const batch = pending.splice(0, maxBatch).map((event) => {
        const sent = Object.assign({}, event);
        delete sent.userId;
        return sent;
      });
      options.send({ sentAt: new Date().toISOString(), batch }).catch(() => undefined);
    }
  };
  return {
    name: 'relay',
    deliver(event) {
      if (pending.push(event) >= maxBatch) flush();
      else timer ||= setTimeout(flush, options.flushInterval ?? 1000);
    },
  };
}
