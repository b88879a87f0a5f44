/**
 * Where the renderer is asked for a page: the service's host and port, and the request target
 * (path) exactly as it goes on the wire. Built once per page, never parsed again: the renderer
 * URL used to be `service + ROOT_URL + raw path` re-parsed with `new URL()`, whose dot-segment
 * resolution let `/%2e%2e/%2e%2e/http://127.0.0.1:6379/` walk out of our host into the service's
 * own path (an open proxy, prerender's `/render?javascript=` API included).
 */
export interface RendererTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number | undefined;
  /** The request target sent to the service: its path, then the page URL. */
  path: string;
  /** The page under ROOT_URL that the renderer renders. */
  pageUrl: string;
  /** service origin + path, for log messages only. */
  href: string;
}

/**
 * The page a crawler asked for, as an absolute URL under ROOT_URL, or undefined when the request
 * target is not one of ROOT_URL's pages. The target is resolved the way a browser would
 * (`new URL(target, ROOT_URL's origin)`: dot segments, `%2e`, backslashes, `//host`, absolute-form
 * `http://other/` all normalised first), then refused unless its origin is exactly ROOT_URL's and
 * its path is under ROOT_URL's path. Credentials and fragments are dropped; `protocol` only
 * changes the scheme written for the renderer (ROOT_URL's by default), never the host. A string
 * for `options` is the protocol (the signature before the query allow-list).
 */
export interface PrerenderPageUrlOptions {
  /** The scheme written for the renderer. Default ROOT_URL's. */
  protocol?: string;
  /**
   * Query parameters that change the page; every other one is dropped (and the kept ones sorted
   * by name), so `?utm_source=1`, `?utm_source=2`... are one page, one render, one cache entry.
   * `_escaped_fragment_` too, unless named: anyone can send a fresh one per request (the
   * AJAX-crawling scheme it served is retired since 2018). Default: every parameter kept.
   */
  queryParams?: readonly string[];
}

/**
 * A name or value that the form encoding writes as is: without `%` or `+` in the query it is also
 * what URLSearchParams decodes it to, so a query of such pairs is reduced without parsing it.
 */
const PLAIN_QUERY_PART = /^[A-Za-z0-9*\-._]*$/;

