import { IMMUTABLE_CACHE_CONTROL } from './cache-busting-handler.ts';
import { cacheControlOnWrite, isCacheableStatus, pathUnderPrefix, stepHandler, type ConnectHandler, type ConnectStep } from './connect-handler.ts';
import { rspackPathPrefixes, type RspackContexts } from './rspack-contexts.ts';

export interface RspackStaticOptions {
  contexts: RspackContexts;
  /** ROOT_URL's path prefix: raw handlers see `/app/build-chunks/...` when ROOT_URL is `https://x.com/app`. */
  rootUrlPathPrefix?: string;
  /**
   * Whether the app serves this decoded path (`/build-chunks/1.ab12cd34.js`): true, false, or
   * undefined when that is not known (no Rspack file in the manifest, as under `meteor run`, where
   * the Rspack dev server has them), which lets the request through untouched.
   */
  isServedFile(path: string): boolean | undefined;
}

const NOT_FOUND_BODY = '404 Not Found\n';

/**
 * Whether a file name carries a content hash, as `@meteorjs/rspack` names production output:
 * `[id].[chunkhash].js`, `[name].[contenthash].css`, `[hash][ext]` (a hex part of 8+ digits).
 * Development output (`main.css`, `1.js`) has none and must not be cached for a year.
 */
export function isHashedFileName(name: string): boolean {
  const parts = name.split('.');
  if (parts.length < 2) return false;
  return parts.slice(0, -1).some((part) => /^[0-9a-f]{8,}$/i.test(part));
}

/**
 * The Rspack files' caching, on `WebApp.rawHandlers`. Meteor's rspack package
 * (`rspack_server.js`, replacing `WebAppInternals.staticFilesMiddleware`) serves them as cacheable:
 * `public, max-age=31536000`, no `immutable`, an ETag from the second dot-part of the name. Here:
 * - a hashed file answered 2xx/304 gets `public, max-age=31536000, immutable`, so neither a
 *   browser nor a CDN revalidates it; any other status gets `no-cache`;
 * - a path the app does not serve gets 404 with `no-cache` right away. Meteor's rspack package
 *   answers such a path with a 500 (rspack 1.0.x registers the missing file and `send` fails) or a
 *   404 `no-store` (later versions), and never the app page; this makes every version answer the
 *   same short 404, which a CDN does not keep.
 */
export function createRspackStaticHandler(options: RspackStaticOptions): ConnectHandler {
  return stepHandler(createRspackStaticStep(options));
}

/** `createRspackStaticHandler` without `next`: true when it answered (the 404), false to go on. */
export function createRspackStaticStep(options: RspackStaticOptions): ConnectStep {
  const prefix = (options.rootUrlPathPrefix ?? '').replace(/\/+$/, '');
  const folders = rspackPathPrefixes(options.contexts);
  return (req, res) => {
    const url = req.url ?? '/';
    // Most requests (pages, DDP, the bundle) name neither folder: skip them at once.
    if ((!url.includes(folders[0]) && !url.includes(folders[1])) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    // Outside ROOT_URL's prefix Meteor answers 404 itself: not ours to mark.
    const under = pathUnderPrefix(url, prefix);
    if (under === undefined || !folders.some((folder) => under.startsWith(folder))) return false;
    let path: string;
    try {
      path = decodeURIComponent(under);
    } catch {
      path = '';
    }
    const served = path ? options.isServedFile(path) : false;
    if (served === false) {
      res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(NOT_FOUND_BODY)),
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : NOT_FOUND_BODY);
      return true;
    }
    if (isHashedFileName(path.slice(path.lastIndexOf('/') + 1))) {
      cacheControlOnWrite(res, (status) => (isCacheableStatus(status) ? IMMUTABLE_CACHE_CONTROL : 'no-cache'));
    }
    return false;
  };
}
