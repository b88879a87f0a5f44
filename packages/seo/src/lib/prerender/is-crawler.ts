/**
 * In-app browsers are people, not crawlers: their user agents carry an app's name (Instagram's
 * "Instagram 300.0", Facebook's "[FBAN/FBIOS;FBAV/...]", "FB_IAB", Snapchat's "Snapchat/12",
 * TikTok's "musical_ly", X's "Twitter for iPhone") next to a real browser's tokens, and a crawler
 * substring such as "instagram", "snapchat" or "twitter" would otherwise catch them.
 */
const IN_APP_BROWSER = /\bFBAN\/|\bFBAV\/|\bFB_IAB\/|\bFBIOS\b|\bInstagram \d|\bLine\/\d|\bMicroMessenger\/|\bSnapchat\/\d|\bmusical_ly_|\bBytedanceWebview\/|\bTwitter for (?:iPhone|iPad|Android)|\bLinkedInApp\b|\[Pinterest\/|\bGSA\/\d/i;

/** A real browser engine token, which crawlers such as Googlebot also send: never enough alone. */
const BROWSER_ENGINE = /\b(?:AppleWebKit|Gecko)\//;

/**
 * Browsers that run JavaScript themselves, driven by a program: the prerender renderer's own
 * Chromium ("HeadlessChrome ... Prerender (+https://github.com/prerender/prerender)", which would
 * loop through us), Lighthouse, PhantomJS, Playwright, Puppeteer, Selenium, Cypress. A rendered
 * copy gives them nothing they cannot render, so they get the app like people do.
 */
const SCRIPTED_BROWSER = /\bHeadlessChrome\/|\bPrerender \(\+https:\/\/github\.com\/prerender\/prerender\)|\bChrome-Lighthouse\b|\bPhantomJS\/|\bPlaywright\/|\bPuppeteer\b|\bSelenium\b|\bCypress\//i;

/**
 * What crawlers say about themselves and browsers never do, as general rules rather than names:
 * a word for what they are (bot, crawler, spider, fetcher, preview, archiver, monitor...), a URL
 * or e-mail address to reach their owner, "compatible;" without a browser engine behind it.
 */
const CRAWLER_WORD =
  /crawl|spider|slurp|scrap(?:e|er|ing)\b|fetch|archiv|harvest|index(?:er|ing)\b|preview|validator|checker|monitor|scanner|\bprobe\b|sitemap|\bfeed|\brss\b|\breader\b|parser|download|\bgrab|retriever|\bcapture|\baudit|analy[sz]er|extractor|\bagent\b|\bproxy\b|library|\bclient\b|\bhttp|\bsearch|\bcurl\b|\bwget\b|python|\bjava\b|\bperl\b|\bphp\b|\bruby\b|\bnode\b|okhttp|axios|undici|go-http|\bheadless|\bheritrix|\bnutch\b|\bscan\b|\bcheck\b|\btest\b|\bmetadata\b|\boembed\b/i;
/** A word ending in "bot(s)" (Googlebot, DuckDuckBot, msnbot-media, GPTBot), except the Cubot phone brand. */
const BOT_WORD = /([a-z]*)bots?(?![a-z])/gi;
/** A way to reach the owner: a URL, an e-mail address, a domain name (browsers name none). */
const CONTACT = /https?:\/\/|\bwww\.[a-z0-9-]+\.|\+https?|@[a-z0-9-]+\.[a-z]{2,}|[a-z0-9-]\.(?:com|net|org|io|ai|co|info|biz|dev|app|uk|de|fr|ru|cn|jp|nl|eu)\b/i;
/**
 * A browser's user agent: `Mozilla/x.y (platform...)` followed by a rendering engine, or Opera's
 * own; Android apps' HTTP stack (Dalvik) is an app's request, not a program's crawl.
 */
const BROWSER_SHAPED = /^(?:Mozilla\/\d[\d.]* \(|Opera\/\d|Dalvik\/\d)/;
const RENDERING_ENGINE = /\b(?:AppleWebKit|Gecko|Trident|Presto|Goanna|KHTML)\b|\bMSIE \d|^Opera\/|^Dalvik\//;
const OLD_IE_OR_KONQUEROR = /\bMSIE \d|\bTrident\/|\bKonqueror\//;

function hasBotWord(userAgent: string): boolean {
  BOT_WORD.lastIndex = 0;
  for (let match = BOT_WORD.exec(userAgent); match; match = BOT_WORD.exec(userAgent)) {
    if (match[1].toLowerCase() !== 'cu') return true;
  }
  return false;
}

/**
 * Whether a user agent describes itself as a program rather than a person's browser, by the
 * general rules above (no list of names): a bot or crawler word, a contact URL or address, not
 * shaped like a browser's, or `compatible;` without MSIE/Trident/Konqueror behind it.
 */
export function looksLikeCrawler(userAgent: string): boolean {
  if (hasBotWord(userAgent) || CRAWLER_WORD.test(userAgent) || CONTACT.test(userAgent)) return true;
  if (!BROWSER_SHAPED.test(userAgent) || !RENDERING_ENGINE.test(userAgent)) return true;
  return /\(compatible;|; compatible;/i.test(userAgent) && !OLD_IE_OR_KONQUEROR.test(userAgent);
}

/** Whether a user agent is a person's browser whatever else it says: an in-app browser, or a scripted one that runs JavaScript itself. */
export function isPersonBrowser(userAgent: string): boolean {
  if (SCRIPTED_BROWSER.test(userAgent)) return true;
  // An in-app browser never carries a URL or a bot's name; a tool dressed as one does.
  return IN_APP_BROWSER.test(userAgent) && BROWSER_ENGINE.test(userAgent) && !CONTACT.test(userAgent) && !hasBotWord(userAgent);
}

/**
 * One case-insensitive pattern for a list of user-agent substrings: a single regular expression
 * scan per request instead of one `includes` per listed crawler (about 150).
 */
export function crawlerPattern(crawlerUserAgents: readonly string[]): RegExp {
  const alternatives = crawlerUserAgents.filter(Boolean).map((agent) => agent.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return alternatives.length === 0 ? /(?!)/ : new RegExp(alternatives.join('|'), 'i');
}

export interface IsCrawlerOptions {
  /** Also the general rules of `looksLikeCrawler`, beyond the list. Default true. */
  generalRules?: boolean;
}

/**
 * Whether a user agent is a crawler: one of the listed names (case-insensitive substrings, or the
 * pattern `crawlerPattern` made of them) or, by default, by the general rules of
 * `looksLikeCrawler` — unless it is a person's browser (`isPersonBrowser`).
 */
export function isCrawler(userAgent: string | undefined, crawlers: readonly string[] | RegExp, options: IsCrawlerOptions = {}): boolean {
  if (!userAgent) return false;
  const pattern = crawlers instanceof RegExp ? crawlers : crawlerPattern(crawlers);
  if (!pattern.test(userAgent) && !(options.generalRules !== false && looksLikeCrawler(userAgent))) return false;
  return !isPersonBrowser(userAgent);
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
export function crawlerDetector(crawlerUserAgents: readonly string[], options: IsCrawlerOptions = {}): (userAgent: string | undefined) => boolean {
  const pattern = crawlerPattern(crawlerUserAgents);
  const answers = new Map<string, boolean>();
  return (userAgent) => {
    if (!userAgent) return false;
    let answer = answers.get(userAgent);
    if (answer === undefined) {
      answer = isCrawler(userAgent, pattern, options);
      if (userAgent.length <= REMEMBERED_LENGTH) {
        if (answers.size >= REMEMBERED_USER_AGENTS) answers.clear();
        answers.set(userAgent, answer);
      }
    }
    return answer;
  };
}
