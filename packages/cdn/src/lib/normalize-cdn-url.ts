/** Why a CDN URL cannot be used, in words that follow the key name in a settings report. */
export type CdnUrlProblem = { severity: 'error' | 'warning'; message: string };

/**
 * A CDN URL as the bundle prefix and `assetUrl` use it: `https://cdn.example.com` or
 * `https://cdn.example.com/static`, never with a trailing slash (Meteor concatenates the prefix
 * with `/<hash>.js`, so a trailing slash would give `//`). Throws a TypeError saying what is wrong.
 */
export function normalizeCdnUrl(raw: string): string {
  const problem = cdnUrlProblem(raw);
  if (problem) throw new TypeError(`CDN URL ${JSON.stringify(raw)} ${problem.message}`);
  const url = new URL(raw.trim());
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * What is wrong with a CDN URL, or undefined when it is usable. With `rootUrl`, a CDN on the app's
 * own host (hostname and port) is a warning: the "CDN" would be the app itself, so it is turned off.
 */
export function cdnUrlProblem(raw: string, rootUrl?: string): CdnUrlProblem | undefined {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { severity: 'error', message: 'is not a URL: expected an absolute http(s) URL such as https://cdn.example.com' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { severity: 'error', message: `must use http or https, not ${url.protocol.slice(0, -1)}` };
  }
  if (!url.hostname) return { severity: 'error', message: 'has no host' };
  if (url.username || url.password) return { severity: 'error', message: 'must not hold credentials' };
  if (url.search || text.includes('?')) return { severity: 'error', message: 'must not have a query string: assetUrl and Meteor append paths to it' };
  if (url.hash || text.includes('#')) return { severity: 'error', message: 'must not have a fragment (#...)' };
  if (rootUrl) {
    let root: URL | undefined;
    try {
      root = new URL(rootUrl);
    } catch {
      root = undefined;
    }
    if (root && root.host === url.host) {
      return {
        severity: 'warning',
        message: `is on the app's own host (${url.host}, as ROOT_URL): the CDN is off and the app serves its files itself`,
      };
    }
  }
  return undefined;
}
