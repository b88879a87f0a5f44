import { isSecretLookingName } from './secret-name.ts';

/**
 * Values that are secrets whatever their key is called. Families of shapes rather than single
 * samples: vendor prefixes, any `sk_`/`secret_`/`token-`-style prefix followed by a random body,
 * private keys in PEM, base64 or DER, credentials in URLs (a password, or a token as the user), query strings and connection strings,
 * Authorization header values, and JWTs. A random string with no such shape (a Segment browser
 * write key, a content hash, a GA4 id) is not flagged: those are public by design.
 */
const SECRET_SHAPES: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: 'a PEM private key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'a PuTTY private key', pattern: /PuTTY-User-Key-File-\d/ },
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { kind: 'a Stripe secret key', pattern: /\b(?:[sr]k|whsec)_(?:(?:live|test)_)?[0-9A-Za-z]{10,}/ },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/ },
  { kind: 'a GitLab token', pattern: /\bgl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{20,}/ },
  { kind: 'a SendGrid API key', pattern: /\bSG\.[\w-]{16,128}\.[\w-]{16,}/ },
  { kind: 'an OpenAI or Anthropic API key', pattern: /\bsk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/ },
  { kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'a PyPI token', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/ },
  { kind: 'a Shopify token', pattern: /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b/ },
  { kind: 'a Google OAuth access token', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/ },
  { kind: 'a Mailgun API key', pattern: /\bkey-[0-9a-f]{32}\b/ },
  { kind: 'a Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { kind: 'a DigitalOcean token', pattern: /\bdo[por]_v1_[a-f0-9]{64}\b/ },
  { kind: 'a Databricks token', pattern: /\bdapi[a-f0-9]{32}\b/ },
  { kind: 'a Postman API key', pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/ },
  { kind: 'a Square secret', pattern: /\bsq0csp-[0-9A-Za-z_-]{40,}/ },
  { kind: 'a Discord bot token', pattern: /\b[MN][A-Za-z\d]{23,25}\.[\w-]{6}\.[\w-]{27,}/ },
  { kind: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{5,128}\.eyJ[A-Za-z0-9_-]{5,4096}\.[A-Za-z0-9_-]{10,}/ },
  { kind: 'an Authorization header value', pattern: /^\s*(?:Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{16,}\s*$/i },
];

// `secret_…`, `sk-…`, `token_live_…`, `api-key-…`: a word that says secret, a separator, a random body.
const PREFIXED_SECRET = /(?:^|[^A-Za-z0-9])(?:sk|rk|secret|token|pat|priv|private|apikey|api[_-]key|api|key|access|auth|bearer)[_-](?:(?:live|test|prod|api|v\d{1,3})[_-])?([A-Za-z0-9_-]{20,256})/i;

/** Bits per character; a random base62 body is near 5.9, an English word near 3. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A random body: its longest run of letters and digits is long, mixes both, and has no pattern to it. */
function looksRandom(body: string): boolean {
  const run = (body.match(/[A-Za-z0-9]+/g) ?? []).reduce((longest, part) => (part.length > longest.length ? part : longest), '');
  return run.length >= 16 && /\d/.test(run) && /[A-Za-z]/.test(run) && entropy(run) >= 3.5;
}

/** A DER private key: SEQUENCE { INTEGER version 0 or 1, then the algorithm, the modulus or the key octets }. */
function isDerPrivateKey(bytes: string): boolean {
  const byte = (at: number): number => bytes.charCodeAt(at);
  if (bytes.length < 32 || byte(0) !== 0x30) return false;
  let at = 2;
  if (byte(1) & 0x80) {
    const lengthBytes = byte(1) & 0x7f;
    if (lengthBytes < 1 || lengthBytes > 4) return false;
    at += lengthBytes;
  }
  return byte(at) === 0x02 && byte(at + 1) === 0x01 && (byte(at + 2) === 0x00 || byte(at + 2) === 0x01) && [0x30, 0x02, 0x04].includes(byte(at + 3));
}

/** base64 or base64url to a binary string (one character per byte), with atob: Node and browsers alike. */
function decodeBase64(text: string): string | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (standard.length % 4 === 1) return undefined;
  try {
    return atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
// The longest secrets are private keys and credential files, a few KB; a value is inspected up to
// 64 KB. Every pattern bounds what it scans before a required character, so no value, however
// built, costs more than linear time (a 64 KB value of `eyJ-eyJ-...` or `a.a.a...` included).
const MAX_INSPECTED = 64 << 10;

/** A long base64 value, decoded: a private key inside (PEM, DER, OpenSSH, a service-account JSON) or another secret. */
function decodedSecretKind(value: string, depth: number): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length < 40 || compact.length > MAX_INSPECTED || !BASE64.test(compact)) return undefined;
  const text = decodeBase64(compact);
  if (text === undefined) return undefined;
  if (isDerPrivateKey(text)) return 'a private key (base64-encoded DER)';
  if (text.startsWith('openssh-key-v1\0')) return 'an OpenSSH private key';
  if (/"private_key"\s*:/.test(text)) return 'a base64-encoded credentials file with a private key';
  const inner = secretKindAt(text, depth + 1);
  return inner ? `${inner}, base64-encoded` : undefined;
}

