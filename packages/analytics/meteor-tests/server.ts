// Runs inside a Meteor app: meteor test-packages --driver-package meteortesting:mocha ./packages/analytics
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { analytics, trackMethods, RELAY_METHOD_NAME, analyticsSettings } from 'meteor/flightdeck:analytics';
import { trackedCallAsync } from 'meteor/flightdeck:analytics/tracked';
import { registeredSettings } from 'meteor/flightdeck:settings';

describe('flightdeck:analytics in Meteor (server)', () => {
  it('registers its settings schema with flightdeck:settings', () => {
    assert.ok(registeredSettings().some((spec) => spec.name === analyticsSettings.name));
  });

  it('wraps Meteor.methods bodies and keeps their results', async () => {
    Meteor.methods(trackMethods({ 'flightdeckAnalyticsTest.add': (a: number, b: number) => a + b }));
    assert.equal(await Meteor.callAsync('flightdeckAnalyticsTest.add', 2, 3), 5);
  });

  it('loads meteor/flightdeck:analytics/tracked on the server, where trackedCallAsync is Meteor.callAsync', async () => {
    assert.equal(await trackedCallAsync('flightdeckAnalyticsTest.add', 1, 2), 3);
  });

  it('does not throw from track when no write key is set', () => {
    assert.doesNotThrow(() => analytics.track({ userId: 'u1', event: 'Meteor Test' }));
    assert.equal(typeof RELAY_METHOD_NAME, 'string');
  });
});
