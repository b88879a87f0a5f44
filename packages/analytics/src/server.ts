// flightdeck:analytics on the server: Segment's Node library behind a bounded queue, flushed on
// SIGTERM / SIGINT; the relay method for browser events; method tracking with the real userId.
import { Meteor } from 'meteor/meteor';
import { meteorPackage, registerSettings } from 'meteor/flightdeck:settings';
import { analyticsSettings } from './lib/analytics-settings.ts';
import { okgrowAnalyticsSettings } from './lib/okgrow-settings.ts';
import { ServerAnalytics, type ServerAnalyticsStats } from './lib/server-analytics.ts';
import type { SegmentMessage } from './lib/segment-message.ts';
import { flushOnShutdown } from './lib/flush-on-shutdown.ts';
import { createRelayHandler, RelayError } from './lib/relay-handler.ts';
import { RELAY_METHOD_NAME } from './lib/relay-method-name.ts';
import { trackMethods as wrapMethods, trackedMethodMixin as methodMixin, type MethodThis, type MethodTrackingOptions } from './lib/track-methods.ts';
import './meteor-settings.ts';

export * from './server-index.ts';

const settings = registerSettings(analyticsSettings);
registerSettings(okgrowAnalyticsSettings);

let segment: ServerAnalytics | undefined;
let started = false;
// Events tracked by the app's top-level code before startup (the write key is read then).
const early: SegmentMessage[] = [];

function send(message: SegmentMessage): void {
  if (segment) segment.enqueue(message);
  else if (!started && early.length < 1000) early.push(message);
}

/** Server-side events, with Segment's Node library; a no-op when analytics.segment.writeKey is not set. */
export const analytics = {
  track(message: Omit<SegmentMessage, 'type'> & { event: string }): void {
    send({ ...message, type: 'track' });
  },
  page(message: Omit<SegmentMessage, 'type'>): void {
    send({ ...message, type: 'page' });
  },
  identify(message: Omit<SegmentMessage, 'type'> & { userId: string }): void {
    send({ ...message, type: 'identify' });
  },
  /** Resolves once what is queued is delivered (or `timeout` ms passed). */
  flush(options?: { timeout?: number }): Promise<void> {
    return segment ? segment.flush(options) : Promise.resolve();
  },
  stats(): ServerAnalyticsStats | undefined {
    return segment?.stats();
  },
  enabled(): boolean {
    return segment !== undefined || !started;
  },
};

// Methods called without a user are attributed to this anonymous id: Segment needs one of the two.
const ANONYMOUS_METHOD_CALLER = 'meteor-anonymous';

const methodTracking: MethodTrackingOptions = {
  enabled: () => segment !== undefined,
  record(event, properties, userId) {
    send({ type: 'track', event, properties, ...(userId ? { userId } : { anonymousId: ANONYMOUS_METHOD_CALLER }) });
  },
};

/** `Meteor.methods(trackMethods({...}))`: name, duration and outcome of each call, with `this.userId`. */
export function trackMethods<M extends Record<string, (this: MethodThis, ...args: never[]) => unknown>>(methods: M): M {
  return wrapMethods(methods, methodTracking);
}

/** The mdg:validated-method mixin: `new ValidatedMethod({ name, mixins: [trackedMethodMixin], ... })`. */
export const trackedMethodMixin = methodMixin(methodTracking);

// After flightdeck:settings' startup callback (it loads first): settings validated, defaults and
// environment overrides applied.
Meteor.startup(() => {
  started = true;
  const config = settings.private.segment;
  if (config?.writeKey) {
    segment = new ServerAnalytics({
      writeKey: config.writeKey,
      host: config.host,
      path: config.path,
      flushAt: config.flushAt,
      flushInterval: config.flushInterval,
      maxQueueSize: config.maxQueueSize,
      maxRetries: config.maxRetries,
      maxAttempts: config.maxAttempts,
    });
    flushOnShutdown(segment, { timeout: config.shutdownTimeout });
    for (const message of early.splice(0)) segment.enqueue(message);
  }
  early.length = 0;

  if (settings.public.destinations?.relay) {
    const relay = settings.private.relay;
    const handler = createRelayHandler({
      forward: send,
      maxEvents: relay?.maxBatchEvents ?? 50,
      maxBytes: relay?.maxBatchBytes ?? 65536,
      rateLimit: { events: relay?.eventsPerMinute ?? 600, intervalMs: 60000 },
    });
    Meteor.methods({
      [RELAY_METHOD_NAME](this: Meteor.MethodThisType, batch: unknown) {
        // Analytics must not hold up this client's other methods.
        this.unblock();
        try {
          return handler({ userId: this.userId, connectionId: this.connection?.id }, batch);
        } catch (error) {
          if (error instanceof RelayError) throw new Meteor.Error(error.error, error.reason);
          throw error;
        }
      },
    });
    // Weak dependency: calls per connection, on top of the handler's events-per-minute cap.
    const limiter = meteorPackage<{ DDPRateLimiter: { addRule(matcher: object, count: number, interval: number): string } }>('ddp-rate-limiter');
    limiter?.DDPRateLimiter.addRule({ type: 'method', name: RELAY_METHOD_NAME, connectionId: () => true }, relay?.callsPerSecond ?? 5, 1000);
  }
});
