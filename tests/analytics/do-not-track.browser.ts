// @browser-init: ../fixtures/analytics/dnt.init.ts
import assert from 'node:assert/strict';
import { createAnalyticsClient } from '../../packages/analytics/src/lib/analytics-client.ts';
import { recordingDestination } from '../fixtures/analytics/recording-destination.ts';

describe('a browser with Do Not Track on (Chromium)', () => {
  it('sends nothing: no page view, no track, no identify', async () => {
    assert.equal(navigator.doNotTrack, '1');
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    analytics.page();
    analytics.track('Clicked');
    analytics.identify('user-1');
    await analytics.ready();
    assert.equal(analytics.isTracking(), false);
    assert.deepEqual(destination.events, []);
  });

  it('sends events when the app turned respectDoNotTrack off', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination], respectDoNotTrack: false });
    analytics.track('Clicked');
    await analytics.ready();
    assert.deepEqual(destination.events.map((event) => event.event), ['Clicked']);
  });
});
