import type { SettingsSpec } from '@flightdeck/settings';
import { mapOkgrowSettings } from './map-okgrow-settings.ts';

/**
 * okgrow:analytics' key, `public.analyticsSettings`, accepted at the top of the public settings so
 * its users can move over without editing settings.json first; what does not map is a warning.
 */
export const okgrowAnalyticsSettings = {
  name: 'analytics-okgrow',
  scope: 'app',
  public: {
    analyticsSettings: {
      type: Object,
      optional: true,
      blackbox: true,
      // okgrow's provider blocks carry browser-side tokens (Mixpanel's project token is public by
      // design): names inside are not secrets; values are still checked.
      notSecret: true,
      description:
        "okgrow:analytics' settings, read as they are: Google Analytics (GA4 ids), Segment.io and autorun map over, and the `analytics` global is set; every other provider is named in a warning with what to use instead.",
    },
  },
  check(context) {
    const legacy = context.settings.public.analyticsSettings;
    if (legacy === undefined) return;
    for (const { provider, instead } of mapOkgrowSettings(legacy).unsupported) {
      context.warn(`public.analyticsSettings.${provider}`, 'gets no events from flightdeck:analytics', instead);
    }
  },
} as const satisfies SettingsSpec;
