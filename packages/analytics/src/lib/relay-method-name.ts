/** The Meteor method browser events are relayed through (client and server agree on it). */
export const RELAY_METHOD_NAME = 'flightdeck.analytics.relay';
