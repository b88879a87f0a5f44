/**
 * What the server puts in `__meteor_runtime_config__` for the client's `assetUrl`: it is in the page
 * Meteor serves, so the client needs no extra request.
 */
export interface CdnRuntimeConfig {
  /** The CDN this page was served with, or null. */
  url: string | null;
  /** `public/` URL path → content hash (empty when cache busting is off). */
  hashes: Record<string, string>;
  /**
   * Meteor 3.4+ with Rspack: the global array Rspack's chunk loading reads, so the client can point
   * the runtime public path at the CDN before the first lazy `import()`. Absent without Rspack.
   */
  rspackChunkGlobal?: string;
}

/** The `__meteor_runtime_config__` field that holds the CdnRuntimeConfig. */
export const CDN_RUNTIME_CONFIG_KEY = 'flightdeckCdn';
