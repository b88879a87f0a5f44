// Shipped to every browser: keep it small (the bench holds the client bundle under 1 KB gzip).

/** What `assetUrl` needs; the server builds it and the client reads it from the runtime config. */
export interface AssetUrlConfig {
  /** A normalised CDN URL (no trailing slash), or null/undefined for none. */
  url?: string | null;
  /** ROOT_URL's path without trailing slash, `''` at the root. */
  rootUrlPathPrefix?: string;
  /** `public/` URL path → content hash; empty when cache busting is off. */
  hashes?: Readonly<Record<string, string>>;
}

/** The query parameter that carries a `public/` file's content hash. */
export const ASSET_HASH_PARAM = 'v';

/**
 * Builds `assetUrl(path)`: the URL of a `public/` file, on the CDN when there is one, with its
 * content hash as `?v=` when cache busting is on. Absolute URLs (`https:`, `//host`, `data:`,
 * `blob:`...) are returned as they are.
 */
export function createAssetUrl(config: AssetUrlConfig): (path: string) => string {
  const base = (config.url || '') + (config.rootUrlPathPrefix || '');
  const hashes = config.hashes || {};
  return (path) => {
    if (/^([a-z][a-z\d+.-]*:|\/\/)/i.test(path)) return path;
    const cut = path.search(/[?#]/);
    const file = '/' + (cut < 0 ? path : path.slice(0, cut)).replace(/^\/+/, '');
    let rest = cut < 0 ? '' : path.slice(cut);
    const hash = Object.prototype.hasOwnProperty.call(hashes, file) ? hashes[file] : undefined;
    if (hash) {
      const at = rest.indexOf('#');
      const query = at < 0 ? rest : rest.slice(0, at);
      const fragment = at < 0 ? '' : rest.slice(at);
      rest = (query.length > 1 ? query + '&' : '?') + ASSET_HASH_PARAM + '=' + hash + fragment;
    }
    return base + file + rest;
  };
}
