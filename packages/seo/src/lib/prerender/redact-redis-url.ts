/**
 * A Redis URL fit for a log line: scheme, host, port and database, never the username or password
 * (`redis://:hunter2@cache:6379/2` → `redis://***@cache:6379/2`). Anything unparsable becomes
 * `(an invalid Redis URL)`, since an unparsable URL may still hold a password.
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(an invalid Redis URL)';
  }
  const credentials = parsed.username || parsed.password ? '***@' : '';
  return `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/** Whether a value is a redis:// or rediss:// URL with a host. */
export function isRedisUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
