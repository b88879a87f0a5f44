// Our crawler verdicts against the isbot package's, for every crawler user agent the
// crawler-user-agents package ships as an instance (isbot's own fixture source), and for people.
// Both packages are devDependencies: they check our general rules, they are not in them.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isbot } from 'isbot';
import { isCrawler, linkPreviewUserAgents, prerenderNodeUserAgents, searchAndAiCrawlerUserAgents } from '../../packages/seo/src/index.ts';

const require = createRequire(import.meta.url);
const fixtures = (require('crawler-user-agents') as { pattern: string; instances?: string[] }[]).flatMap((entry) => (entry.instances ?? []).map((userAgent) => ({ pattern: entry.pattern, userAgent })));
const crawlers = [...prerenderNodeUserAgents(), ...searchAndAiCrawlerUserAgents, ...linkPreviewUserAgents];

/**
 * Where we differ from isbot on purpose: a real browser engine with a browser's version token,
 * and no bot word or contact URL of its own, runs JavaScript (Lighthouse, HeadlessChrome,
 * synthetic monitors on Chrome or Electron): it renders the app itself, a rendered copy adds a
 * render for nothing.
 */
function runsJavaScriptItself(userAgent: string): boolean {
  return /\b(?:AppleWebKit|Gecko)\b|\bMSIE \d/.test(userAgent) && /\b(?:Chrome|HeadlessChrome|Firefox|Version|PhantomJS)\/\d|\bMSIE \d/.test(userAgent);
}

const people: [string, string][] = [
  ['Chrome on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'],
  ['Chrome on Android', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36'],
  ['Safari on macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'],
  ['Safari on iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'],
  ['Firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0'],
  ['Firefox on Android', 'Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0'],
  ['Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0'],
  ['Opera', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0'],
  ['old Opera', 'Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.289 Version/12.00'],
  ['Samsung Internet', 'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36'],
  ['Yandex Browser', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 YaBrowser/24.6.0.0 Safari/537.36'],
  ['DuckDuckGo browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 DuckDuckGo/7 Safari/605.1.15'],
  ['Internet Explorer 11', 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko'],
  ['Internet Explorer 8', 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)'],
  ['Android WebView', 'Mozilla/5.0 (Linux; Android 12; SM-S906N Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/80.0.3987.119 Mobile Safari/537.36'],
  ['a Cubot phone', 'Mozilla/5.0 (Linux; Android 10; CUBOT_X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'],
  ['Instagram in-app browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 606587217)'],
  ['Facebook in-app browser (iOS)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.38.109;FBBV/615446393;FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]'],
  ['Facebook in-app browser (Android)', 'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240605.024; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.43.108;]'],
  ['Snapchat in-app browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.67.0.36 (like Safari/8617.2.4.10.8, panda)'],
  ['X in-app browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/9.0'],
  ['TikTok in-app browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_32.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US'],
  ['LINE in-app browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/13.19.0'],
  ['WeChat in-app browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/en'],
  ['an Android app (Dalvik)', 'Dalvik/2.1.0 (Linux; U; Android 11; SM-G991B Build/RP1A.200720.012)'],
];

const renderers: [string, string][] = [
  ['the prerender server\'s own Chromium', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36 Prerender (+https://github.com/prerender/prerender)'],
  ['HeadlessChrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36'],
  ['Lighthouse', 'Mozilla/5.0 (Linux; Android 7.0; Moto G (4)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/98.0.4695.0 Mobile Safari/537.36 Chrome-Lighthouse'],
];

describe('crawler detection against isbot', () => {
  it('calls a crawler every crawler fixture isbot calls a bot, but for browsers that run JavaScript themselves', () => {
    const missed: string[] = [];
    let exceptions = 0;
    for (const { userAgent } of fixtures) {
      if (!isbot(userAgent) || isCrawler(userAgent, crawlers)) continue;
      if (runsJavaScriptItself(userAgent)) exceptions += 1;
      else missed.push(userAgent);
    }
    assert.ok(fixtures.length > 2000, `${fixtures.length} fixtures`);
    assert.deepEqual(missed, []);
    // The exceptions stay a small share: the general rules do the work, not the exception.
    assert.ok(exceptions < fixtures.length * 0.03, `${exceptions} exceptions`);
  });

  it('agrees with isbot on the crawler fixtures it calls people, but for a domain name in the user agent', () => {
    const extra = fixtures.filter(({ userAgent }) => !isbot(userAgent) && isCrawler(userAgent, crawlers)).map(({ userAgent }) => userAgent);
    assert.ok(extra.every((userAgent) => /[a-z0-9-]\.(?:com|net|org|io)\b/i.test(userAgent)), extra.join('\n'));
    assert.ok(extra.length <= 3, extra.join('\n'));
  });

  it('finds crawlers by general rules, not only by name: an unknown bot, a contact URL, an HTTP library', () => {
    for (const userAgent of [
      'Mozilla/5.0 (compatible; BrandNewSearchEngineBot/0.1)',
      'Mozilla/5.0 (compatible; Zyx/1.0; +https://zyx.example/about)',
      'SomeService-Link-Unfurler/2.1',
      'curl/8.5.0',
      'python-requests/2.31.0',
      'Go-http-client/1.1',
      'okhttp/4.12.0',
      'Wget/1.21.4',
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    ]) {
      assert.equal(isCrawler(userAgent, []), true, userAgent);
      assert.equal(isbot(userAgent), true, `isbot agrees: ${userAgent}`);
    }
  });

  for (const [name, userAgent] of people) {
    it(`keeps a person in ${name} a person, as isbot does`, () => {
      assert.equal(isbot(userAgent), false, 'isbot calls it a person too');
      assert.equal(isCrawler(userAgent, crawlers), false);
    });
  }

  for (const [name, userAgent] of renderers) {
    it(`never prerenders for ${name} (it renders the page itself)`, () => {
      assert.equal(isCrawler(userAgent, crawlers), false);
    });
  }

  for (const name of ['DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ClaudeBot/1.0; +claudebot@anthropic.com', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; OAI-SearchBot/1.0; +https://openai.com/searchbot)', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/8.0.2 Safari/600.2.5 (Amazonbot/0.1; +https://developer.amazon.com/support/amazonbot)']) {
    it(`prerenders for ${name.match(/(DuckDuckBot|ClaudeBot|PerplexityBot|OAI-SearchBot|Amazonbot)/)?.[1]}, listed by name and by the general rules`, () => {
      assert.equal(isCrawler(name, searchAndAiCrawlerUserAgents, { generalRules: false }), true);
      assert.equal(isCrawler(name, []), true);
    });
  }
});
