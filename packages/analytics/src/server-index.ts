// @flightdeck/analytics/server: the browser-safe core plus ServerAnalytics, which needs Node
// (@segment/analytics-node, node:crypto). Node resolves `@flightdeck/analytics` here too (the
// "node" export condition); browser bundles get index.ts.
export * from './index.ts';
export { ServerAnalytics, type ServerAnalyticsOptions, type ServerAnalyticsStats, type SegmentClient } from './lib/server-analytics.ts';
