// What `import { ... } from 'meteor/flightdeck:analytics'` is typed as (package-types.json, for
// zodern:types): app code imports the same names on both sides, so each name carries the server's
// and the browser's signatures: `analytics.track` takes (event, properties) in the browser and
// (event, properties, { userId | anonymousId }) or ({ userId | anonymousId, event, properties }) on
// the server. `trackedSubscribe` and `trackedCallAsync` are in `meteor/flightdeck:analytics/tracked`
// (../tracked.ts, typed by its own declaration).
import type { analytics as serverAnalytics, trackMethods as serverTrackMethods, trackedMethodMixin as serverMixin } from './server.ts';
import type { analytics as clientAnalytics } from './client.ts';

export * from './index.ts';
export declare const analytics: typeof serverAnalytics & typeof clientAnalytics;
export declare const trackMethods: typeof serverTrackMethods;
export declare const trackedMethodMixin: typeof serverMixin;
