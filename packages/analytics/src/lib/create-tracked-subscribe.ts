import { methodOutcome } from './method-outcome.ts';

/** The handle Meteor.subscribe returns. */
export interface SubscriptionHandleLike {
  subscriptionId: string;
  ready(): boolean;
  stop(): void;
}

interface SubscribeCallbacks {
  onReady?: () => void;
  onStop?: (error?: unknown) => void;
  onError?: (error: unknown) => void;
}

export interface SubscriptionTrackingOptions {
  record: (event: string, properties: Record<string, unknown>) => void;
  enabled?: () => boolean;
  now?: () => number;
}

interface Tracked {
  name: string;
  start: number;
  ready: boolean;
  stopped: boolean;
}

/**
 * A `Meteor.subscribe` that records, once per subscription: "Subscription Ready" with the time to
 * ready, "Subscription Error" with the error code, "Subscription Stopped" with how long it lived.
 * An autorun that re-runs with the same arguments gets the same subscription back from Meteor (same
 * subscriptionId) and records nothing new. Returns Meteor's own handle.
 */
export function createTrackedSubscribe<H extends SubscriptionHandleLike>(
  subscribe: (name: string, ...args: unknown[]) => H,
  options: SubscriptionTrackingOptions,
): (name: string, ...args: unknown[]) => H {
  const enabled = options.enabled ?? (() => true);
  const now = options.now ?? (() => performance.now());
  const live = new Map<string, Tracked>();
  const record = (event: string, properties: Record<string, unknown>): void => {
    try {
      options.record(event, properties);
    } catch {
      // analytics never breaks a subscription
    }
  };

  return (name, ...args) => {
    if (!enabled()) return subscribe(name, ...args);
    const last = args[args.length - 1];
    let callbacks: SubscribeCallbacks = {};
    if (typeof last === 'function') callbacks = { onReady: last as () => void };
    else if (last && typeof last === 'object' && ['onReady', 'onStop', 'onError'].some((key) => typeof (last as Record<string, unknown>)[key] === 'function')) {
      callbacks = last as SubscribeCallbacks;
    }
    const params = callbacks === last || typeof last === 'function' ? args.slice(0, -1) : args;
    const start = now();
    let handle: H | undefined;
    // Meteor may call onReady synchronously (a re-used, already ready subscription): wait for the handle.
    const withTracked = (fn: (tracked: Tracked) => void): void => {
      const run = (): void => {
        const tracked = handle ? live.get(handle.subscriptionId) : undefined;
        if (tracked) fn(tracked);
      };
      if (handle) run();
      else queueMicrotask(run);
    };
    const wrapped: SubscribeCallbacks = {
      onReady() {
        withTracked((tracked) => {
          if (tracked.ready) return;
          tracked.ready = true;
          record('Subscription Ready', { subscription: tracked.name, readyMs: Math.round(now() - tracked.start) });
        });
        callbacks.onReady?.();
      },
      onStop(error?: unknown) {
        withTracked((tracked) => {
          if (tracked.stopped) return;
          tracked.stopped = true;
          if (handle) live.delete(handle.subscriptionId);
          if (error) record('Subscription Error', { subscription: tracked.name, error: methodOutcome(error), ready: tracked.ready });
          else record('Subscription Stopped', { subscription: tracked.name, durationMs: Math.round(now() - tracked.start), ready: tracked.ready });
        });
        if (callbacks.onStop) callbacks.onStop(error);
        else if (error) callbacks.onError?.(error);
      },
    };
    handle = subscribe(name, ...params, wrapped);
    if (!live.has(handle.subscriptionId)) live.set(handle.subscriptionId, { name, start, ready: handle.ready(), stopped: false });
    return handle;
  };
}
