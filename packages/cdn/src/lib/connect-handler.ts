import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Connect/Express middleware: works with `app.use()` of Express, Connect and Meteor's WebApp. */
export type ConnectHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * A handler's work without `next`: true when it answered the request, false to pass it on (the
 * caller calls `next`). What the packages' shared raw layer runs (flightdeck:settings' RawStep).
 */
export type ConnectStep = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A step as a middleware of its own: `next()` unless the step answered. */
export function stepHandler(step: ConnectStep): ConnectHandler {
  return (req, res, next) => {
    if (!step(req, res)) next();
  };
}

/** The path of a request URL, without query or fragment, as sent (not decoded). */
export function requestPath(url: string | undefined): string {
  const text = url ?? '/';
  // indexOf, not `search(/[?#]/)`: a RegExp search makes a match object on every request.
  const query = text.indexOf('?');
  const fragment = text.indexOf('#');
  const cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
  return cut < 0 ? text : text.slice(0, cut);
}

/**
 * A request's path (as `requestPath`) with ROOT_URL's path prefix (no trailing slash, '' for none)
 * taken off, or undefined when the path is outside it: Meteor answers those 404 itself.
 */
export function pathUnderPrefix(url: string | undefined, prefix: string): string | undefined {
  const path = requestPath(url);
  if (!prefix) return path;
  return path.startsWith(prefix + '/') ? path.slice(prefix.length) : undefined;
}

/** A path's file extension, lower case and without the dot, or '' when its last segment has none. */
export function pathExtension(path: string): string {
  // A scan, not a RegExp: runs on every request (CORS), and a page's path has no dot at all.
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/') || path.length - dot - 1 < 1 || path.length - dot - 1 > 10) return '';
  for (let at = dot + 1; at < path.length; at += 1) {
    const code = path.charCodeAt(at) | 0x20;
    if (!((code >= 0x61 && code <= 0x7a) || (path.charCodeAt(at) >= 0x30 && path.charCodeAt(at) <= 0x39))) return '';
  }
  return path.slice(dot + 1).toLowerCase();
}

/**
 * Makes sure `Vary` names `field` when the headers go out. Meteor's static file handler sets
 * `Vary: User-Agent` with setHeader on hashed bundles, replacing any Vary a raw handler set, so
 * the field is merged in at writeHead time instead (Node calls writeHead for implicit headers too).
 */
export function varyOnWrite(res: ServerResponse, field: string): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    addVary(this, field);
    // A header object given to writeHead itself may carry its own Vary.
    const headers = args.find((arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg)) as Record<string, unknown> | undefined;
    if (headers) {
      for (const key of Object.keys(headers)) {
        if (key.toLowerCase() === 'vary') headers[key] = mergeVary(String(headers[key]), field);
      }
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

function mergeVary(current: string, field: string): string {
  const fields = current.split(',').map((part) => part.trim()).filter(Boolean);
  if (fields.includes('*') || fields.some((part) => part.toLowerCase() === field.toLowerCase())) return fields.join(', ');
  return [...fields, field].join(', ');
}

/** Adds `field` to the response's Vary header unless it is already there. */
export function addVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('Vary');
  const text = Array.isArray(current) ? current.join(', ') : current === undefined ? '' : String(current);
  res.setHeader('Vary', mergeVary(text, field));
}

/**
 * Sets Cache-Control when the headers go out, from the status then known: Meteor's static handler
 * (and `send`) decide the status after a raw handler ran, and a header set up front would also go
 * out with a 404 or a 500 (Meteor writes `res.writeHead(500)` on a send error, keeping every header
 * set before). `decide` returns the value, or undefined to leave the header as it is.
 */
export function cacheControlOnWrite(res: ServerResponse, decide: (statusCode: number) => string | undefined): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
    const value = decide(status);
    if (value !== undefined) {
      this.setHeader('Cache-Control', value);
      const headers = args.find((arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg)) as Record<string, unknown> | undefined;
      if (headers) {
        for (const key of Object.keys(headers)) if (key.toLowerCase() === 'cache-control') headers[key] = value;
      }
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

/** A 2xx or a 304: the only answers a long-lived Cache-Control may go out with. */
export function isCacheableStatus(statusCode: number): boolean {
  return (statusCode >= 200 && statusCode < 300) || statusCode === 304;
}
