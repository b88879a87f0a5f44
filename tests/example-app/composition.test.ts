// The composition test of issue #6: the four packages' server parts started together on one WebApp
// harness the way the example app's Meteor startup runs them (tests/helpers/flightdeck-stack.ts),
// with nginx as the CDN in front of it, the real prerender server (Chromium) as the renderer and a
// Segment collector as Segment. The page's client code uses the packages' client cores
// (tests/fixtures/example-app/page.ts). Browser page views travel through the relay: the relay
// method's body (createRelayHandler) behind `POST /__flightdeck/relay`, the stand-in for DDP, then
// the server's Segment batch sender to the collector.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { SettingsError, type MeteorSettingsShape, type SettingsSpec } from '../../packages/settings/src/index.ts';
import { launchChromium, withPage } from '../helpers/browser.ts';
import { buildFixtureApp, type FixtureApp } from '../helpers/cdn-fixture-app.ts';
import { startFlightdeckStack, type FlightdeckStack } from '../helpers/flightdeck-stack.ts';
import { startNginxCdn, type NginxCdn } from '../helpers/nginx-cdn.ts';
import { startPrerenderServer, QUICK_RENDER_ENV, type PrerenderServerHandle } from '../helpers/prerender-server.ts';
import { startSegmentCollector, type SegmentCollector } from '../helpers/segment-collector.ts';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const RELAY_PATH = '/__flightdeck/relay';
const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** The app's own keys (example-app's settings.schema.ts has the same shape). */
const appSettings = {
  name: 'launch-notes',
  scope: 'app',
  public: {
    siteName: { type: String, defaultValue: 'Launch notes', description: 'Shown in titles and link previews.' },
  },
  private: {
    notesPerPage: { type: Number, defaultValue: 20, min: 1, env: 'NOTES_PER_PAGE', description: 'Launch notes per list page.' },
  },
} as const satisfies SettingsSpec;

/** The app's client bundle, CSS, public/ image and a real webfont, as `meteor build` would serve them. */
function buildAppFixture(): Promise<FixtureApp> {
  return buildFixtureApp({
    page: join(fixtures, 'example-app', 'page.ts'),
    css: join(fixtures, 'example-app', 'app.css'),
    publicDir: join(fixtures, 'cdn', 'app', 'public'),
    fontName: 'launch-mono.ttf',
  });
}

/** What the renderer fetched, from prerender's `getting <url>` log lines. */
function rendered(renderer: PrerenderServerHandle): string[] {
  return renderer
    .output()
    .split('\n')
    .map((line) => / getting (\S+)$/.exec(line)?.[1])
    .filter((url): url is string => url !== undefined)
    .map((url) => new URL(url).pathname + new URL(url).search);
}

