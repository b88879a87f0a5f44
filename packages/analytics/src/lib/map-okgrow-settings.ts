/** The destinations part of `public.analytics` that okgrow:analytics settings map onto. */
export interface MappedDestinations {
  googleAnalytics?: { measurementId: string };
  segment?: { writeKey: string; host?: string };
}

export interface OkgrowMapping {
  destinations: MappedDestinations;
  /** okgrow's `autorun: false`: no automatic page views */
  autoPageViews?: boolean;
  /** each provider that does not map over, and what to use instead (the settings check prints it) */
  unsupported: Array<{ provider: string; instead: string }>;
}

// okgrow:analytics 3.x passes public.analyticsSettings to analytics.js, whose bundle (vendor/
// analytics.min.js, through @okgrow/auto-analytics) holds these integrations. Names are matched
// case-insensitively, as users wrote them in various cases.
const SEGMENT_DESTINATION = (name: string): string =>
  `turn on Segment's "${name}" destination for your Segment source and set public.analytics.destinations.segment.writeKey (or keep "Segment.io": { "apiKey" }): the same events then reach ${name}`;
const OWN_SDK = (name: string, sdk: string): string =>
  `${SEGMENT_DESTINATION(name)}; or load ${sdk} yourself and register it with analytics.addDestination({ name, deliver })`;
const ADVICE: Record<string, string> = {
  amplitude: OWN_SDK('Amplitude', 'the @amplitude/analytics-browser SDK'),
  chartbeat: SEGMENT_DESTINATION('Chartbeat'),
  comscore: SEGMENT_DESTINATION('comScore'),
  hubspot: OWN_SDK('HubSpot', "HubSpot's tracking code"),
  intercom: OWN_SDK('Intercom', 'the @intercom/messenger-js-sdk SDK'),
  'keen io': OWN_SDK('Keen', 'the keen-tracking SDK'),
  kissmetrics: SEGMENT_DESTINATION('KISSmetrics'),
  mixpanel: OWN_SDK('Mixpanel', 'the mixpanel-browser SDK'),
  quantcast: SEGMENT_DESTINATION('Quantcast'),
};

function stringField(value: unknown, key: string): string | undefined {
  const field = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/**
 * okgrow:analytics' `public.analyticsSettings` (analytics.js integration names) as our settings.
 * Google Analytics maps when its trackingId is a GA4 measurement id (Universal Analytics "UA-" ids
 * stopped collecting in July 2023); "Segment.io"'s apiKey is the Segment write key; `autorun: false`
 * turns automatic page views off. Every other provider okgrow shipped is named with what to use
 * instead, and so is any name it did not know.
 */
export function mapOkgrowSettings(analyticsSettings: unknown): OkgrowMapping {
  const mapping: OkgrowMapping = { destinations: {}, unsupported: [] };
  if (!analyticsSettings || typeof analyticsSettings !== 'object') return mapping;
  for (const [provider, config] of Object.entries(analyticsSettings as Record<string, unknown>)) {
    const key = provider.toLowerCase();
    if (key === 'autorun') {
      if (config === false) mapping.autoPageViews = false;
    } else if (key === 'google analytics') {
      const id = stringField(config, 'trackingId') ?? stringField(config, 'measurementId');
      if (id && id.startsWith('G-')) mapping.destinations.googleAnalytics = { measurementId: id };
      else {
        mapping.unsupported.push({
          provider,
          instead: `${id ? `"${id}" is a Universal Analytics id, which stopped collecting in July 2023` : 'it has no trackingId'}: create a GA4 property and set its measurement id (G-...) as "trackingId" here or as public.analytics.destinations.googleAnalytics.measurementId`,
        });
      }
    } else if (key === 'segment.io' || key === 'segment') {
      const writeKey = stringField(config, 'apiKey') ?? stringField(config, 'writeKey');
      // analytics.js' Segment.io option `apiHost` ("api.segment.io/v1", no scheme) for a proxy.
      const apiHost = stringField(config, 'apiHost')?.replace(/\/v1\/?$/, '');
      if (writeKey) mapping.destinations.segment = { writeKey, ...(apiHost ? { host: /^https?:\/\//.test(apiHost) ? apiHost : `https://${apiHost}` } : {}) };
      else mapping.unsupported.push({ provider, instead: 'it has no apiKey: set your Segment source\'s write key as "apiKey", or public.analytics.destinations.segment.writeKey' });
    } else {
      mapping.unsupported.push({
        provider,
        instead:
          ADVICE[key] ??
          `it is not an okgrow:analytics provider nor a flightdeck:analytics destination: send it through Segment (public.analytics.destinations.segment) or register your own with analytics.addDestination`,
      });
    }
  }
  return mapping;
}
