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

/** The query string keeping only `allowed` parameters, sorted by name. */
export function keptQuery(search: string, allowed: readonly string[]): string {
  if (search === '' || search === '?') return '';
  const kept = [...new URLSearchParams(search)].filter(([name]) => allowed.includes(name));
  if (kept.length === 0) return '';
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `?${new URLSearchParams(kept).toString()}`;
}

export function prerenderPageUrl(rootUrl: string | URL, requestUrl: string, options: PrerenderPageUrlOptions | string = {}): string | undefined {
  const { protocol, queryParams } = typeof options === 'string' ? { protocol: options, queryParams: undefined } : options;
  const root = typeof rootUrl === 'string' ? new URL(rootUrl) : rootUrl;
  let page: URL;
  try {
    page = new URL(requestUrl, root.origin);
  } catch {
    return undefined;
  }
  if (page.origin !== root.origin) return undefined;
  const prefix = root.pathname.replace(/\/+$/, '');
  if (prefix && page.pathname !== prefix && !page.pathname.startsWith(`${prefix}/`)) return undefined;
  const scheme = protocol ?? root.protocol.replace(/:$/, '');
  const search = queryParams ? keptQuery(page.search, queryParams) : page.search;
  return `${scheme}://${root.host}${page.pathname}${search}`;
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
