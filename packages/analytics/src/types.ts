// What `import { ... } from 'meteor/flightdeck:analytics'` is typed as (package-types.json, for
// zodern:types): app code imports the same names on both sides, so each name carries the server's
// and the browser's signatures. Each exists only on its own side at run time: `trackedSubscribe`
// and `trackedCallAsync` in the browser; `analytics.track` takes (event, properties) in the browser
// and ({ userId | anonymousId, event, properties }) on the server.
import type { analytics as serverAnalytics, trackMethods as serverTrackMethods, trackedMethodMixin as serverMixin } from './server.ts';
import type {
  analytics as clientAnalytics,
  trackedCallAsync as clientTrackedCallAsync,
  trackedSubscribe as clientTrackedSubscribe,
} from './client.ts';

export * from './index.ts';
export declare const analytics: typeof serverAnalytics & typeof clientAnalytics;
export declare const trackMethods: typeof serverTrackMethods;
export declare const trackedMethodMixin: typeof serverMixin;
export declare const trackedSubscribe: typeof clientTrackedSubscribe;
export declare const trackedCallAsync: typeof clientTrackedCallAsync;
