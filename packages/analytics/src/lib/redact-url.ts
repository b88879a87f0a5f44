export const REDACTED = '[redacted]';

// Account links carry a one-time token right after a word naming the action: Meteor's own
// (`#/reset-password/<token>`, `#/verify-email/…`, `#/enroll-account/…`, accounts-base) and the
// forms apps route them to (`/reset-password/<token>`, `/auth/verify_email/<token>`,
// `/magic-login/<token>`, `/invitations/accept/<token>`). The segment after such a word is
// replaced, whatever separates them (`/`, `#`, `#/`, `=`, or their %-encodings). No lookbehind for
// the word start: legacy browsers (Meteor's web.browser.legacy) cannot parse it.
const ACTION_TOKEN =
  /(^|%2F|%23|[^a-z\d])((?:reset|verif|enrol|confirm|activat|invit|magic|passwordless|unsubscribe|token|one-?time|otp)[\w.~-]*(?:\/|#\/?|%2F|%23(?:%2F)?)(?:(?:accept|confirm)(?:\/|#\/?|%2F|%23(?:%2F)?))?)([^/?#&\s%'"<>]+)/gi;
// A secret-shaped run in a URL: 20+ characters of the base64url alphabet mixing upper case, lower
// case and digits (Meteor's Random.secret() is 43 of them), or 32+ of letters and digits (hex
// tokens, no - or _). Mongo ids (24 hex, 17 for Meteor's), lower-case slugs and UUIDs do not match.
const RUN = /(%[\da-f]{2})?([\w-]{20,})/gi;
const SECRET_SHAPED = /^(?![\da-fA-F]{8}(-[\da-fA-F]{4}){3}-[\da-fA-F]{12}$)(?=.*\d)(?:(?=.*[a-z])(?=.*[A-Z])|(?=.*[a-zA-Z])[a-zA-Z\d]{32,}$)/;
/** Property names whose string value is a secret wherever it appears. */
export const SECRET_KEY = /token|secret|passw|api_?key|credential/i;
// Query parameters whose value is a secret whatever the app configured.
// `selector` is accounts-passwordless' (Meteor 2.5+) companion of loginToken: the user's email.
const SECRET_PARAM = new RegExp(SECRET_KEY.source + '|pwd|authori[sz]ation|session|signature|nonce|jwt|^(auth|sig|code|otp|selector)$', 'i');

/**
 * A URL, path, search string, referrer or any text holding one, with account tokens, secret-shaped
 * segments and the values of secret or named query parameters replaced by `[redacted]`, in the
 * path, the hash (`#/…`, `#…`) and the query alike; in a string with none of `/ # = %` (a title), only
 * secret-shaped runs are.
 */
export function redactUrl(value: string, queryParams?: ReadonlySet<string>): string {
  // Only strings with one of / # = % can hold a URL part worth redacting; others (a title, free
  // text) are only searched for secret-shaped runs.
  if (/[/#=%]/.test(value))
    value = value
      .replace(ACTION_TOKEN, '$1$2' + REDACTED)
      .replace(/([?&;#])([^=&;#?\s]+)=([^&;#\s]*)/g, (match, separator: string, name: string, paramValue: string) => {
        let decoded = name;
        try {
          decoded = decodeURIComponent(name.replace(/\+/g, ' '));
        } catch {
          // not %-encoded as a whole: the name as it is
        }
        decoded = decoded.toLowerCase();
        return paramValue && ((queryParams && queryParams.has(decoded)) || SECRET_PARAM.test(decoded)) ? separator + name + '=' + REDACTED : match;
      });
  return value.length < 20 ? value : value.replace(RUN, (match, escape: string | undefined, run: string) => (SECRET_SHAPED.test(run) ? (escape || '') + REDACTED : match));
}

/** The query parameter names, lower-cased, as a set for redactUrl. */
export function redactedParams(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}
