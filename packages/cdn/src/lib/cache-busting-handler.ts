import { ASSET_HASH_PARAM } from './asset-url.ts';
import { cacheControlOnWrite, isCacheableStatus, pathUnderPrefix, stepHandler, type ConnectHandler, type ConnectStep } from './connect-handler.ts';

/** What a `public/` file requested with its current content hash gets: a browser or CDN never asks again. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface CacheBustingOptions {
  /** `public/` URL path → current content hash, as `assetHashes()` makes them (read on every request). */
  hashes: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** ROOT_URL's path prefix: raw handlers see `/app/cats.gif` when ROOT_URL is `https://x.com/app`. */
  rootUrlPathPrefix?: string;
}

function queryValue(url: string, name: string): string | undefined {
  const start = url.indexOf('?');
  if (start < 0) return undefined;
  const end = url.indexOf('#', start);
  const query = new URLSearchParams(url.slice(start + 1, end < 0 ? undefined : end));
  return query.get(name) ?? undefined;
}

/**
 * Long-lived caching for `public/` files that `assetUrl` links with their content hash
 * (`/cats.gif?v=3f2a9c...`): a hash that matches the file being served gets
 * `Cache-Control: public, max-age=31536000, immutable` when it is answered with a 2xx or 304. A hash that does not match (a page of
 * another version during a rolling deploy asked this server) gets `no-cache`, so no cache keeps
 * the wrong bytes under that URL. Meteor's static handler keeps a Cache-Control set before it
 * (`send` only sets one when none is there), so this sits on `WebApp.rawHandlers`.
 */
export function createCacheBustingHandler(options: CacheBustingOptions): ConnectHandler {
  // The step never answers (it returns false): every request goes on.
  return stepHandler(createCacheBustingStep(options));
}

/** `createCacheBustingHandler` without `next`: it never answers, so it always returns false. */
export function createCacheBustingStep(options: CacheBustingOptions): ConnectStep {
  const prefix = (options.rootUrlPathPrefix ?? '').replace(/\/+$/, '');
  const hashesNow = typeof options.hashes === 'function' ? options.hashes : () => options.hashes as Readonly<Record<string, string>>;
  // Made once: a template literal here would build the string again on every request.
  const marker = `${ASSET_HASH_PARAM}=`;
  return (req, res) => {
    const url = req.url ?? '/';
    if (!url.includes(marker) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const requested = queryValue(url, ASSET_HASH_PARAM);
    // Outside ROOT_URL's prefix Meteor answers 404 "Unknown path": no file of ours is there.
    let path = pathUnderPrefix(url, prefix);
    if (path === undefined) return false;
    try {
      path = decodeURIComponent(path);
    } catch {
      return false;
    }
    const hashes = hashesNow();
    const current = Object.prototype.hasOwnProperty.call(hashes, path) ? hashes[path] : undefined;
    if (requested !== undefined && current !== undefined) {
      // Decided when the headers go out: only a file actually served (2xx/304) for its current
      // hash may be kept for a year; a 404 or 500 under that URL must not.
      const matches = requested === current;
      cacheControlOnWrite(res, (status) => (matches && isCacheableStatus(status) ? IMMUTABLE_CACHE_CONTROL : 'no-cache'));
    }
    return false;
  };
}
