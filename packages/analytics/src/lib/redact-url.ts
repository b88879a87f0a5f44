/**
 * Meteor's accounts packages put one-time tokens in the URL hash: `#/reset-password/<token>`,
 * `#/verify-email/<token>`, `#/enroll-account/<token>` (accounts-base's email links). Anyone who
 * reads an analytics report could use them to take over the account.
 */
const ACCOUNT_TOKEN = /(#\/?(?:reset-password|verify-email|enroll-account)\/)[^/?#&\s]+/g;
export const REDACTED = '[redacted]';

function redactQuery(query: string, params: ReadonlySet<string>): string {
  if (params.size === 0) return query;
  return query.replace(/([?&;])([^=&;#]+)=([^&;#]*)/g, (match, separator: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // keep the raw name
    }
    return params.has(decoded.toLowerCase()) ? `${separator}${name}=${REDACTED}` : match;
  });
}

/**
 * A URL, path, search string or referrer with Meteor's account tokens and the values of the named
 * query parameters replaced by `[redacted]`. Works on absolute URLs and on bare paths.
 */
export function redactUrl(value: string, queryParams: ReadonlySet<string> = new Set()): string {
  let result = value.includes('#') ? value.replace(ACCOUNT_TOKEN, `$1${REDACTED}`) : value;
  if (result.includes('=')) {
    const hashAt = result.indexOf('#');
    const beforeHash = hashAt === -1 ? result : result.slice(0, hashAt);
    const hash = hashAt === -1 ? '' : result.slice(hashAt);
    // A query inside the hash (`#/page?token=`) is redacted too.
    result = redactQuery(beforeHash, queryParams) + redactQuery(hash, queryParams);
  }
  return result;
}

/** The query parameter names, lower-cased, as a set for redactUrl. */
export function redactedParams(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}