// `scheme://userinfo@`: any scheme (`redis`, `mongodb+srv`, `jdbc:mysql`, `git+ssh`) or none
// (`//user:pass@host`), the userinfo up to the first `/` or space; a bounded run, so linear.
const URL_USERINFO = /(?:\b[a-z][a-z0-9+.-]{0,30}:|^|[\s"'(<=,;[])\/\/([^\s/@]{0,512})@([^\s/?#]{0,256})([^\s?#]{0,512})/gi;
// A Sentry DSN's key is public by design (browsers send it): 32 hex digits as the user, no
// password, and a path that ends in the numeric project id.
const SENTRY_DSN_KEY = /^[0-9a-f]{32}$/i;
const SENTRY_DSN_PATH = /^(?:\/[\w.-]+)*\/\d+\/?$/;

function percentDecoded(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Credentials in a URL's userinfo, whatever the scheme: a password (`redis://:pass@host`,
 * `amqp://user:pass@host`), or a user name that is itself a token (`https://<token>@host`, the way
 * GitHub, npm registries and webhooks take one). A plain user name (`ssh://git@host`) is not one.
 */
function urlCredentialKind(value: string, depth: number): string | undefined {
  // A URL inside a JSON string inside the settings keeps its escaped slashes (`redis:\/\/…`).
  const text = value.includes('\\/') ? value.replace(/\\\//g, '/') : value;
  if (!text.includes('//')) return undefined;
  for (const [, userinfo, , path] of text.matchAll(URL_USERINFO)) {
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const password = colon < 0 ? '' : userinfo.slice(colon + 1);
    // `?` or `#` in the user part: that was a host and a query (`https://host?mail=a@b`), not userinfo.
    if (/[?#]/.test(user)) continue;
    // `https://host:443?to=a@b`: a port, then a query, not a password.
    if (/^\d{0,5}[?#]/.test(password)) continue;
    if (password !== '') return 'a URL with a password in it';
    const name = percentDecoded(user);
    if (name === '' || (SENTRY_DSN_KEY.test(name) && SENTRY_DSN_PATH.test(path))) continue;
    if (looksRandom(name) || (name.length >= 8 && depth < 2 && secretKindAt(name, depth + 1))) return 'a URL with a token in it';
  }
  return undefined;
}

/** A value written percent-encoded (a URL inside another URL's query), decoded once and looked at again. */
function percentEncodedSecretKind(value: string, depth: number): string | undefined {
  if (!/%[0-9a-f]{2}/i.test(value)) return undefined;
  const inner = secretKindAt(percentDecoded(value), depth + 1);
  return inner ? `${inner}, percent-encoded` : undefined;
}

/** `password=…;` pairs (ADO.NET / Azure connection strings) and `?api_key=…` in URLs. */
function pairSecretKind(value: string): string | undefined {
  const query = /^[a-z][a-z0-9+.-]{0,30}:\/\/[^?#\s]*\?([^#\s]*)/i.exec(value)?.[1];
  // A connection string's password may be short; a secret in a URL query is a key or a token,
  // long enough not to be a flag (`?token=1`).
  const pairs = [
    ...(value.includes(';') ? value.split(';').map((pair) => ({ pair, minimum: 1 })) : []),
    ...(query ? query.split('&').map((pair) => ({ pair, minimum: 6 })) : []),
  ];
  for (const { pair, minimum } of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    let name = pair.slice(0, at).trim();
    try {
      name = decodeURIComponent(name);
    } catch {
      // a malformed escape: match the name as written
    }
    const rest = pair.slice(at + 1).trim();
    if (rest.length >= minimum && (isSecretLookingName(name) || /^(?:sig|signature|x-amz-signature|accountkey|sharedaccesskey)$/i.test(name))) {
      return query && !value.includes(';') ? 'a URL with a secret in its query string' : 'a connection string with a secret in it';
    }
  }
  return undefined;
}

// Every shape above needs one of these: a long run of token characters, a URL, a PEM or PuTTY
// header, or key=value pairs. Most settings values have none, and skip the ~30 patterns.
const MAYBE_SECRET = /[\w.+/=~-]{13,}|\/\/|\\\/|-----BEGIN|PuTTY|[;?]|%[0-9a-f]{2}/i;

function secretKindAt(value: string, depth: number): string | undefined {
  if (value.length < 8) return undefined;
  const text = value.length > MAX_INSPECTED ? value.slice(0, MAX_INSPECTED) : value;
  if (!MAYBE_SECRET.test(text)) return undefined;
  const shape = SECRET_SHAPES.find(({ pattern }) => pattern.test(text));
  if (shape) return shape.kind;
  const credentials = urlCredentialKind(text, depth);
  if (credentials) return credentials;
  const prefixed = PREFIXED_SECRET.exec(text);
  if (prefixed && looksRandom(prefixed[1])) return 'an API key or token';
  const pair = pairSecretKind(text);
  if (pair) return pair;
  return depth < 2 ? (decodedSecretKind(text, depth) ?? percentEncodedSecretKind(text, depth)) : undefined;
}

/** What kind of secret a value looks like, or undefined when it looks like an ordinary value. */
export function secretKind(value: string): string | undefined {
  return secretKindAt(value, 0);
}
