// @flightdeck/analytics/server: the browser-safe core plus what needs Node: ServerAnalytics
// (node:http, node:https, node:crypto), the relay handler (node:crypto) and server events. Node resolves `@flightdeck/analytics` here too (the
// "node" export condition); browser bundles get index.ts.
export * from './index.ts';
export { ServerAnalytics, MAX_EVENT_BYTES, type ServerAnalyticsOptions, type ServerAnalyticsStats } from './lib/server-analytics.ts';
export { createRelayHandler, RelayError, type RelayCaller, type RelayHandler, type RelayOptions } from './lib/relay-handler.ts';
export { createServerEvents, type ServerEvents, type ServerEventOptions, type EventQueue } from './lib/server-events.ts';
