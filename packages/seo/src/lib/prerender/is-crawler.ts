/**
 * In-app browsers are people, not crawlers: their user agents carry an app's name (Instagram's
 * "Instagram 300.0", Facebook's "[FBAN/FBIOS;FBAV/...]", "FB_IAB") next to a real browser's
 * tokens, and a crawler substring such as "instagram" or "facebook" would otherwise catch them.
 */
const IN_APP_BROWSER = /\bFBAN\/|\bFBAV\/|\bFB_IAB\/|\bFBIOS\b|\bInstagram \d|\bLine\/\d|\bMicroMessenger\//i;

/** A real browser engine token, which crawlers such as Googlebot also send: never enough alone. */
const BROWSER_ENGINE = /\b(?:AppleWebKit|Gecko)\//;

/**
 * One case-insensitive pattern for a list of user-agent substrings: a single regular expression
 * scan per request instead of one `includes` per listed crawler (about 150).
 */
export function crawlerPattern(crawlerUserAgents: readonly string[]): RegExp {
  const alternatives = crawlerUserAgents.filter(Boolean).map((agent) => agent.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return alternatives.length === 0 ? /(?!)/ : new RegExp(alternatives.join('|'), 'i');
}

/**
 * Whether a user agent is one of the crawlers (a list of case-insensitive substrings, or the
 * pattern `crawlerPattern` made of it), unless it is an in-app browser.
 */
export function isCrawler(userAgent: string | undefined, crawlers: readonly string[] | RegExp): boolean {
  if (!userAgent) return false;
  const pattern = crawlers instanceof RegExp ? crawlers : crawlerPattern(crawlers);
  if (!pattern.test(userAgent)) return false;
  return !(IN_APP_BROWSER.test(userAgent) && BROWSER_ENGINE.test(userAgent));
}

/** Distinct user agents whose answer a detector remembers before it starts over. */
const REMEMBERED_USER_AGENTS = 1000;
/** Longer user agents are tested every time: a bound on what a flood of odd ones can hold. */
const REMEMBERED_LENGTH = 512;

/**
 * `isCrawler` on a fixed list, remembering the answer per user agent: people's browsers send a
 * handful of distinct user agents, and the pattern scan over some hundred crawler names costs more
 * than the rest of the raw handler on a person's request.
 */
export function crawlerDetector(crawlerUserAgents: readonly string[]): (userAgent: string | undefined) => boolean {
  const pattern = crawlerPattern(crawlerUserAgents);
  const answers = new Map<string, boolean>();
  return (userAgent) => {
    if (!userAgent) return false;
    let answer = answers.get(userAgent);
    if (answer === undefined) {
      answer = isCrawler(userAgent, pattern);
      if (userAgent.length <= REMEMBERED_LENGTH) {
        if (answers.size >= REMEMBERED_USER_AGENTS) answers.clear();
        answers.set(userAgent, answer);
      }
    }
    return answer;
  };
}
