export const REDACTED = '[redacted]';

// Account links carry a one-time token right after a word naming the action: Meteor's own
// (`#/reset-password/<token>`, `#/verify-email/…`, `#/enroll-account/…`, accounts-base) and the
// forms apps route them to (`/reset-password/<token>`, `/auth/verify_email/<token>`,
// `/magic-login/<token>`, `/invitations/accept/<token>`). The segment after such a word is
// replaced, whatever separates them (`/`, `#`, `#/`, `=`, or their %-encodings).
const ACTION = String.raw`(?:reset|verif|enrol|confirm|activat|invit|magic|passwordless|unsubscribe|token|one-?time|otp)[A-Za-z0-9_.~-]*`;
const SEPARATOR = String.raw`(?:\/|#\/?|%2F|%23(?:%2F)?)`;
// No lookbehind for the word start: legacy browsers (Meteor's web.browser.legacy) cannot parse it.
const ACTION_TOKEN = new RegExp(String.raw`(^|%2[Ff]|%23|[^A-Za-z0-9])(${ACTION}${SEPARATOR}(?:accept${SEPARATOR}|confirm${SEPARATOR})?)([^/?#&\s%'"<>]+)`, 'gi');
// A secret-shaped run in a URL: 20+ characters of the base64url alphabet mixing upper case, lower
// case and digits (Meteor's Random.secret() is 43 of them), or 32+ of letters and digits (hex
// tokens, no - or _). Mongo ids (24 hex, 17 for Meteor's), lower-case slugs and UUIDs do not match.
const RUN = /(%[0-9A-Fa-f]{2})?([A-Za-z0-9_-]{20,})/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Query parameters whose value is a secret whatever the app configured.
// `selector` is accounts-passwordless' (Meteor 2.5+) companion of loginToken: the user's email.
const SECRET_PARAM = /token|secret|passw|pwd|^auth$|authori[sz]ation|session|signature|^sig$|^code$|api_?key|^otp$|nonce|jwt|credential|^selector$/i;
/** Property names whose string value is a secret wherever it appears. */
export const SECRET_KEY = /token|secret|passw|api_?key|credential/i;

function secretShaped(run: string): boolean {
  if (UUID.test(run)) return false;
  const digits = /[0-9]/.test(run);
  const lower = /[a-z]/.test(run);
  const upper = /[A-Z]/.test(run);
  return (digits && lower && upper) || (run.length >= 32 && digits && (lower || upper) && !/[-_]/.test(run));
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

// The fast test: only strings with one of these can hold a URL part worth redacting; others (a
// title, free text) are only searched for secret-shaped runs, when long enough to hold one.
const MAY_HOLD_URL = /[/#=%]/;

/**
 * A URL, path, search string, referrer or any text holding one, with account tokens, secret-shaped
 * segments and the values of secret or named query parameters replaced by `[redacted]`, in the
 * path, the hash (`#/…`, `#…`) and the query alike; in a string with none of `/ # = %` (a title), only
 * secret-shaped runs are.
 */
export function redactUrl(value: string, queryParams: ReadonlySet<string> = new Set()): string {
  if (!MAY_HOLD_URL.test(value)) return value.length < 20 ? value : value.replace(RUN, (match, escape: string | undefined, run: string) => (secretShaped(run) ? REDACTED : match));
  let result = value.replace(ACTION_TOKEN, (match, before: string, action: string, token: string) => (token === REDACTED ? match : before + action + REDACTED));
  if (result.includes('=')) {
    result = result.replace(/([?&;#])([^=&;#?\s]+)=([^&;#\s]*)/g, (match, separator: string, name: string, paramValue: string) => {
      if (paramValue === '' || paramValue === REDACTED) return match;
      const decoded = decodedName(name);
      return queryParams.has(decoded) || SECRET_PARAM.test(decoded) ? `${separator}${name}=${REDACTED}` : match;
    });
  }
  return result.replace(RUN, (match, escape: string | undefined, run: string) => (secretShaped(run) ? (escape ?? '') + REDACTED : match));
}

/** The query parameter names, lower-cased, as a set for redactUrl. */
export function redactedParams(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}
