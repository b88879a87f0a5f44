/**
 * The URL the renderer is asked for: ROOT_URL's protocol and host (or `protocol` when set) and
 * the request's path. Never the request's `Host` or `X-Forwarded-Host`: prerender-node trusts
 * them, so anyone could make the renderer fetch (and a cache store) another site's page under
 * ours.
 */
export function prerenderUrl(serviceUrl: string, rootUrl: string, requestUrl: string, protocol?: string): string {
  const root = new URL(rootUrl);
  const scheme = protocol ?? root.protocol.replace(/:$/, '');
  const path = requestUrl.startsWith('/') ? requestUrl : `/${requestUrl}`;
  const service = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
  return `${service}${scheme}://${root.host}${path}`;
}
