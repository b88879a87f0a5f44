/**
 * In-app browsers are people, not crawlers: their user agents carry an app's name (Instagram's
 * "Instagram 300.0", Facebook's "[FBAN/FBIOS;FBAV/...]", "FB_IAB") next to a real browser's
 * tokens, and a crawler substring such as "instagram" or "facebook" would otherwise catch them.
 */
const IN_APP_BROWSER = /\bFBAN\/|\bFBAV\/|\bFB_IAB\/|\bFBIOS\b|\bInstagram \d|\bLine\/\d|\bMicroMessenger\//i;

/** A real browser engine token, which crawlers such as Googlebot also send: never enough alone. */
const BROWSER_ENGINE = /\b(?:AppleWebKit|Gecko)\//;

/**
 * Whether a user agent is one of `crawlerUserAgents` (case-insensitive substrings), unless it is
 * an in-app browser.
 */
export function isCrawler(userAgent: string | undefined, crawlerUserAgents: readonly string[]): boolean {
  if (!userAgent) return false;
  if (IN_APP_BROWSER.test(userAgent) && BROWSER_ENGINE.test(userAgent)) return false;
  const lower = userAgent.toLowerCase();
  return crawlerUserAgents.some((agent) => agent && lower.includes(agent.toLowerCase()));
}
