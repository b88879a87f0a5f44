import type { SettingsSpec } from '@flightdeck/settings';
import { mapOkgrowSettings } from './map-okgrow-settings.ts';

const REASONS = {
  'universal-analytics': 'only GA4 measurement ids (G-...) map over: Universal Analytics (UA-...) no longer collects data',
  'no-key': 'has no apiKey',
  'unknown-provider': 'is not a flightdeck:analytics destination: send it through Segment, or register a destination of your own',
} as const;

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
      description: "okgrow:analytics' settings: Google Analytics (GA4 ids) and Segment.io map onto public.analytics.destinations.",
    },
  },
  check(context) {
    const legacy = context.settings.public.analyticsSettings;
    if (legacy === undefined) return;
    for (const { provider, reason } of mapOkgrowSettings(legacy).unsupported) {
      context.warn(`public.analyticsSettings.${provider}`, REASONS[reason], 'move to public.analytics.destinations');
    }
  },
} as const satisfies SettingsSpec;
