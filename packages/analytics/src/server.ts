// flightdeck:analytics on the server: our Segment batch sender behind a bounded queue, flushed on
// SIGTERM / SIGINT; the relay method for browser events; method tracking with the real userId.
import { Meteor } from 'meteor/meteor';
import { meteorPackage, registerSettings } from 'meteor/flightdeck:settings';
import { analyticsSettings } from './lib/analytics-settings.ts';
import { okgrowAnalyticsSettings } from './lib/okgrow-settings.ts';
import { ServerAnalytics } from './lib/server-analytics.ts';
import type { SegmentMessage } from './lib/segment-message.ts';
import { flushOnShutdown } from './lib/flush-on-shutdown.ts';
import { createRelayHandler, RelayError } from './lib/relay-handler.ts';
import { ConnectionIdentities } from './lib/connection-identities.ts';
import { createServerEvents, type ServerEvents } from './lib/server-events.ts';
import { RELAY_METHOD_NAME } from './lib/relay-method-name.ts';
import { trackMethods as wrapMethods, trackedMethodMixin as methodMixin, type MethodThis, type MethodTrackingOptions } from './lib/track-methods.ts';
import './meteor-settings.ts';

export * from './server-index.ts';

const settings = registerSettings(analyticsSettings);

/** The part of accounts-base's Accounts the relay listens to (a weak dependency). */
interface AccountsHooks {
  onLogin(callback: (login: { user?: { _id: string }; connection?: { id: string }; type?: string }) => void): unknown;
  onLogout(callback: (logout: { connection?: { id: string } }) => void): unknown;
}
registerSettings(okgrowAnalyticsSettings);

let segment: ServerAnalytics | undefined;
const events = createServerEvents();

/**
 * Server-side events, sent to Segment's HTTP API in batches; a no-op when analytics.segment.writeKey is not
 * set. The browser's call with who it is about as a third argument:
 * `analytics.track('Order Placed', { total }, { userId })`; the object form
 * `analytics.track({ userId, event, properties })` works too. A call missing its userId /
 * anonymousId throws there, also before startup.
 */
export const analytics: ServerEvents = events;

function send(message: SegmentMessage): void {
  if (segment) segment.enqueue(message);
}

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
  const config = settings.private.segment;
  if (config?.writeKey) {
    segment = new ServerAnalytics({
      writeKey: config.writeKey,
      host: config.host,
      path: config.path,
      flushAt: config.flushAt,
      flushInterval: config.flushInterval,
      maxQueueSize: config.maxQueueSize,
      maxAttempts: config.maxAttempts,
    });
    flushOnShutdown(segment, { timeout: config.shutdownTimeout });
  }
  // Events tracked by the app's top-level code before startup are handed on now; never throws.
  events.start(segment);

  if (settings.public.destinations?.relay) {
    const relay = settings.private.relay;
    // Who each connection was, and when: a relayed event gets the userId of the moment it happened.
    const identities = new ConnectionIdentities();
    Meteor.onConnection((connection) => connection.onClose(() => identities.closed(connection.id)));
    const accounts = meteorPackage<{ Accounts: AccountsHooks }>('accounts-base')?.Accounts;
    accounts?.onLogin((login) => {
      if (login.connection?.id && login.user?._id) identities.loggedIn(login.connection.id, login.user._id, { resume: login.type === 'resume' });
    });
    accounts?.onLogout((logout) => {
      if (logout.connection?.id) identities.loggedOut(logout.connection.id);
    });
    const handler = createRelayHandler({
      forward: send,
      identities,
      maxEvents: relay?.maxBatchEvents ?? 50,
      maxBytes: relay?.maxBatchBytes ?? 65536,
      rateLimit: { events: relay?.eventsPerMinute ?? 600, intervalMs: 60000 },
    });
    Meteor.methods({
      [RELAY_METHOD_NAME](this: Meteor.MethodThisType, batch: unknown) {
        // Analytics must not hold up this client's other methods.
        this.unblock();
        try {
          const connection = this.connection;
          return handler(
            { userId: this.userId, connectionId: connection?.id, clientAddress: connection?.clientAddress, userAgent: connection?.httpHeaders?.['user-agent'] },
            batch,
          );
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
