// @browser-init: ../fixtures/analytics/gpc.init.ts
import assert from 'node:assert/strict';
import { createAnalyticsClient } from '../../packages/analytics/src/lib/analytics-client.ts';
import { recordingDestination } from '../fixtures/analytics/recording-destination.ts';

describe('a browser sending Global Privacy Control (Chromium)', () => {
  it('sends nothing, even with Do Not Track off', async () => {
    assert.equal((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl, true);
    assert.notEqual(navigator.doNotTrack, '1');
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    analytics.page();
    analytics.track('Clicked');
    await analytics.ready();
    assert.deepEqual(destination.events, []);
  });
});
