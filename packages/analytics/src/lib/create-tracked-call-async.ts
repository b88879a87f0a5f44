import { methodOutcome } from './method-outcome.ts';

export interface CallTimingOptions {
  record: (event: string, properties: Record<string, unknown>) => void;
  enabled?: () => boolean;
  /** the event name (default "Method Latency") */
  eventName?: string;
  now?: () => number;
}

/**
 * `Meteor.callAsync` timed from the client: the latency the user waited (round trip, server run
 * and DDP queueing included) and the outcome, as one event per call.
 */
export function createTrackedCallAsync<A extends unknown[], R>(
  callAsync: (name: string, ...args: A) => Promise<R>,
  options: CallTimingOptions,
): (name: string, ...args: A) => Promise<R> {
  const enabled = options.enabled ?? (() => true);
  const now = options.now ?? (() => performance.now());
  const eventName = options.eventName ?? 'Method Latency';
  return (name, ...args) => {
    if (!enabled()) return callAsync(name, ...args);
    const start = now();
    const record = (error?: unknown): void => {
      try {
        options.record(eventName, { method: name, latencyMs: Math.round(now() - start), outcome: methodOutcome(error) });
      } catch {
        // analytics never breaks a call
      }
    };
    return callAsync(name, ...args).then(
      (value) => {
        record();
        return value;
      },
      (error: unknown) => {
        record(error);
        throw error;
      },
    );
  };
}
