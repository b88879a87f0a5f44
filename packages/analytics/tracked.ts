// meteor/flightdeck:analytics/tracked: the method and subscription wrappers, a module of their own
// (added lazy in package.js) so that only an app that imports them downloads them. The main
// modules never import this file. `meteor/flightdeck:analytics` here is this package's main module
// for the side being built (Meteor resolves the package's own name as it does an app's import),
// so the server build never pulls in the browser client.
import { Meteor } from 'meteor/meteor';
import { analytics } from 'meteor/flightdeck:analytics';
import { createTrackedSubscribe } from './src/lib/create-tracked-subscribe.ts';
import { createTrackedCallAsync } from './src/lib/create-tracked-call-async.ts';

// On the server, `analytics` has no browser pipeline: the wrappers only pass calls on (a method's
// server run is recorded by trackMethods / trackedMethodMixin).
const browser = Meteor.isClient ? analytics : undefined;
const tracking = { record: (event: string, properties: Record<string, unknown>): void => browser?.track(event, properties), enabled: () => browser?.isTracking() ?? false };

/** `Meteor.subscribe` with one Ready / Error / Stopped event per subscription (browser). Returns Meteor's handle. */
export const trackedSubscribe: (name: string, ...args: unknown[]) => Meteor.SubscriptionHandle = createTrackedSubscribe(
  (name, ...args) => Meteor.subscribe(name, ...args) as Meteor.SubscriptionHandle & { subscriptionId: string },
  tracking,
);

/** `Meteor.callAsync` with the latency the user waited recorded as "Method Latency" (browser; on the server, `Meteor.callAsync`). */
export const trackedCallAsync: (name: string, ...args: unknown[]) => Promise<unknown> = createTrackedCallAsync(
  (name: string, ...args: unknown[]) => Meteor.callAsync(name, ...args),
  tracking,
);
