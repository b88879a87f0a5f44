// Runs inside a Meteor app: meteor test-packages --driver-package meteortesting:mocha ./packages/analytics
import { assert } from './assert.ts';
import * as flightdeckAnalytics from 'meteor/flightdeck:analytics';
import { trackedSubscribe } from 'meteor/flightdeck:analytics/tracked';

// Meteor resolves this import to the client entry; tsconfig's paths map it to the server one.
const { analytics } = flightdeckAnalytics as unknown as typeof import('../src/client.ts');

describe('flightdeck:analytics in Meteor (client)', () => {
  it('hands events to a destination the app registers', async () => {
    const seen: string[] = [];
    analytics.addDestination({ name: 'meteor-test', deliver: (event) => void seen.push(event.event ?? event.type) });
    await analytics.ready();
    analytics.optIn();
    analytics.track('Meteor Client Test');
    assert.ok(!analytics.isTracking() || seen.includes('Meteor Client Test'));
  });

  it('returns a usual subscription handle from trackedSubscribe', () => {
    const handle = trackedSubscribe('flightdeck.analytics.no-such-publication');
    assert.equal(typeof handle.stop, 'function');
    handle.stop();
  });
});
