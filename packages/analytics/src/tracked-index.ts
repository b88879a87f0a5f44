// @flightdeck/analytics/tracked: the method and subscription wrappers' factories, browser-safe, an
// entry of their own (as `meteor/flightdeck:analytics/tracked` is for Meteor apps).
export { createTrackedCallAsync, type CallTimingOptions } from './lib/create-tracked-call-async.ts';
export { createTrackedSubscribe, type SubscriptionHandleLike, type SubscriptionTrackingOptions } from './lib/create-tracked-subscribe.ts';
