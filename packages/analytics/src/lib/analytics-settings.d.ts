/**
 * flightdeck:analytics' settings: `Meteor.settings.public.analytics` (what browsers need) and
 * `Meteor.settings.analytics` (the server-side Segment write key and batching, never sent to clients).
 */
export declare const analyticsSettings: {
    readonly name: "analytics";
    readonly public: {
        readonly destinations: {
            readonly type: ObjectConstructor;
            readonly optional: true;
            readonly description: "Where browser events go: one key per destination.";
        };
        readonly 'destinations.googleAnalytics': {
            readonly type: ObjectConstructor;
            readonly optional: true;
            readonly description: "Google Analytics 4 through gtag.js.";
        };
        readonly 'destinations.googleAnalytics.measurementId': {
            readonly type: StringConstructor;
            readonly env: "GA_MEASUREMENT_ID";
            readonly description: "The GA4 measurement id, G-XXXXXXX.";
            readonly custom: (this: {
                value: unknown;
            }) => "notMeasurementId" | undefined;
        };
        readonly 'destinations.googleAnalytics.scriptUrl': {
            readonly type: StringConstructor;
            readonly optional: true;
            readonly description: "Where gtag.js is loaded from (default https://www.googletagmanager.com/gtag/js); a first-party proxy URL works.";
        };
        readonly 'destinations.segment': {
            readonly type: ObjectConstructor;
            readonly optional: true;
            readonly description: "Segment's HTTP API, called from the browser (no analytics.js).";
        };
        readonly 'destinations.segment.writeKey': {
            readonly type: StringConstructor;
            readonly env: "SEGMENT_BROWSER_WRITE_KEY";
            readonly notSecret: true;
            readonly description: "A Segment source's browser write key (public by design; use the relay to keep a key private).";
        };
        readonly 'destinations.segment.host': {
            readonly type: StringConstructor;
            readonly defaultValue: "https://api.segment.io";
            readonly description: "Segment API host.";
        };
        readonly 'destinations.console': {
            readonly type: BooleanConstructor;
            readonly defaultValue: false;
            readonly description: "Print every event to the browser console (debugging).";
        };
        readonly 'destinations.relay': {
            readonly type: BooleanConstructor;
            readonly defaultValue: false;
            readonly env: "ANALYTICS_RELAY";
            readonly description: "Send browser events to the server over a Meteor method, which forwards them with the server's private write key.";
        };
        readonly autoPageViews: {
            readonly type: BooleanConstructor;
            readonly defaultValue: true;
            readonly description: "Send a page view on every route change (FlowRouter, else the History API).";
        };
        readonly hashChanges: {
            readonly type: BooleanConstructor;
            readonly defaultValue: false;
            readonly description: "Count a change of the URL hash alone as a page view.";
        };
        readonly include: {
            readonly type: ArrayConstructor;
            readonly defaultValue: readonly [];
            readonly description: "Path patterns to track (`*` one segment, `**` any); empty means every path.";
        };
        readonly 'include.$': {
            readonly type: StringConstructor;
        };
        readonly exclude: {
            readonly type: ArrayConstructor;
            readonly defaultValue: readonly [];
            readonly description: "Path patterns never tracked, e.g. `/admin/**`.";
        };
        readonly 'exclude.$': {
            readonly type: StringConstructor;
        };
        readonly respectDoNotTrack: {
            readonly type: BooleanConstructor;
            readonly defaultValue: true;
            readonly env: "ANALYTICS_RESPECT_DNT";
            readonly description: "Send nothing when the browser sends Do Not Track or Global Privacy Control.";
        };
        readonly redactQueryParams: {
            readonly type: ArrayConstructor;
            readonly defaultValue: readonly ["token", "access_token", "password", "email"];
            readonly description: "Query parameters whose values are replaced by [redacted] in every URL, path and referrer (Meteor's account tokens always are).";
        };
        readonly 'redactQueryParams.$': {
            readonly type: StringConstructor;
        };
        readonly debug: {
            readonly type: BooleanConstructor;
            readonly defaultValue: false;
            readonly env: "ANALYTICS_DEBUG";
            readonly description: "Log what the pipeline drops and why, in the browser console.";
        };
    };
    readonly private: {
        readonly segment: {
            readonly type: ObjectConstructor;
            readonly optional: true;
            readonly description: "Server-side events through Segment's Node library.";
        };
        readonly 'segment.writeKey': {
            readonly type: StringConstructor;
            readonly secret: true;
            readonly env: "SEGMENT_WRITE_KEY";
            readonly description: "The server source's write key.";
        };
        readonly 'segment.host': {
            readonly type: StringConstructor;
            readonly defaultValue: "https://api.segment.io";
            readonly env: "SEGMENT_HOST";
            readonly description: "Segment API host (a proxy or a regional endpoint).";
        };
        readonly 'segment.path': {
            readonly type: StringConstructor;
            readonly defaultValue: "/v1/batch";
            readonly description: "Batch API path.";
        };
        readonly 'segment.flushAt': {
            readonly type: NumberConstructor;
            readonly defaultValue: 15;
            readonly min: 1;
            readonly max: 500;
            readonly custom: typeof integer;
            readonly description: "Events per batch.";
        };
        readonly 'segment.flushInterval': {
            readonly type: NumberConstructor;
            readonly defaultValue: 10000;
            readonly min: 10;
            readonly custom: typeof integer;
            readonly env: "SEGMENT_FLUSH_INTERVAL";
            readonly description: "Milliseconds before a partial batch is sent.";
        };
        readonly 'segment.maxQueueSize': {
            readonly type: NumberConstructor;
            readonly defaultValue: 10000;
            readonly min: 1;
            readonly custom: typeof integer;
            readonly description: "Events kept while the endpoint is down; beyond it the oldest are dropped and counted.";
        };
        readonly 'segment.maxRetries': {
            readonly type: NumberConstructor;
            readonly defaultValue: 3;
            readonly min: 0;
            readonly custom: typeof integer;
            readonly description: "The Node library's retries per batch before the events come back to the queue.";
        };
        readonly 'segment.maxAttempts': {
            readonly type: NumberConstructor;
            readonly defaultValue: 10;
            readonly min: 1;
            readonly custom: typeof integer;
            readonly description: "Rounds of retries one event gets (backing off up to 60 s) before it is dropped and counted.";
        };
        readonly 'segment.shutdownTimeout': {
            readonly type: NumberConstructor;
            readonly defaultValue: 10000;
            readonly min: 0;
            readonly custom: typeof integer;
            readonly description: "Milliseconds SIGTERM / SIGINT wait for the last events to be delivered.";
        };
        readonly relay: {
            readonly type: ObjectConstructor;
            readonly optional: true;
            readonly description: "The first-party relay method (browser events forwarded by the server).";
        };
        readonly 'relay.maxBatchEvents': {
            readonly type: NumberConstructor;
            readonly defaultValue: 50;
            readonly min: 1;
            readonly custom: typeof integer;
            readonly description: "Events per relay call.";
        };
        readonly 'relay.maxBatchBytes': {
            readonly type: NumberConstructor;
            readonly defaultValue: 65536;
            readonly min: 256;
            readonly custom: typeof integer;
            readonly description: "Bytes (JSON) per relay call.";
        };
        readonly 'relay.eventsPerMinute': {
            readonly type: NumberConstructor;
            readonly defaultValue: 600;
            readonly min: 1;
            readonly custom: typeof integer;
            readonly description: "Events one connection may relay per minute.";
        };
        readonly 'relay.callsPerSecond': {
            readonly type: NumberConstructor;
            readonly defaultValue: 5;
            readonly min: 1;
            readonly custom: typeof integer;
            readonly description: "Relay calls per connection per second (DDPRateLimiter).";
        };
    };
    readonly messages: {
        readonly notMeasurementId: "must be a GA4 measurement id like G-ABC123XYZ";
        readonly notInteger: "must be a whole number";
    };
    readonly check: (context: import("@flightdeck/settings").SettingsCheckContext) => void;
};
declare function integer(this: {
    value: unknown;
}): string | undefined;
export {};
//# sourceMappingURL=analytics-settings.d.ts.map