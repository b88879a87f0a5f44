/** The destinations part of `public.analytics` that okgrow:analytics settings map onto. */
export interface MappedDestinations {
  googleAnalytics?: { measurementId: string };
  segment?: { writeKey: string };
}

export interface OkgrowMapping {
  destinations: MappedDestinations;
  /** each provider that does not map over, and why (the settings check words it) */
  unsupported: Array<{ provider: string; reason: 'universal-analytics' | 'no-key' | 'unknown-provider' }>;
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
      else mapping.unsupported.push({ provider, reason: 'universal-analytics' });
    } else if (provider === 'Segment.io' || provider === 'Segment') {
      const key = stringField(config, 'apiKey') ?? stringField(config, 'writeKey');
      if (key) mapping.destinations.segment = { writeKey: key };
      else mapping.unsupported.push({ provider, reason: 'no-key' });
    } else {
      mapping.unsupported.push({ provider, reason: 'unknown-provider' });
    }
  }
  return mapping;
}

