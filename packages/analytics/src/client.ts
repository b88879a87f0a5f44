// flightdeck:analytics in the browser: the event pipeline with the destinations the public settings
// name, page views from FlowRouter (when the app has it) or the History API, identify / reset on
// login / logout, and the method and subscription wrappers. The logic is in lib/.
import { Meteor } from 'meteor/meteor';
import { meteorPackage, type InferSettings } from 'meteor/flightdeck:settings';
import type { analyticsSettings } from './lib/analytics-settings.ts';
import { createAnalyticsClient, type AnalyticsClient } from './lib/analytics-client.ts';
import type { Destination } from './lib/destination.ts';
import { consoleDestination } from './lib/destinations/console-destination.ts';
import { ga4Destination } from './lib/destinations/ga4-destination.ts';
import { segmentDestination } from './lib/destinations/segment-destination.ts';
import { relayDestination } from './lib/destinations/relay-destination.ts';
import { mapOkgrowSettings } from './lib/map-okgrow-settings.ts';
import { trackHistoryPageViews } from './lib/history-page-views.ts';
import { trackFlowRouterPageViews, type FlowRouterLike } from './lib/flow-router-page-views.ts';
import { createTrackedSubscribe } from './lib/create-tracked-subscribe.ts';
import { createTrackedCallAsync } from './lib/create-tracked-call-async.ts';
import type { MethodThis } from './lib/track-methods.ts';
import { RELAY_METHOD_NAME } from './lib/relay-method-name.ts';
import { followLogin } from './lib/follow-login.ts';

// Never import ./index.ts here: it carries the server core (@segment/analytics-node, node:crypto).
export type { AnalyticsClient } from './lib/analytics-client.ts';
export type { AnalyticsEvent, EventStage } from './lib/analytics-event.ts';
export type { Destination } from './lib/destination.ts';
export { consoleDestination, ga4Destination, segmentDestination };
export { redactUrl } from './lib/redact-url.ts';

// Read directly, not through registerSettings(analyticsSettings): the schema (4.8 KB of
// descriptions) stays out of the browser bundle. The server validated these and wrote the defaults.
const config = (Meteor.settings.public?.analytics ?? {}) as Partial<InferSettings<(typeof analyticsSettings)['public']>>;
const legacy = mapOkgrowSettings(Meteor.settings.public?.analyticsSettings).destinations;
const googleAnalytics = config.destinations?.googleAnalytics ?? legacy.googleAnalytics;
const segment = config.destinations?.segment ?? legacy.segment;

const destinations: Destination[] = [];
if (googleAnalytics) destinations.push(ga4Destination(googleAnalytics));
if (segment) destinations.push(segmentDestination(segment));
if (config.destinations?.console) destinations.push(consoleDestination());
if (config.destinations?.relay) destinations.push(relayDestination({ send: (call) => Meteor.callAsync(RELAY_METHOD_NAME, call) }));

/** The app's analytics: `track`, `page`, `identify`, `reset`, `optOut` / `optIn`, `addDestination`. */
export const analytics: AnalyticsClient = createAnalyticsClient({
  destinations,
  respectDoNotTrack: config.respectDoNotTrack ?? true,
  include: config.include ?? [],
  exclude: config.exclude ?? [],
  redactQueryParams: config.redactQueryParams ?? ['token', 'access_token', 'password', 'email'],
  debug: config.debug ?? false,
});

const record = (event: string, properties: Record<string, unknown>): void => analytics.track(event, properties);

/** `Meteor.subscribe` with one Ready / Error / Stopped event per subscription. Returns Meteor's handle. */
export const trackedSubscribe: (name: string, ...args: unknown[]) => Meteor.SubscriptionHandle = createTrackedSubscribe(
  (name, ...args) => Meteor.subscribe(name, ...args) as Meteor.SubscriptionHandle & { subscriptionId: string },
  { record, enabled: analytics.isTracking },
);

/** `Meteor.callAsync` with the latency the user waited recorded as "Method Latency". */
export const trackedCallAsync: (name: string, ...args: unknown[]) => Promise<unknown> = createTrackedCallAsync(
  (name: string, ...args: unknown[]) => Meteor.callAsync(name, ...args),
  { record, enabled: analytics.isTracking },
);

// Isomorphic method definitions: in the browser only stubs run (isSimulation), and stubs are never
// recorded (the server records the real run), so here both are the identity and cost nothing.
export function trackMethods<M extends Record<string, (this: MethodThis, ...args: never[]) => unknown>>(methods: M): M {
  return methods;
}
export const trackedMethodMixin = <T>(methodOptions: T): T => methodOptions;

// At load, not at startup: FlowRouter (a weak dependency, so loaded before this package) routes the
// first page in its own Meteor.startup callback, which runs before one registered here.
if (config.autoPageViews ?? true) {
  // FlowRouter's triggers give route names and patterns; without it, the History API.
  const flowRouter = meteorPackage<{ FlowRouter?: FlowRouterLike }>('ostrio:flow-router-extra')?.FlowRouter;
  if (flowRouter) trackFlowRouterPageViews(flowRouter, { page: analytics.page, hashChanges: config.hashChanges });
  else trackHistoryPageViews({ page: analytics.page, hashChanges: config.hashChanges });
}

Meteor.startup(() => {
  // Weak dependencies: identify once per login and reset on logout (Accounts through Meteor.userId()).
  const tracker = meteorPackage<{ Tracker: { autorun(run: () => void): unknown } }>('tracker')?.Tracker;
  if (!meteorPackage('accounts-base') || !tracker) return;
  followLogin(analytics, {
    userId: () => Meteor.userId(),
    loggingIn: () => (Meteor as unknown as { loggingIn(): boolean }).loggingIn(),
    autorun: (run) => tracker.autorun(run),
  });
});
