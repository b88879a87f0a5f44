import type { SettingsSpec } from '@flightdeck/settings';

/** The destinations part of `public.analytics` that okgrow:analytics settings map onto. */
export interface MappedDestinations {
  googleAnalytics?: { measurementId: string };
  segment?: { writeKey: string };
}

export interface OkgrowMapping {
  destinations: MappedDestinations;
  /** one line per provider that does not map over, naming it and why */
  unsupported: Array<{ provider: string; reason: string }>;
}

function stringField(value: unknown, key: string): string | undefined {
  const field = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/**
 * okgrow:analytics' `public.analyticsSettings` (analytics.js integration names) as our destinations.
 * Google Analytics maps when its trackingId is a GA4 measurement id (Universal Analytics "UA-" ids
 * stopped collecting in July 2023); "Segment.io"'s apiKey is the Segment write key. Every other
 * provider is reported, so a user moving over sees what no longer receives events.
 */
export function mapOkgrowSettings(analyticsSettings: unknown): OkgrowMapping {
  const mapping: OkgrowMapping = { destinations: {}, unsupported: [] };
  if (!analyticsSettings || typeof analyticsSettings !== 'object') return mapping;
  for (const [provider, config] of Object.entries(analyticsSettings as Record<string, unknown>)) {
    if (provider === 'Google Analytics') {
      const id = stringField(config, 'trackingId') ?? stringField(config, 'measurementId');
      if (id && id.startsWith('G-')) mapping.destinations.googleAnalytics = { measurementId: id };
      else mapping.unsupported.push({ provider, reason: 'only GA4 measurement ids (G-...) map over: Universal Analytics (UA-...) no longer collects data' });
    } else if (provider === 'Segment.io' || provider === 'Segment') {
      const key = stringField(config, 'apiKey') ?? stringField(config, 'writeKey');
      if (key) mapping.destinations.segment = { writeKey: key };
      else mapping.unsupported.push({ provider, reason: 'has no apiKey' });
    } else {
      mapping.unsupported.push({ provider, reason: 'is not a flightdeck:analytics destination: send it through Segment, or register a destination of your own' });
    }
  }
  return mapping;
}

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
      description: "okgrow:analytics' settings: Google Analytics (GA4 ids) and Segment.io map onto public.analytics.destinations.",
    },
  },
  check(context) {
    const legacy = context.settings.public.analyticsSettings;
    if (legacy === undefined) return;
    for (const { provider, reason } of mapOkgrowSettings(legacy).unsupported) {
      context.warn(`public.analyticsSettings.${provider}`, reason, 'move to public.analytics.destinations');
    }
  },
} as const satisfies SettingsSpec;
