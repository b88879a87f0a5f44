/**
 * Whether a key's name says its value is a secret. The name is split into words whatever its
 * style (`stripeSecretKey`, `x-api-key`, `API_KEY`, `PIN_CODE_PASSWORD`, `APIKey`), and the
 * words are matched as words, not as substrings: `tokenizer`, `keyboard`, `passport`, `monkey`
 * and `secretary` are not secrets.
 *
 * The last meaningful word decides, as in English (`passwordMinLength` is a length,
 * `privateKeyPath` a path, `secretName` a name, `tokenUrl` a URL); words that only describe how the
 * secret is written (`Value`, `Base64`, `Pem`, `V2`, `Prod`) are skipped from the end.
 */

/** Words that name a secret on their own. */
const SECRET_WORDS = new Set([
  'secret', 'secrets', 'password', 'passwords', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'passcode',
  'token', 'credential', 'credentials', 'creds', 'salt', 'pepper', 'authorization', 'privkey',
]);

/** `key` is a secret after one of these words: `apiKey`, `privateKey`, `x-api-key`, `secretAccessKey`. */
const KEY_QUALIFIERS = new Set([
  'api', 'private', 'priv', 'secret', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'decrypt',
  'master', 'session', 'access', 'hmac', 'jwt', 'auth', 'admin', 'root', 'service', 'shared', 'webhook', 'account',
]);

/** `tokens` is secret after one of these words. */
const TOKEN_QUALIFIERS = new Set(['api', 'access', 'auth', 'refresh', 'bearer', 'session', 'oauth', 'id', 'personal', 'bot', 'service', 'secret']);

/** Words that say the key is meant for browsers: `publicKey`, `publishableKey`, `browserApiKey`, `searchOnlyApiKey`. */
const PUBLIC_QUALIFIERS = new Set(['public', 'publishable', 'pub', 'browser', 'search', 'frontend']);

/** Words after the secret that only describe its encoding, version or environment. */
const TRAILING_WORDS = new Set([
  'value', 'string', 'str', 'b64', 'base64', 'hex', 'raw', 'pem', 'der', 'encoded', 'enc', 'plain',
  'plaintext', 'text', 'data', 'content', 'hash', 'base', 'v', 'live', 'test', 'prod', 'production', 'dev',
  'development', 'staging', 'stage', 'primary', 'secondary', 'old', 'new', 'current', 'next', 'previous',
]);

// One-word spellings: `apikey`, `APIKEY`, `accesstoken`, `clientsecret`, `dbpassword`.
const GLUED_SECRET = new RegExp(
  `^(?:[a-z]*(?:password|passwd|passphrase|secret)s?|(?:api|access|auth|refresh|bearer|session|oauth|csrf|id)tokens?|(?:${[...KEY_QUALIFIERS].join('|')})keys?)$`,
);

/** `stripeSecretKey` → stripe secret key; `API_KEY` → api key; `APIKey` → api key; `oauth2Token` → oauth 2 token. */
export function nameWords(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).map((word) => word.toLowerCase());
}

export function isSecretLookingName(name: string): boolean {
  const words = nameWords(name);
  let end = words.length;
  while (end > 1 && (TRAILING_WORDS.has(words[end - 1]) || /^\d+$/.test(words[end - 1]))) end -= 1;
  const head = words[end - 1];
  if (head === undefined) return false;
  if (words.slice(0, end - 1).some((word) => PUBLIC_QUALIFIERS.has(word))) return false;
  // `passWord`, `PassPhrase`, `authToken` split once too often: read the last two words as one too.
  const lastTwo = end >= 2 ? `${words[end - 2]}${head}` : head;
  if (SECRET_WORDS.has(head) || GLUED_SECRET.test(head) || SECRET_WORDS.has(lastTwo) || GLUED_SECRET.test(lastTwo)) return true;
  const before = words[end - 2];
  if ((head === 'key' || head === 'keys') && before !== undefined && KEY_QUALIFIERS.has(before)) return true;
  // `apiTokens`, `refreshTokens` (but not `designTokens`, a design system's variables).
  return head === 'tokens' && before !== undefined && TOKEN_QUALIFIERS.has(before);
}
