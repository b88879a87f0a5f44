// The relay destination of the browser (public.analytics.destinations.relay), a lazy module of
// the client entry: events go to the server over the relay's Meteor method.
import { Meteor } from 'meteor/meteor';
import { relayDestination } from './lib/destinations/relay-destination.ts';
import { RELAY_METHOD_NAME } from './lib/relay-method-name.ts';

export const relay = relayDestination({ send: (call) => Meteor.callAsync(RELAY_METHOD_NAME, call) });
