// flightdeck:analytics in the browser: the event pipeline with the destinations the public settings
// name, page views from FlowRouter (when the app has it) or the History API, identify / reset on
// login / logout. The logic is in lib/; the method and subscription wrappers are a module of their
// own (../tracked.ts, `meteor/flightdeck:analytics/tracked`), which this file never imports.
import { Meteor } from 'meteor/meteor';
import { meteorPackage, type InferSettings } from 'meteor/flightdeck:settings';
import type { analyticsSettings } from './lib/analytics-settings.ts';
import { createAnalyticsClient, type AnalyticsClient } from './lib/analytics-client.ts';
import type { Destination } from './lib/destination.ts';
import { lazyDestination } from './lib/lazy-destination.ts';
import type { Ga4Options } from './lib/destinations/ga4-destination.ts';
import type { SegmentBrowserOptions } from './lib/destinations/segment-destination.ts';
import type { consoleDestination as ConsoleDestination } from './lib/destinations/console-destination.ts';
import { trackHistoryPageViews } from './lib/history-page-views.ts';
import { trackFlowRouterPageViews, type FlowRouterLike } from './lib/flow-router-page-views.ts';
import type { MethodThis } from './lib/track-methods.ts';
import { followLogin } from './lib/follow-login.ts';

// Never import ./index.ts here: it carries the server core (node:http, node:crypto).
export type { AnalyticsClient } from './lib/analytics-core.ts';
export type { AnalyticsEvent, EventStage } from './lib/analytics-event.ts';
export type { Destination } from './lib/destination.ts';
export { redactUrl } from './lib/redact-url.ts';

// Read directly, not through registerSettings(analyticsSettings): the schema (4.8 KB of
// descriptions) stays out of the browser bundle. The server validated these and wrote the defaults.
const settings = Meteor.settings.public || {};
const config = (settings.analytics || {}) as Partial<InferSettings<(typeof analyticsSettings)['public']>>;
// okgrow:analytics' settings: their layer (the `analytics` global, its providers) loads on demand.
const legacy = settings.analyticsSettings as Record<string, unknown> | undefined;
const named: Partial<NonNullable<typeof config.destinations>> = config.destinations || {};

// Each destination's code is a lazy module (Meteor's dynamic import), fetched only when used:
// same signatures as the core's, the destination loads its code on the client's first `load`.
export const ga4Destination = (options: Ga4Options): Destination =>
  lazyDestination('google-analytics-4', () => import('./lib/destinations/ga4-destination.ts').then((module) => module.ga4Destination(options)));
export const segmentDestination = (options: SegmentBrowserOptions): Destination =>
  lazyDestination('segment', () => import('./lib/destinations/segment-destination.ts').then((module) => module.segmentDestination(options)));
export const consoleDestination = (print?: Parameters<typeof ConsoleDestination>[0]): Destination =>
  lazyDestination('console', () => import('./lib/destinations/console-destination.ts').then((module) => module.consoleDestination(print)));

const destinations: Destination[] = [];
if (named.googleAnalytics) destinations.push(ga4Destination(named.googleAnalytics));
if (named.segment) destinations.push(segmentDestination(named.segment));
if (named.console) destinations.push(consoleDestination());
// The relay's Meteor method call is in its lazy module too (./relay-client.ts).
if (named.relay) destinations.push(lazyDestination('relay', () => import('./relay-client.ts').then((module) => module.relay)));

// okgrow:analytics set `window.analytics` (analytics.js). Calls made before its layer has loaded
// are queued on this object, which then gets the real methods: a reference an app kept stays
// valid, as with analytics.js' own snippet. The layer is a destination added now (holding the
// destinations okgrow's settings name), so they get every event from the first.
if (legacy !== undefined || config.global === true) {
  const queued: Array<[string, IArguments]> = [];
  const global: Record<string, unknown> = {};
  for (const name of 'track page identify reset ready debug user alias group'.split(' '))
    global[name] = function () {
      // eslint-disable-next-line prefer-rest-params
      queued.push([name, arguments]);
    };
  (globalThis as { analytics?: unknown }).analytics = global;
  destinations.push(
    lazyDestination('okgrow', () =>
      import('./lib/install-okgrow.ts').then((module) => module.installOkgrow(analytics, global, queued, legacy, config, ga4Destination, segmentDestination)),
    ),
  );
}

// The server's settings check writes the defaults. Without it, only `email` needs naming: token,
// access_token and password (the rest of the default list) are secret-named, always redacted.
/** The app's analytics: `track`, `page`, `identify`, `reset`, `optOut` / `optIn`, `addDestination`, `debug`. */
export const analytics: AnalyticsClient = createAnalyticsClient(Object.assign({}, config, { destinations, redactQueryParams: config.redactQueryParams || ['email'] }));

// Isomorphic method definitions: in the browser only stubs run (isSimulation), and stubs are never
// recorded (the server records the real run), so here both are the identity and cost nothing.
const identity = <T>(value: T): T => value;
export const trackMethods: <M extends Record<string, (this: MethodThis, ...args: never[]) => unknown>>(methods: M) => M = identity;
export const trackedMethodMixin: <T>(methodOptions: T) => T = identity;

// At load, not at startup: FlowRouter (a weak dependency, so loaded before this package) routes the
// first page in its own Meteor.startup callback, which runs before one registered here.
// okgrow's `autorun: false` turns them off too.
if (config.autoPageViews !== false && !(legacy && legacy.autorun === false)) {
  // FlowRouter's triggers give route names and patterns; without it, the History API.
  const flowRouter = meteorPackage<{ FlowRouter?: FlowRouterLike }>('ostrio:flow-router-extra');
  const options = { page: analytics.page, hashChanges: config.hashChanges };
  if (flowRouter && flowRouter.FlowRouter) trackFlowRouterPageViews(flowRouter.FlowRouter, options);
  else trackHistoryPageViews(options);
}

Meteor.startup(() => {
  // Weak dependencies: identify once per login and reset on logout (Accounts through Meteor.userId()).
  const tracker = meteorPackage<{ Tracker: { autorun(run: () => void): unknown } }>('tracker');
  if (meteorPackage('accounts-base') && tracker)
    followLogin(
      analytics,
      // Unbound, as Meteor defines them (3.0): Meteor.userId / loggingIn are arrows that ask Accounts,
      // Tracker.autorun refers to Tracker by name.
      { userId: Meteor.userId, loggingIn: (Meteor as unknown as { loggingIn(): boolean }).loggingIn, autorun: tracker.Tracker.autorun },
      {
        events: config.loginEvents ?? legacy !== undefined,
        // Meteor publishes the logged-in user's `emails` by default; undefined until the document arrives.
        traits: config.identifyEmail
          ? () => {
              const user = Meteor.user() as { emails?: Array<{ address?: string }> } | null;
              const email = user && user.emails && user.emails[0] && user.emails[0].address;
              return user ? (email ? { email } : {}) : undefined;
            }
          : undefined,
      },
    );
});
