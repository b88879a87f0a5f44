import { pathExtension, requestPath, stepHandler, varyOnWrite, type ConnectHandler, type ConnectStep } from './connect-handler.ts';

/** The font types a browser fetches in CORS mode, so a font on another origin needs CORS headers. */
export const FONT_EXTENSIONS: readonly string[] = ['ttf', 'ttc', 'otf', 'eot', 'woff', 'woff2'];

/**
 * Which files get CORS headers by default: fonts, and the JS/CSS bundles too when Subresource
 * Integrity is on (Meteor then adds `crossorigin` to their tags, which makes them CORS requests).
 */
export function defaultCorsExtensions(subresourceIntegrity: boolean): string[] {
  return subresourceIntegrity ? [...FONT_EXTENSIONS, 'js', 'css'] : [...FONT_EXTENSIONS];
}

export interface CorsOptions {
  /** Origins allowed to read the files (`https://app.example.com`), or `'*'` for any. */
  origins: readonly string[] | '*';
  /** File extensions (without the dot) that get CORS headers. Default: the font types. */
  extensions?: readonly string[];
  /**
   * URL path prefixes, as the request shows them (ROOT_URL's prefix included), under which every
   * file gets CORS headers whatever its extension: the Rspack folders, whose chunks a runtime with
   * `crossOriginLoading` (or SRI) loads in CORS mode.
   */
  folders?: readonly string[];
  /** Sends `Access-Control-Allow-Credentials: true` to allowed origins. Refused with `'*'`. */
  credentials?: boolean;
  /** How long a browser may cache a preflight answer, in seconds. Default 86400. */
  maxAge?: number;
}

/** Lower-cases the scheme and host of an origin and drops a trailing slash; `*` stays `*`. */
export function normalizeOrigin(origin: string): string {
  const text = origin.trim();
  if (text === '*') return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`CORS origin ${JSON.stringify(origin)} is not a URL: expected an origin such as https://app.example.com, or *`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new TypeError(`CORS origin ${JSON.stringify(origin)} must be a bare http(s) origin (scheme://host[:port], no path), or *`);
  }
  return url.origin;
}

/**
 * CORS for static files (fonts by default) on a CDN: an allowed `Origin` is echoed with
 * `Vary: Origin`, so a shared cache keeps one copy per origin; any other origin gets no
 * `Access-Control-Allow-Origin` (the browser then refuses the font); a preflight `OPTIONS` is
 * answered here with 204, since Meteor would answer it with its HTML page. Mount it first, on
 * `WebApp.rawHandlers`. Other paths pass through untouched.
 */
export function createCorsHandler(options: CorsOptions): ConnectHandler {
  return stepHandler(createCorsStep(options));
}

function startsWithAny(path: string, folders: readonly string[]): boolean {
  for (const folder of folders) if (path.startsWith(folder)) return true;
  return false;
}

/** `createCorsHandler` without `next`: true when it answered (a preflight), false to go on. */
export function createCorsStep(options: CorsOptions): ConnectStep {
  const any = options.origins === '*' || options.origins.includes('*');
  if (any && options.credentials) {
    throw new TypeError('CORS: credentials cannot be allowed for every origin (*): list the origins instead');
  }
  const allowed = new Set(any ? [] : (options.origins as readonly string[]).map(normalizeOrigin));
  const extensions = new Set((options.extensions ?? FONT_EXTENSIONS).map((ext) => ext.replace(/^\./, '').toLowerCase()));
  const maxAge = String(options.maxAge ?? 86400);
  const folders = options.folders ?? [];

  return (req, res) => {
    const path = requestPath(req.url);
    if (!extensions.has(pathExtension(path)) && (folders.length === 0 || !startsWithAny(path, folders))) return false;
    const origin = req.headers.origin;
    let allowOrigin: string | undefined;
    if (any) allowOrigin = '*';
    else {
      // With an allow-list the answer depends on Origin, so caches must key on it, even for
      // requests without one: a CDN would otherwise hand a header-less copy to a font request.
      varyOnWrite(res, 'Origin');
      if (origin && allowed.has(origin.toLowerCase())) allowOrigin = origin;
    }
    if (allowOrigin) {
      res.setHeader('Access-Control-Allow-Origin', allowOrigin);
      if (options.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS' && origin && req.headers['access-control-request-method']) {
      if (allowOrigin) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
        const requested = req.headers['access-control-request-headers'];
        if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
        res.setHeader('Access-Control-Max-Age', maxAge);
      }
      res.setHeader('Content-Length', '0');
      res.statusCode = 204;
      res.end();
      return true;
    }
    return false;
  };
}