describe('the four packages composed as the example app starts them', function () {
  this.timeout(60000);
  let fixture: FixtureApp | undefined;
  let browser: Browser;
  let renderer: PrerenderServerHandle;
  let collector: SegmentCollector;
  let cdn: NginxCdn;
  let stack: FlightdeckStack;
  let app: WebAppHarness;
  let settings: MeteorSettingsShape;

  before(async () => {
    [fixture, browser, renderer, collector] = await Promise.all([
      buildAppFixture(),
      launchChromium(),
      // The page sets prerenderReady once its head is set: the renderer waits for that either way.
      startPrerenderServer({ env: { ...QUICK_RENDER_ENV } }),
      startSegmentCollector({ writeKey: 'server-write-key' }),
    ]);
    settings = {
      public: {
        analytics: { destinations: { relay: true } },
        seo: { titleTemplate: '%s · Flightdeck', readyTimeout: 8000 },
      },
      // The write key comes from SEGMENT_WRITE_KEY, the CDN from CDN_URL.
      analytics: { segment: { host: collector.url, flushAt: 1, flushInterval: 50 } },
      seo: { indexable: true, prerender: { timeout: 15000 }, robots: { disallow: ['/admin'] } },
      PrerenderIO: { serviceUrl: renderer.url },
    };
    app = await createWebApp({ fixtureDir: fixture.dir, publicSettings: settings.public });
    cdn = await startNginxCdn({ origin: app.url });
    stack = await startFlightdeckStack({
      app,
      settings,
      env: { NODE_ENV: 'production', CDN_URL: cdn.url, SEGMENT_WRITE_KEY: collector.writeKey },
      appSpec: appSettings,
      sitemap: () => [{ loc: '/' }, { loc: '/notes/1', changefreq: 'weekly' }, { loc: '/about' }],
      relayPath: RELAY_PATH,
    });
  });

  after(async () => {
    await stack?.stop();
    await Promise.all([cdn?.stop(), renderer?.stop(), collector?.close(), browser?.close()]);
    await fixture?.remove();
  });

  it('starts once, with one settings report for every package and the app, env overrides and defaults applied in place', () => {
    assert.deepEqual(stack.specs.map((spec) => spec.name), ['flightdeck', 'cdn', 'analytics', 'analytics-okgrow', 'seo', 'PrerenderIO', 'launch-notes']);
    assert.equal(stack.report.ok, true, stack.log.join('\n'));
    assert.deepEqual(stack.report.errors, []);
    assert.equal(stack.report.overridden.get('public.cdn.url'), 'CDN_URL');
    assert.equal(stack.report.overridden.get('analytics.segment.writeKey'), 'SEGMENT_WRITE_KEY');
    const pub = settings.public as { cdn?: { url?: string; cacheBusting?: boolean }; siteName?: string; analytics?: { autoPageViews?: boolean } };
    assert.equal(pub.cdn?.url, cdn.url);
    assert.equal(pub.cdn?.cacheBusting, true);
    assert.equal(pub.siteName, 'Launch notes');
    assert.equal(pub.analytics?.autoPageViews, true);
    assert.equal(settings.notesPerPage, 20);
    // The page ships that very object.
    assert.equal(app.runtimeConfig.PUBLIC_SETTINGS, settings.public);
  });

  it('gives a person in Chromium the page from the app, its JS, CSS, webfont and image through nginx, and sends its page views to the collector', async () => {
    const cdnOrigin = new URL(cdn.url).origin;
    const loaded = await withPage(
      async ({ page, pageErrors }) => {
        const responses: { url: URL; status: number; cache?: string; prerender?: string }[] = [];
        const pending: Promise<void>[] = [];
        page.on('response', (response: Response) => {
          pending.push(
            response.allHeaders().then((headers) => {
              responses.push({ url: new URL(response.url()), status: response.status(), cache: headers['x-cache-status'], prerender: headers['x-prerender-cache'] });
            }),
          );
        });
        await page.goto(`${app.url}/`, { waitUntil: 'load' });
        await page.waitForSelector('#cats');
        const state = await page.evaluate(async () => {
          const image = document.getElementById('cats') as HTMLImageElement;
          await image.decode().catch(() => undefined);
          await document.fonts.load('16px LaunchMono').catch(() => undefined);
          await document.fonts.ready;
          return {
            title: document.title,
            imageWidth: image.naturalWidth,
            fontLoaded: [...document.fonts].some((face) => face.family.includes('LaunchMono') && face.status === 'loaded'),
          };
        });
        await page.waitForFunction(() => (window as unknown as { prerenderReady?: boolean }).prerenderReady === true);
        await page.click('#note-link');
        await page.waitForSelector('#note');
        await collector.waitForDistinct(2, 10000);
        await Promise.all(pending);
        return { ...state, responses, pageErrors: pageErrors.map(String) };
      },
      { browser, context: { userAgent: CHROME } },
    );
    assert.deepEqual(loaded.pageErrors, []);
    assert.equal(loaded.title, 'Launch notes · Flightdeck');
    const one = (test: (url: URL) => boolean, what: string) => {
      const matches = loaded.responses.filter((response) => test(response.url));
      assert.equal(matches.length, 1, `one ${what} response expected, got: ${loaded.responses.map((r) => r.url.href).join(', ')}`);
      return matches[0];
    };
    const pageResponse = one((url) => url.pathname === '/' && url.origin === new URL(app.url).origin, 'page');
    assert.equal(pageResponse.status, 200);
    assert.equal(pageResponse.prerender, undefined, "a person's page request was prerendered");
    for (const [what, test] of [
      ['script', (url: URL) => url.pathname.endsWith('.js')],
      ['stylesheet', (url: URL) => url.pathname.endsWith('.css')],
      ['font', (url: URL) => url.pathname === '/fonts/launch-mono.ttf'],
      ['image', (url: URL) => url.pathname === '/img/cats.gif'],
    ] as const) {
      const response = one(test, what);
      assert.equal(response.url.origin, cdnOrigin, `${what} ${response.url.href} did not come through the CDN`);
      assert.equal(response.status, 200, response.url.href);
      assert.ok(response.cache, `${what} has no X-Cache-Status: nginx did not answer it`);
    }
    assert.match(one((url) => url.pathname === '/img/cats.gif', 'image').url.search, /^\?v=[0-9a-f]{12}$/);
    assert.equal(loaded.imageWidth, 1);
    assert.ok(loaded.fontLoaded, 'the webfont from the CDN was not usable (CORS?)');

    const pages = collector.events.filter((event) => event.type === 'page');
    assert.deepEqual(pages.map((event) => event.properties?.path), ['/', '/notes/1']);
    assert.deepEqual(pages.map((event) => event.properties?.title), ['Launch notes · Flightdeck', 'Flightdeck 0.1.0 · Flightdeck']);
    assert.ok(pages.every((event) => typeof event.anonymousId === 'string' && event.userId === undefined));
    // Delivered by the server's Segment library with the private key, not by the browser.
    assert.ok(collector.requests.every((request) => request.auth === 'basic'));
  });

  it("delivers the server's own events to the collector", async () => {
    const before = collector.events.length;
    stack.track({ event: 'Launch Note Published', anonymousId: 'server', properties: { note: '1' } });
    await collector.waitForDistinct(new Set(collector.events.map((event) => event.messageId)).size + 1, 10000);
    const event = collector.events.slice(before).find((candidate) => candidate.event === 'Launch Note Published');
    assert.deepEqual(event?.properties, { note: '1' });
  });

  it('gives Googlebot the rendered page, with its title and JSON-LD, whose asset URLs point at the CDN', async () => {
    const response = await fetch(`${app.url}/`, { headers: { 'user-agent': GOOGLEBOT } });
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-prerender-cache'), 'miss');
    assert.match(html, /<title>Launch notes · Flightdeck<\/title>/);
    assert.match(html, /<script type="application\/ld\+json"[^>]*>\{"@context":"https:\/\/schema.org","@type":"WebSite","name":"Launch notes"/);
    assert.match(html, /<link rel="canonical" href="http:\/\/127\.0\.0\.1:\d+\/"/);
    const cdnUrl = cdn.url.replace(/[.]/g, '\\.');
    assert.match(html, new RegExp(`<img [^>]*src="${cdnUrl}/img/cats\\.gif\\?v=[0-9a-f]{12}"`));
    assert.match(html, new RegExp(`<link [^>]*href="${cdnUrl}/[0-9a-f]{40}\\.css\\?meteor_css_resource=true"`));
    assert.match(html, new RegExp(`<meta property="og:image" content="${cdnUrl}/img/cats\\.gif\\?v=[0-9a-f]{12}"`));
    assert.doesNotMatch(html, new RegExp(`(src|href)="${app.url.replace(/[.]/g, '\\.')}/[^"]*\\.(js|css|gif|ttf)`), 'an asset URL points at the app, not the CDN');
  });

  it("gives a crawler's request for a missing route a 404 with noindex", async () => {
    const response = await fetch(`${app.url}/notes/nope`, { headers: { 'user-agent': GOOGLEBOT } });
    const html = await response.text();
    assert.equal(response.status, 404);
    assert.match(html, /<meta name="robots" content="noindex"/);
    assert.match(html, /No launch note here/);
  });

  it('answers robots.txt itself, for people and crawlers, through the CDN too (not the cdn 404, not the renderer)', async () => {
    for (const [base, userAgent] of [[app.url, GOOGLEBOT], [app.url, CHROME], [cdn.url, GOOGLEBOT]]) {
      const response = await fetch(`${base}/robots.txt`, { headers: { 'user-agent': userAgent } });
      const text = await response.text();
      assert.equal(response.status, 200, `${base} ${userAgent}`);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      assert.match(text, /^User-agent: \*/m);
      assert.match(text, /^Disallow: \/admin$/m);
      assert.ok(text.includes(`Sitemap: ${app.rootUrl}/sitemap.xml`), text);
      assert.equal(response.headers.get('x-prerender-cache'), null);
    }
  });

  it("answers sitemap.xml from the app's entries, with absolute ROOT_URL locations", async () => {
    const response = await fetch(`${app.url}/sitemap.xml`, { headers: { 'user-agent': GOOGLEBOT } });
    const xml = await response.text();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /xml/);
    assert.deepEqual([...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]), [`${app.rootUrl}/`, `${app.rootUrl}/notes/1`, `${app.rootUrl}/about`]);
    assert.equal(response.headers.get('x-prerender-cache'), null);
  });

  it("answers a missing asset with 404 no-cache and not the app's HTML, for a browser, a crawler and through the CDN", async () => {
    for (const [base, userAgent] of [[app.url, CHROME], [app.url, GOOGLEBOT], [cdn.url, CHROME], [cdn.url, CHROME]]) {
      const response = await fetch(`${base}/img/missing.png`, { headers: { 'user-agent': userAgent, accept: 'image/avif,image/webp,*/*' } });
      const body = await response.text();
      assert.equal(response.status, 404, `${base} ${userAgent}`);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      // cdn's bare not-found page: none of the app's markup or bundles for a CDN to keep.
      assert.match(body, /<h1>404 Not Found<\/h1>/);
      assert.doesNotMatch(body, /<div id="app">|meteor_js_resource|meteor_css_resource/);
      assert.notEqual(response.headers.get('x-cache-status'), 'HIT');
      assert.equal(response.headers.get('x-prerender-cache'), null);
    }
  });

  it("lets no package swallow another's requests", async () => {
    // A person's page request is the app's page, not a rendered one, with prerenderReady false in it.
    const person = await fetch(`${app.url}/notes/1`, { headers: { 'user-agent': CHROME, accept: 'text/html' } });
    const personHtml = await person.text();
    assert.equal(person.status, 200);
    assert.equal(person.headers.get('x-prerender-cache'), null);
    assert.match(personHtml, /<div id="app"><\/div>/);
    assert.match(personHtml, /window\.prerenderReady=false/);

    // A crawler's request for the JS bundle gets the bundle (static files), not a rendered page.
    const bundle = app.manifest.find((item) => item.type === 'js');
    assert.ok(bundle);
    const script = await fetch(`${app.url}${bundle.url}`, { headers: { 'user-agent': GOOGLEBOT } });
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.equal(script.headers.get('x-prerender-cache'), null);
    assert.equal(Number(script.headers.get('content-length')), bundle.size);
    await script.arrayBuffer();

    // A crawler's font request gets the font, with CORS for the app's origin (cdn's raw handler).
    const font = await fetch(`${app.url}/fonts/launch-mono.ttf`, { headers: { 'user-agent': GOOGLEBOT, origin: new URL(app.rootUrl).origin } });
    assert.equal(font.status, 200);
    assert.equal(font.headers.get('access-control-allow-origin'), new URL(app.rootUrl).origin);
    assert.equal(font.headers.get('x-prerender-cache'), null);
    await font.arrayBuffer();

    // The analytics relay answers even a crawler-looking caller, and seo does not step in.
    const relay = await fetch(`${app.url}${RELAY_PATH}`, {
      method: 'POST',
      headers: { 'user-agent': GOOGLEBOT, 'content-type': 'application/json' },
      body: JSON.stringify([{ type: 'track', event: 'Relay Probe', anonymousId: 'probe' }]),
    });
    assert.equal(relay.status, 200);
    assert.deepEqual(await relay.json(), { accepted: 1 });
    const bad = await fetch(`${app.url}${RELAY_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"not":"a batch"}' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error, 'analytics-batch-invalid');

    // The renderer saw only pages: never an asset, robots.txt, sitemap.xml or the relay.
    const seen = rendered(renderer);
    assert.ok(seen.length >= 2, renderer.output());
    for (const path of seen) assert.doesNotMatch(path, /\.(js|css|png|gif|ttf|txt|xml)(\?|$)|__flightdeck/, `the renderer was sent ${path}`);
  });
});

describe('one settings report for the composed packages', function () {
  this.timeout(20000);

  const broken = (): MeteorSettingsShape => ({
    public: { cdn: { url: 'ftp://cdn.example.com' } },
    seo: { indexable: false, prerender: { timeout: -5 } },
  });

  it('lists bad settings of two packages in one report, and a development server still starts', async () => {
    const settings = broken();
    const app = await createWebApp({ publicSettings: settings.public });
    const lines: string[] = [];
    const stack = await startFlightdeckStack({ app, settings, env: { NODE_ENV: 'development' }, log: (text) => lines.push(text) });
    try {
      assert.deepEqual(stack.report.errors.map((problem) => problem.path), ['public.cdn.url', 'seo.prerender.timeout']);
      const reports = lines.filter((line) => line.startsWith('flightdeck:settings'));
      assert.equal(reports.length, 1, lines.join('\n'));
      assert.match(reports[0], /public\.cdn\.url: must use http or https, not ftp/);
      assert.match(reports[0], /seo\.prerender\.timeout: must be a whole number greater than 0/);
      const page = await fetch(`${app.url}/`);
      assert.equal(page.status, 200);
    } finally {
      await stack.stop();
    }
  });

  it('refuses to start a production server, with both problems in the error, and leaves nothing listening', async () => {
    const settings = broken();
    const app = await createWebApp({ publicSettings: settings.public });
    await assert.rejects(startFlightdeckStack({ app, settings, env: { NODE_ENV: 'production' } }), (error: unknown) => {
      assert.ok(error instanceof SettingsError);
      assert.deepEqual(error.report.errors.map((problem) => problem.path), ['public.cdn.url', 'seo.prerender.timeout']);
      assert.match(error.message, /refused to start/);
      assert.match(error.message, /public\.cdn\.url/);
      assert.match(error.message, /seo\.prerender\.timeout/);
      return true;
    });
    await assert.rejects(fetch(`${app.url}/`), 'the refused server still answers');
  });
});
