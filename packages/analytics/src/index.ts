// @flightdeck/analytics: the framework-free core, browser-safe (nothing here imports meteor/* or
// node:*). ServerAnalytics (the Segment batch sender: node:http, node:crypto), the relay's server side and
// server events are in `@flightdeck/analytics/server` (server-index.ts), which Node also gets for
// this specifier (the "node" export condition). createTrackedSubscribe / createTrackedCallAsync are
// in `@flightdeck/analytics/tracked` (tracked-index.ts).
export type { AnalyticsEvent, EventStage, PageContext } from './lib/analytics-event.ts';
export type { Destination } from './lib/destination.ts';
export { createAnalyticsClient, STORAGE_KEYS, MAX_EVENT_BYTES as MAX_BROWSER_EVENT_BYTES, type AnalyticsClient, type AnalyticsClientOptions, type BrowserEnvironment } from './lib/analytics-client.ts';
export { redactUrl, redactedParams, REDACTED } from './lib/redact-url.ts';
export { redactEvent } from './lib/redact-event.ts';
export { privacySignalSet, type PrivacyNavigator } from './lib/privacy-signals.ts';
export { pathFilter } from './lib/path-patterns.ts';
export { campaignFromUrl } from './lib/campaign-from-url.ts';
export { createPageViewTracker, type PageViewTracker, type PageViewTrackerOptions } from './lib/page-view-tracker.ts';
export { trackHistoryPageViews, type HistoryPageViewOptions, type HistoryWindow } from './lib/history-page-views.ts';
export { trackFlowRouterPageViews, type FlowRouterLike, type FlowRouterContext, type FlowRouterPageViewOptions } from './lib/flow-router-page-views.ts';
export { consoleDestination } from './lib/destinations/console-destination.ts';
export { ga4Destination, type Ga4Options } from './lib/destinations/ga4-destination.ts';
export { segmentDestination, type SegmentBrowserOptions } from './lib/destinations/segment-destination.ts';
export { relayDestination, type RelayDestinationOptions } from './lib/destinations/relay-destination.ts';
export { followLogin, type LoginSource, type Identifiable } from './lib/follow-login.ts';
export { methodOutcome } from './lib/method-outcome.ts';
export { trackMethods, trackedMethodBody, trackedMethodMixin, type MethodTrackingOptions, type MethodThis } from './lib/track-methods.ts';
export type { SegmentMessage } from './lib/segment-message.ts';
export { flushOnShutdown, type ShutdownOptions } from './lib/flush-on-shutdown.ts';
export { RELAY_METHOD_NAME } from './lib/relay-method-name.ts';
export { analyticsSettings } from './lib/analytics-settings.ts';
export { okgrowAnalyticsSettings } from './lib/okgrow-settings.ts';
export { mapOkgrowSettings, type OkgrowMapping, type MappedDestinations } from './lib/map-okgrow-settings.ts';
export { ConnectionIdentities, type ConnectionIdentitiesOptions } from './lib/connection-identities.ts';
export { okgrowApi, type OkgrowAnalytics } from './lib/okgrow-api.ts';
export { createAnalyticsCore } from './lib/analytics-core.ts';
export { createEventFilters, type EventFilters } from './lib/event-filters.ts';
