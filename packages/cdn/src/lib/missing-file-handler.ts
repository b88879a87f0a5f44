import { pathExtension, requestPath, type ConnectHandler } from './connect-handler.ts';

/**
 * Whether a request that nothing served is for a missing file rather than for an app route: its
 * path ends in a file extension (`/img/logo.png`) and it is not a browser navigation (whose
 * `Accept` names `text/html`), so a route such as `/users/jane.doe` opened in a browser still gets
 * the app.
 */
export function isMissingFileRequest(path: string, accept: string | undefined): boolean {
  if (!pathExtension(path)) return false;
  return !(accept ?? '').toLowerCase().includes('text/html');
}

const NOT_FOUND_BODY = '404 Not Found\n';

/**
 * For any Express or Connect app: mount it last, after the static files. A file path that got this
 * far is answered `404` with `Cache-Control: no-cache`, so a CDN caches neither the app's HTML nor
 * anything else under an image's URL.
 */
export function createMissingFileHandler(): ConnectHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isMissingFileRequest(requestPath(req.url), req.headers.accept)) {
      next();
      return;
    }
    res.writeHead(404, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(NOT_FOUND_BODY)),
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : NOT_FOUND_BODY);
  };
}

/** The parts of Meteor's boilerplate data the not-found page changes. */
export interface NotFoundBoilerplateData {
  statusCode?: number;
  headers?: Record<string, string>;
  js: unknown[];
  css: unknown[];
  head: string;
  body: string;
  dynamicHead?: string;
  dynamicBody?: string;
  additionalStaticJs?: unknown[];
}

/**
 * A boilerplate data callback for Meteor (`WebAppInternals.registerBoilerplateDataCallback`): it runs
 * only when nothing else answered the request (static files, `WebApp.handlers`, every package's
 * routes), which is exactly when Meteor 3 would send its app HTML with 200 for a missing `public/`
 * file. Such a request gets status 404, `Cache-Control: no-cache` and a bare page without the app's
 * bundles.
 */
export function missingFileBoilerplateCallback(
  request: { path?: string; url?: { pathname?: string | null }; headers: Record<string, string | string[] | undefined> },
  data: NotFoundBoilerplateData,
): boolean {
  const path = request.path ?? request.url?.pathname ?? '/';
  const accept = request.headers.accept;
  if (!isMissingFileRequest(path, Array.isArray(accept) ? accept.join(',') : accept)) return false;
  data.statusCode = 404;
  data.headers = { ...data.headers, 'Cache-Control': 'no-cache' };
  data.js = [];
  data.css = [];
  data.additionalStaticJs = [];
  data.head = '<title>404 Not Found</title>';
  data.body = '<h1>404 Not Found</h1>';
  data.dynamicHead = undefined;
  data.dynamicBody = undefined;
  return true;
}
