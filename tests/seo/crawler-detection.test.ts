import assert from 'node:assert/strict';
import {
  isCrawler,
  linkPreviewUserAgents,
  prerenderNodeIgnoredExtensions,
  prerenderNodeUserAgents,
  shouldPrerender,
} from '../../packages/seo/src/server-index.ts';
import { crawlerDetector } from '../../packages/seo/src/lib/prerender/is-crawler.ts';

const crawlers = [...prerenderNodeUserAgents(), ...linkPreviewUserAgents];

const bots: [string, string][] = [
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['Googlebot smartphone', 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.175 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['Bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  ['Facebook crawler', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
  ['X (Twitter)', 'Twitterbot/1.0'],
  ['Slack', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
  ['LinkedIn', 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)'],
  ['Discord', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
  ['Telegram', 'TelegramBot (like TwitterBot)'],
  ['WhatsApp', 'WhatsApp/2.23.20.0'],
  ['iMessage', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0'],
  ['Mastodon', 'http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)'],
  ['Bluesky', 'Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)'],
];

const browsers: [string, string][] = [
  ['Chrome', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'],
  ['Safari', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'],
  ['Firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0'],
  ['mobile Safari', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'],
  ['Instagram in-app browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 606587217)'],
  ['Facebook in-app browser (iOS)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.38.109;FBBV/615446393;FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]'],
  ['Facebook in-app browser (Android)', 'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240605.024; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.43.108;]'],
  ['Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0'],
];

describe('crawler detection', () => {
  for (const [name, userAgent] of bots) {
    it(`prerenders for ${name}`, () => {
      assert.equal(isCrawler(userAgent, crawlers), true);
    });
  }
  for (const [name, userAgent] of browsers) {
    it(`never prerenders for a person in ${name}`, () => {
      assert.equal(isCrawler(userAgent, crawlers), false);
    });
  }

  it('gives the same answers from the middleware\'s remembering detector, again and after a flood of other user agents', () => {
    const detect = crawlerDetector(crawlers);
    const everyone = [...bots, ...browsers];
    for (let round = 0; round < 2; round++) {
      for (const [name, userAgent] of everyone) assert.equal(detect(userAgent), isCrawler(userAgent, crawlers), name);
    }
    for (let i = 0; i < 2500; i++) assert.equal(detect(`Mozilla/5.0 (X11; Linux x86_64; rv:${i}.0) Gecko/20100101 Firefox/${i}.0`), false);
    for (const [name, userAgent] of everyone) assert.equal(detect(userAgent), isCrawler(userAgent, crawlers), name);
    assert.equal(detect(`Googlebot/2.1 ${'x'.repeat(600)}`), true);
    assert.equal(detect(undefined), false);
  });

  it('starts from prerender-node\'s own list', () => {
    for (const agent of ['googlebot', 'bingbot', 'facebookexternalhit', 'twitterbot', 'slackbot', 'GPTBot']) {
      assert.ok(prerenderNodeUserAgents().some((listed) => listed.toLowerCase() === agent.toLowerCase()), agent);
    }
  });
});

describe('which requests are prerendered', () => {
  const options = { crawlerUserAgents: crawlers, extensionsToIgnore: prerenderNodeIgnoredExtensions() };
  const bot = 'Mozilla/5.0 (compatible; Googlebot/2.1)';
  const request = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ url, method, headers: { 'user-agent': bot, ...headers } });

  it('a crawler GET or HEAD of a page', () => {
    assert.equal(shouldPrerender(request('/posts/1'), options), true);
    assert.equal(shouldPrerender(request('/posts/1', {}, 'HEAD'), options), true);
  });

  it('not a POST, not a file, not the renderer itself', () => {
    assert.equal(shouldPrerender(request('/posts/1', {}, 'POST'), options), false);
    assert.equal(shouldPrerender(request('/app.JS?meteor_js_resource=true'), options), false);
    assert.equal(shouldPrerender(request('/img/logo.png'), options), false);
    assert.equal(shouldPrerender(request('/posts/1', { 'x-prerender': '1' }), options), false);
  });

  it('a browser asking for _escaped_fragment_, or Buffer\'s bot', () => {
    const browser = { 'user-agent': browsers[0][1] };
    assert.equal(shouldPrerender({ url: '/?_escaped_fragment_=', method: 'GET', headers: browser }, options), true);
    assert.equal(shouldPrerender({ url: '/', method: 'GET', headers: { ...browser, 'x-bufferbot': '1' } }, options), true);
    assert.equal(shouldPrerender({ url: '/', method: 'GET', headers: browser }, options), false);
  });

  it('only allow-listed URLs, never block-listed URLs or referers', () => {
    const listed = { ...options, allowList: [/^\/posts\//], blockList: [/\/posts\/secret/, /evil\.example/] };
    assert.equal(shouldPrerender(request('/posts/1'), listed), true);
    assert.equal(shouldPrerender(request('/about'), listed), false);
    assert.equal(shouldPrerender(request('/posts/secret'), listed), false);
    assert.equal(shouldPrerender(request('/posts/2', { referer: 'https://evil.example/' }), listed), false);
  });
});
