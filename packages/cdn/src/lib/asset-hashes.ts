/** The part of a Meteor client manifest item this package reads. */
export interface ManifestAsset {
  type: string;
  /** Where the bundler wrote the file: `app/...` for the app's `public/` files, `packages/<name>/...` for package assets. */
  path?: string;
  url?: string;
  hash?: string;
}

/** How many hex digits of the manifest hash go into the cache-busting query: plenty to tell versions apart. */
export const ASSET_HASH_LENGTH = 12;

/**
 * Whether a manifest item is one of the app's own `public/` files. Meteor 3's bundler
 * (tools/isobuild/bundler.js, `setTargetPathFromRelPath`) writes those under `app/`, and package
 * assets (`api.addAssets`, such as promise's `promise.d.ts`) under `packages/`, served at
 * `/packages/<name>/...`. Items without a `path` fall back to the URL.
 */
export function isAppPublicAsset(item: ManifestAsset): boolean {
  if (item.type !== 'asset' || !item.url) return false;
  if (typeof item.path === 'string') return item.path.startsWith('app/');
  return !item.url.startsWith('/packages/');
}

/**
 * `public/` file URL path → a short content hash, from `WebApp.clientPrograms[arch].manifest`:
 * only the app's own `public/` files (package assets are not the app's to link). It travels to the
 * client in the runtime config of every page, so it stays small: files under `exclude` (URL path
 * prefixes such as `/build-chunks/`, whose names already carry a content hash) are left out too.
 */
export function assetHashes(manifest: readonly ManifestAsset[], exclude: readonly string[] = []): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const item of manifest) {
    if (!item.hash || !isAppPublicAsset(item)) continue;
    const path = (item.url as string).split('?')[0];
    if (exclude.some((prefix) => path.startsWith(prefix))) continue;
    hashes[path] = item.hash.slice(0, ASSET_HASH_LENGTH);
  }
  return hashes;
}
