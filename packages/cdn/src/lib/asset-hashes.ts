/** The part of a Meteor client manifest item this package reads. */
export interface ManifestAsset {
  type: string;
  url?: string;
  hash?: string;
}

/** How many hex digits of the manifest hash go into the cache-busting query: plenty to tell versions apart. */
export const ASSET_HASH_LENGTH = 12;

/**
 * `public/` file URL path → a short content hash, from `WebApp.clientPrograms[arch].manifest`
 * (items of type `asset`). It travels to the client in the runtime config, so it stays small.
 */
export function assetHashes(manifest: readonly ManifestAsset[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const item of manifest) {
    if (item.type !== 'asset' || !item.url || !item.hash) continue;
    const path = item.url.split('?')[0];
    hashes[path] = item.hash.slice(0, ASSET_HASH_LENGTH);
  }
  return hashes;
}
