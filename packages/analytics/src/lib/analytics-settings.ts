import type { SettingsSpec } from '@flightdeck/settings';

const MEASUREMENT_ID = /^G-[A-Z0-9]{4,}$/;

/**
 * flightdeck:analytics' settings: `Meteor.settings.public.analytics` (what browsers need) and
 * `Meteor.settings.analytics` (the server-side Segment write key and batching, never sent to clients).
 */
export const analyticsSettings = {
  name: 'analytics',
  public: {
    destinations: { type: Object, optional: true, description: 'Where browser events go: one key per destination.' },
    'destinations.googleAnalytics': { type: Object, optional: true, description: 'Google Analytics 4 through gtag.js.' },
    'destinations.googleAnalytics.measurementId': {
      type: String,
      env: 'GA_MEASUREMENT_ID',
      description: 'The GA4 measurement id, G-XXXXXXX.',
      custom(this: { value: unknown }) {
        return typeof this.value === 'string' && !MEASUREMENT_ID.test(this.value) ? 'notMeasurementId' : undefined;
      },
    },
    'destinations.googleAnalytics.scriptUrl': {
      type: String,
      optional: true,
      description: 'Where gtag.js is loaded from (default https://www.googletagmanager.com/gtag/js); a first-party proxy URL works.',
    },
    'destinations.segment': { type: Object, optional: true, description: "Segment's HTTP API, called from the browser (no analytics.js)." },
    'destinations.segment.writeKey': {
      type: String,
      env: 'SEGMENT_BROWSER_WRITE_KEY',
      notSecret: true,
      description: "A Segment source's browser write key (public by design; use the relay to keep a key private).",
    },
    'destinations.segment.host': { type: String, defaultValue: 'https://api.segment.io', description: 'Segment API host.' },
    'destinations.console': { type: Boolean, defaultValue: false, description: 'Print every event to the browser console (debugging).' },
    'destinations.relay': {
      type: Boolean,
      defaultValue: false,
      env: 'ANALYTICS_RELAY',
      description: "Send browser events to the server over a Meteor method, which forwards them with the server's private write key.",
    },
    autoPageViews: { type: Boolean, defaultValue: true, description: 'Send a page view on every route change (FlowRouter, else the History API).' },
    hashChanges: { type: Boolean, defaultValue: false, description: 'Count a change of the URL hash alone as a page view.' },
    include: { type: Array, defaultValue: [], description: 'Path patterns to track (`*` one segment, `**` any); empty means every path.' },
    'include.$': { type: String },
    exclude: { type: Array, defaultValue: [], description: 'Path patterns never tracked, e.g. `/admin/**`.' },
    'exclude.$': { type: String },
    respectDoNotTrack: {
      type: Boolean,
      defaultValue: true,
      env: 'ANALYTICS_RESPECT_DNT',
      description: 'Send nothing when the browser sends Do Not Track or Global Privacy Control.',
    },
    redactQueryParams: {
      type: Array,
      defaultValue: ['token', 'access_token', 'password', 'email'],
      description: "Query parameters whose values are replaced by [redacted] in every URL, path and referrer (Meteor's account tokens always are).",
    },
    'redactQueryParams.$': { type: String },
    debug: { type: Boolean, defaultValue: false, env: 'ANALYTICS_DEBUG', description: 'Log what the pipeline drops and why, in the browser console.' },
    global: {
      type: Boolean,
      defaultValue: false,
      description: "Also set the browser's `analytics` global with okgrow:analytics' (analytics.js) call forms; on whenever public.analyticsSettings is used.",
    },
    loginEvents: {
      type: Boolean,
      defaultValue: false,
      description: 'Track "Signed in" after a new login and "Signed out" before logout, as okgrow:analytics did; on whenever public.analyticsSettings is used.',
    },
    identifyEmail: {
      type: Boolean,
      defaultValue: false,
      description: "Identify with the user's first email address as the `email` trait, as okgrow:analytics did (personal data, so off unless set).",
    },
  },
  private: {
    segment: { type: Object, optional: true, description: "Server-side events to Segment's HTTP API (flightdeck's own batch sender)." },
    'segment.writeKey': { type: String, secret: true, env: 'SEGMENT_WRITE_KEY', description: "The server source's write key." },
    'segment.host': { type: String, defaultValue: 'https://api.segment.io', env: 'SEGMENT_HOST', description: 'Segment API host (a proxy or a regional endpoint).' },
    'segment.path': { type: String, defaultValue: '/v1/batch', description: 'Batch API path.' },
    'segment.flushAt': {
      type: Number,
      defaultValue: 100,
      min: 1,
      max: 500,
      custom: integer,
      description: 'Events per batch (a batch also closes before 480 KB); a partial batch waits up to flushInterval.',
    },
    'segment.flushInterval': { type: Number, defaultValue: 10000, min: 10, custom: integer, env: 'SEGMENT_FLUSH_INTERVAL', description: 'Milliseconds before a partial batch is sent.' },
    'segment.maxQueueSize': {
      type: Number,
      defaultValue: 10000,
      min: 1,
      custom: integer,
      description: 'Events kept while the endpoint is down; beyond it the oldest are dropped and counted.',
    },
    'segment.maxAttempts': {
      type: Number,
      defaultValue: 10,
      min: 1,
      custom: integer,
      description: 'Failed sends one event gets (backing off up to 60 s) before it is dropped and counted.',
    },
    'segment.shutdownTimeout': { type: Number, defaultValue: 10000, min: 0, custom: integer, description: 'Milliseconds SIGTERM / SIGINT wait for the last events to be delivered.' },
    relay: { type: Object, optional: true, description: 'The first-party relay method (browser events forwarded by the server).' },
    'relay.maxBatchEvents': { type: Number, defaultValue: 50, min: 1, custom: integer, description: 'Events per relay call.' },
    'relay.maxBatchBytes': { type: Number, defaultValue: 65536, min: 256, custom: integer, description: 'Bytes (JSON) per relay call.' },
    'relay.eventsPerMinute': { type: Number, defaultValue: 600, min: 1, custom: integer, description: 'Events one connection may relay per minute.' },
    'relay.callsPerSecond': { type: Number, defaultValue: 5, min: 1, custom: integer, description: 'Relay calls per connection per second (DDPRateLimiter).' },
  },
  messages: {
    notMeasurementId: 'must be a GA4 measurement id like G-ABC123XYZ',
    notInteger: 'must be a whole number',
  },
  check(context) {
    const relay = (context.settings.public.analytics as { destinations?: { relay?: boolean } } | undefined)?.destinations?.relay;
    const segment = (context.settings.analytics as { segment?: { writeKey?: string } } | undefined)?.segment;
    if (relay && !segment?.writeKey) {
      context.warn('analytics.segment.writeKey', 'is not set, so events the relay receives are counted and dropped', 'set it, or SEGMENT_WRITE_KEY');
    }
  },
} as const satisfies SettingsSpec;

function integer(this: { value: unknown }): string | undefined {
  return typeof this.value === 'number' && !Number.isInteger(this.value) ? 'notInteger' : undefined;
}
