// The okgrow:analytics layer, loaded by the client entry only when public.analyticsSettings or
// public.analytics.global is set (a dynamic import, so other apps do not download it).
import type { AnalyticsClient } from './analytics-core.ts';
import { ga4Destination } from './destinations/ga4-destination.ts';
import { segmentDestination } from './destinations/segment-destination.ts';
import { mapOkgrowSettings } from './map-okgrow-settings.ts';
import { okgrowApi, OKGROW_METHODS } from './okgrow-api.ts';

export interface OkgrowInstall {
  client: AnalyticsClient;
  /** the object already set as the `analytics` global, which queued calls until now */
  global: Record<string, unknown>;
  queued: Array<[string, unknown[]]>;
  /** public.analyticsSettings */
  legacySettings: unknown;
  /** destinations public.analytics already configures (they win over okgrow's) */
  configured: { googleAnalytics?: unknown; segment?: unknown };
  debug: boolean;
  log?: (message: string) => void;
}

/**
 * Adds the destinations okgrow's settings name (unless public.analytics names its own), reports in
 * the console what does not map over (with debug on; the server's settings check always does),
 * gives the global its real methods and replays the calls made before this loaded.
 */
export function installOkgrow(install: OkgrowInstall): void {
  const mapping = mapOkgrowSettings(install.legacySettings);
  const { client } = install;
  if (mapping.destinations.googleAnalytics && !install.configured.googleAnalytics) client.addDestination(ga4Destination(mapping.destinations.googleAnalytics));
  if (mapping.destinations.segment && !install.configured.segment) client.addDestination(segmentDestination(mapping.destinations.segment));
  if (install.debug) {
    for (const { provider, instead } of mapping.unsupported) (install.log ?? console.warn)(`[flightdeck:analytics] public.analyticsSettings.${provider} gets no events: ${instead}`);
  }
  const api = okgrowApi(client, install.log);
  for (const name of OKGROW_METHODS) install.global[name] = api[name];
  for (const [name, args] of install.queued.splice(0)) (api[name as keyof typeof api] as (...values: unknown[]) => void)(...args);
}
