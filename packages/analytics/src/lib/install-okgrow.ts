// The okgrow:analytics layer, loaded by the client entry only when public.analyticsSettings or
// public.analytics.global is set (a dynamic import, so other apps do not download it).
import type { AnalyticsClient } from './analytics-core.ts';
import type { Destination } from './destination.ts';
import { mapOkgrowSettings, type MappedDestinations } from './map-okgrow-settings.ts';
import { okgrowApi, OKGROW_METHODS } from './okgrow-api.ts';

/**
 * The destinations okgrow's settings name (unless public.analytics names its own), as one
 * destination the client entry adds at load, so they get the events made before this loaded;
 * reports in the console what does not map over (with debug on; the server's settings check
 * always does), gives the global its real methods and replays the calls made before this loaded.
 * Positional arguments: the client entry's call is part of what every okgrow-free app downloads.
 *
 * @param global the object already set as the `analytics` global, which queued calls until now
 * @param legacySettings public.analyticsSettings
 * @param config public.analytics: the destinations it already configures win over okgrow's; `debug`
 * @param googleAnalytics / segment: the destination factories, the client entry's lazy ones, so
 *   GA4's and Segment's code stays one module each, fetched when a destination needs it, as in an
 *   app configured without okgrow's settings
 */
export function installOkgrow(
  client: AnalyticsClient,
  global: Record<string, unknown>,
  queued: Array<[string, IArguments]>,
  legacySettings: unknown,
  config: { destinations?: { googleAnalytics?: unknown; segment?: unknown }; debug?: boolean },
  createGoogleAnalytics: (options: NonNullable<MappedDestinations['googleAnalytics']>) => Destination,
  createSegment: (options: NonNullable<MappedDestinations['segment']>) => Destination,
  log: (message: string) => void = (message) => console.warn(`[flightdeck:analytics] ${message}`),
): Destination {
  const mapping = mapOkgrowSettings(legacySettings);
  const { googleAnalytics, segment } = mapping.destinations;
  const mapped: Destination[] = [];
  if (googleAnalytics && !config.destinations?.googleAnalytics) mapped.push(createGoogleAnalytics(googleAnalytics));
  if (segment && !config.destinations?.segment) mapped.push(createSegment(segment));
  if (config.debug) {
    for (const { provider, instead } of mapping.unsupported) log(`public.analyticsSettings.${provider} gets no events: ${instead}`);
  }
  const api = okgrowApi(client, log);
  for (const name of OKGROW_METHODS) global[name] = api[name];
  // The returned destination was added when the page loaded: these calls' events reach it too.
  for (const [name, args] of queued.splice(0)) (api[name as keyof typeof api] as (...values: unknown[]) => void).apply(api, args as unknown as unknown[]);
  return combinedDestination(mapped, log);
}

/**
 * Several destinations as one, each loading on its own (as the client's own are). A failure of one
 * never keeps an event from the others; it is handed on to the client, which logs it with debug on.
 */
function combinedDestination(destinations: Destination[], log: (message: string) => void): Destination {
  const live: Destination[] = [];
  const each = (run: (destination: Destination) => void | Promise<void>): Promise<unknown> => {
    const results: Array<void | Promise<void>> = [];
    let thrown: unknown;
    for (const destination of live) {
      try {
        results.push(run(destination));
      } catch (error) {
        thrown ??= error;
      }
    }
    if (thrown) throw thrown;
    return Promise.all(results);
  };
  return {
    name: 'okgrow',
    async load() {
      await Promise.all(
        destinations.map((destination) =>
          Promise.resolve()
            .then(() => destination.load?.())
            .then(
              () => void live.push(destination),
              (error: Error) => log(`${destination.name} did not load, its events are dropped: ${error?.message}`),
            ),
        ),
      );
    },
    deliver: (event) => each((destination) => destination.deliver(event)).then(() => undefined),
    reset: () => void each((destination) => destination.reset?.()).catch(() => undefined),
  };
}