const byName = ([a]: [string, string], [b]: [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether `search[from, to)` is one of `names`, compared in place (no substring made). */
function isNamed(search: string, from: number, to: number, names: readonly string[]): boolean {
  for (const name of names) {
    if (name.length === to - from && search.startsWith(name, from)) return true;
  }
  return false;
}

/**
 * The query string keeping only `allowed` parameters, sorted by name. A query without `%` or `+`
 * is scanned in place: only the kept pairs are cut out (a flood's `?utm_source=<random>` makes no
 * string, array or regular-expression test per request); anything else goes through
 * URLSearchParams.
 */
export function keptQuery(search: string, allowed: readonly string[]): string {
  if (search === '' || search === '?' || allowed.length === 0) return '';
  const from = search.charCodeAt(0) === 63 /* ? */ ? 1 : 0;
  if (search.indexOf('%', from) < 0 && search.indexOf('+', from) < 0) {
    let plain: [string, string][] | undefined;
    let simple = true;
    // The next `=` at or after the pair's start, found again only once the scan has passed it, so
    // a query of many pairs without `=` (`?a&a&a...`) is read once, not once per pair.
    let equals = -1;
    for (let at = from; at < search.length; ) {
      let end = search.indexOf('&', at);
      if (end < 0) end = search.length;
      if (equals < at && equals !== search.length) {
        equals = search.indexOf('=', at);
        if (equals < 0) equals = search.length;
      }
      const nameEnd = equals > end ? end : equals;
      if (end > at && isNamed(search, at, nameEnd, allowed)) {
        const name = search.slice(at, nameEnd);
        const value = nameEnd === end ? '' : search.slice(nameEnd + 1, end);
        if (!PLAIN_QUERY_PART.test(name) || !PLAIN_QUERY_PART.test(value)) {
          simple = false;
          break;
        }
        (plain ??= []).push([name, value]);
      }
      at = end + 1;
    }
    if (simple) {
      if (!plain) return '';
      plain.sort(byName);
      return `?${plain.map(([name, value]) => `${name}=${value}`).join('&')}`;
    }
  }
  // URLSearchParams drops one leading `?`, the delimiter, and no more: in `??page=1` the name is `?page`.
  const kept = [...new URLSearchParams(search)].filter(([name]) => allowed.includes(name));
  if (kept.length === 0) return '';
  kept.sort(byName);
  return `?${new URLSearchParams(kept).toString()}`;
}

/**
 * A request target that `new URL(target, origin)` leaves exactly as written: an origin-form path
 * (one leading slash) of characters the path state never encodes, no `%` or `\`, then a query
 * of characters the query state never encodes, no fragment. Together with "no `/.`" (no segment
 * starts with a dot, where every dot segment, `.`, `..`, `.%2e`, begins), such a target resolves
 * to itself, on ROOT_URL's origin: it is used as written, without building a URL.
 */
const PLAIN_TARGET = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/]*(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?$/;

export function prerenderPageUrl(rootUrl: string | URL, requestUrl: string, options: PrerenderPageUrlOptions | string = {}): string | undefined {
  return pageUrlResolver(rootUrl, options)(requestUrl);
}

/**
 * `prerenderPageUrl` for one ROOT_URL and options, with what depends only on them (origin, path
 * prefix, scheme) worked out once: the middleware resolves every crawler request with it.
 */
export function pageUrlResolver(rootUrl: string | URL, options: PrerenderPageUrlOptions | string = {}): (requestUrl: string) => string | undefined {
  const { protocol, queryParams } = typeof options === 'string' ? { protocol: options, queryParams: undefined } : options;
  const root = typeof rootUrl === 'string' ? new URL(rootUrl) : rootUrl;
  const origin = root.origin;
  const prefix = root.pathname.replace(/\/+$/, '');
  const prefixDir = `${prefix}/`;
  const base = `${protocol ?? root.protocol.replace(/:$/, '')}://${root.host}`;
  const pageUrl = (pathname: string, search: string): string | undefined => {
    if (prefix && pathname !== prefix && !pathname.startsWith(prefixDir)) return undefined;
    return `${base}${pathname}${queryParams ? keptQuery(search, queryParams) : search}`;
  };
  return (requestUrl) => {
    if (PLAIN_TARGET.test(requestUrl) && !requestUrl.includes('/.')) {
      const queryAt = requestUrl.indexOf('?');
      if (queryAt < 0) return pageUrl(requestUrl, '');
      // `new URL('/a?').search` is '' (an empty query), `'/a?x'` gives '?x'.
      return pageUrl(requestUrl.slice(0, queryAt), queryAt === requestUrl.length - 1 ? '' : requestUrl.slice(queryAt));
    }
    let page: URL;
    try {
      page = new URL(requestUrl, origin);
    } catch {
      return undefined;
    }
    if (page.origin !== origin) return undefined;
    return pageUrl(page.pathname, page.search);
  };
}

/**
 * The request to make of the service for a page URL (from `prerenderPageUrl`). The page URL is
 * encoded once: every `%` becomes `%25`, so the service's single `decodeURIComponent` (prerender's
 * util.getUrl) gives back exactly the URL we checked — a `%2F` or `%2e` in the page's path stays
 * what it was instead of turning into a `/` or `.` on the renderer's side. Nothing else changes:
 * a page URL without `%` is sent exactly as prerender-node sends it (prerender.io reads both).
 */
export function rendererTarget(service: URL, pageUrl: string): RendererTarget {
  const servicePath = service.pathname.endsWith('/') ? service.pathname : `${service.pathname}/`;
  const path = `${servicePath}${pageUrl.replace(/%/g, '%25')}`;
  return {
    protocol: service.protocol === 'https:' ? 'https:' : 'http:',
    // A bracketed IPv6 literal is how URL spells it; Node's request wants it bare.
    hostname: service.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: service.port ? Number(service.port) : undefined,
    path,
    pageUrl,
    href: `${service.origin}${path}`,
  };
}

/**
 * The URL the renderer is asked for (service URL, then the page), as a string for logs and for
 * tools that ask the renderer directly; undefined when the request target is not under ROOT_URL.
 * Never the request's `Host` or `X-Forwarded-Host`: prerender-node trusts them.
 */
export function prerenderUrl(serviceUrl: string, rootUrl: string, requestUrl: string, protocol?: string): string | undefined {
  const page = prerenderPageUrl(rootUrl, requestUrl, protocol);
  return page === undefined ? undefined : rendererTarget(new URL(serviceUrl), page).href;
}
