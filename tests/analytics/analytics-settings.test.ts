import assert from 'node:assert/strict';
import { validateSettings } from '@flightdeck/settings';
import { analyticsSettings } from '../../packages/analytics/src/lib/analytics-settings.ts';
import { okgrowAnalyticsSettings } from '../../packages/analytics/src/lib/okgrow-settings.ts';
import { mapOkgrowSettings } from '../../packages/analytics/src/lib/map-okgrow-settings.ts';

const specs = [analyticsSettings, okgrowAnalyticsSettings];
const validate = (settings: Record<string, unknown>, env: Record<string, string> = {}) => validateSettings(settings, specs, { env });
const lines = (problems: Array<{ path: string; message: string }>): string[] => problems.map((problem) => `${problem.path}: ${problem.message}`);

describe('flightdeck:analytics settings', () => {
  it('fills the public defaults in place: page views on, Do Not Track respected, no destination', () => {
    const settings = { public: {} as Record<string, any> };
    const publicSettings = settings.public;
    const report = validate(settings);
    assert.deepEqual(report.errors, []);
    assert.equal(settings.public, publicSettings);
    assert.equal(settings.public.analytics.autoPageViews, true);
    assert.equal(settings.public.analytics.respectDoNotTrack, true);
    assert.deepEqual(settings.public.analytics.exclude, []);
  });

  it('defaults the private Segment batching once a write key is given, and takes the key from SEGMENT_WRITE_KEY', () => {
    const settings: Record<string, any> = { public: {}, analytics: { segment: {} } };
    const report = validate(settings, { SEGMENT_WRITE_KEY: 'srv-key' });
    assert.deepEqual(report.errors, []);
    assert.equal(settings.analytics.segment.writeKey, 'srv-key');
    assert.equal(settings.analytics.segment.flushAt, 100);
    assert.equal(settings.analytics.segment.maxQueueSize, 10000);
  });

  it('names the key for a wrong measurement id, a fractional batch size and a wrong type', () => {
    const report = validate({
      public: { analytics: { destinations: { googleAnalytics: { measurementId: 'UA-1234-1' } }, autoPageViews: 'yes' } },
      analytics: { segment: { writeKey: 'k', flushAt: 2.5 } },
    });
    const errors = lines(report.errors).join('\n');
    assert.match(errors, /public\.analytics\.destinations\.googleAnalytics\.measurementId: must be a GA4 measurement id/);
    assert.match(errors, /analytics\.segment\.flushAt: must be a whole number/);
    assert.match(errors, /public\.analytics\.autoPageViews: /);
  });

  it('refuses the server write key in the public settings', () => {
    const report = validate({ public: { analytics: { destinations: { segment: { writeKey: 'browser' } } }, segmentSecret: 'x' } });
    assert.deepEqual(lines(report.errors), ['public.segmentSecret: has a secret-looking name, in the public settings']);
  });

  it('warns when the relay is on but the server has no write key to forward with', () => {
    const report = validate({ public: { analytics: { destinations: { relay: true } } } });
    assert.deepEqual(lines(report.warnings), ['analytics.segment.writeKey: is not set, so events the relay receives are counted and dropped']);
  });

  it("accepts okgrow:analytics' public.analyticsSettings and warns about each provider that does not map over", () => {
    const report = validate({
      public: {
        analyticsSettings: {
          'Google Analytics': { trackingId: 'UA-5555-1' },
          'Segment.io': { apiKey: 'seg-browser-key' },
          KISSmetrics: { apiKey: 'km' },
        },
      },
    });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(lines(report.warnings), [
      'public.analyticsSettings.Google Analytics: gets no events from flightdeck:analytics',
      'public.analyticsSettings.KISSmetrics: gets no events from flightdeck:analytics',
    ]);
    const hints = (report.warnings as Array<{ hint?: string }>).map((warning) => warning.hint ?? '');
    assert.match(hints[0], /"UA-5555-1" is a Universal Analytics id.*create a GA4 property/);
    assert.match(hints[1], /Segment's "KISSmetrics" destination/);
  });

  it('names every provider okgrow:analytics shipped, either mapped or with what to use instead', () => {
    // The integrations of okgrow:analytics 3.x's analytics.js (its README's list).
    const okgrow = ['Google Analytics', 'Amplitude', 'Chartbeat', 'comScore', 'HubSpot', 'Intercom', 'Keen IO', 'KISSmetrics', 'Mixpanel', 'Quantcast', 'Segment.io'];
    const settings = Object.fromEntries(okgrow.map((name) => [name, { trackingId: 'G-ABC123', apiKey: 'k', token: 't' }]));
    const mapping = mapOkgrowSettings({ ...settings, 'Some Other Tool': { key: 'x' }, autorun: false });
    assert.deepEqual(mapping.destinations, { googleAnalytics: { measurementId: 'G-ABC123' }, segment: { writeKey: 'k' } });
    assert.equal(mapping.autoPageViews, false);
    assert.deepEqual(
      mapping.unsupported.map((entry) => entry.provider),
      ['Amplitude', 'Chartbeat', 'comScore', 'HubSpot', 'Intercom', 'Keen IO', 'KISSmetrics', 'Mixpanel', 'Quantcast', 'Some Other Tool'],
    );
    for (const { provider, instead } of mapping.unsupported) {
      assert.match(instead, /Segment|addDestination/, `${provider}: ${instead}`);
      if (provider !== 'Some Other Tool') assert.ok(instead.toLowerCase().includes(provider.split(' ')[0].toLowerCase()), `${provider}: ${instead}`);
    }
  });

  it('maps okgrow providers onto destinations', () => {
    assert.deepEqual(mapOkgrowSettings({ 'Google Analytics': { trackingId: 'G-ABC123' }, 'Segment.io': { apiKey: 'k1' } }), {
      destinations: { googleAnalytics: { measurementId: 'G-ABC123' }, segment: { writeKey: 'k1' } },
      unsupported: [],
    });
  });
});
