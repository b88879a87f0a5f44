import { createAnalyticsCore, type AnalyticsClient, type AnalyticsClientOptions } from './analytics-core.ts';
import { createEventFilters } from './event-filters.ts';

export { MAX_EVENT_BYTES, STORAGE_KEYS, createAnalyticsCore, type AnalyticsClient, type AnalyticsClientOptions, type BrowserEnvironment } from './analytics-core.ts';

/**
 * The browser analytics client with its filters built in: enrich, filter (opt-out, Do Not Track /
 * GPC, include / exclude paths), the app's stages, redact, then each destination, queued until it
 * has loaded. The Meteor client entry is this with the app's settings.
 */
export function createAnalyticsClient(options?: AnalyticsClientOptions): AnalyticsClient {
  options = options || {};
  return createAnalyticsCore(options, createEventFilters(options));
}
