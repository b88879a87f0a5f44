// End to end: headless Chromium opens the app (the WebApp harness) on its own origin, and the
// bundles, the webfont and the public/ image come through nginx, a real origin-pull caching CDN
// (proxy_cache) on another 127.0.0.1 port.
import assert from 'node:assert/strict';
import type { Browser, Response } from 'playwright-core';
import { installCdn, type WebAppInternalsLike, type WebAppLike } from '../../packages/cdn/src/index.ts';
import { launchChromium, withPage } from '../helpers/browser.ts';
import { buildCdnFixtureApp, type CdnFixtureApp } from '../helpers/cdn-fixture-app.ts';
import { startNginxCdn, type NginxCdn } from '../helpers/nginx-cdn.ts';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';

interface Loaded {
  /** Every response the page got, with nginx's cache verdict. */
  responses: { url: URL; status: number; cache: string | undefined; type: string }[];
  fonts: { family: string; status: string }[];
  fontUsable: boolean;
  imageWidth: number;
  imageSrc: string;
  pageErrors: string[];
}

/** Opens the app in a fresh browser context (empty browser cache) and waits for its font and image. */
async function load(browser: Browser, app: WebAppHarness): Promise<Loaded> {
  return withPage(
    async ({ page, pageErrors }) => {
      const responses: Loaded['responses'] = [];
      const pending: Promise<void>[] = [];
      page.on('response', (response: Response) => {
        pending.push(
          response.allHeaders().then((headers) => {
            responses.push({ url: new URL(response.url()), status: response.status(), cache: headers['x-cache-status'], type: response.request().resourceType() });
          }),
        );
      });
      await page.goto(`${app.url}/`, { waitUntil: 'load' });
      const state = await page.evaluate(async () => {
        const image = document.getElementById('cats') as HTMLImageElement;
        await image.decode().catch(() => undefined);
        await document.fonts.load('16px FixtureMono').catch(() => undefined);
        await document.fonts.ready;
        return {
          fonts: [...document.fonts].map((face) => ({ family: face.family, status: face.status })),
          fontUsable: [...document.fonts].some((face) => face.family.includes('FixtureMono') && face.status === 'loaded'),
          imageWidth: image.naturalWidth,
          imageSrc: image.src,
        };
      });
      await Promise.all(pending);
      return { ...state, responses, pageErrors: pageErrors.map(String) };
    },
    { browser },
  );
}

function only(loaded: Loaded, test: (path: string) => boolean, what: string): Loaded['responses'][number] {
  const matches = loaded.responses.filter((response) => test(response.url.pathname));
  assert.equal(matches.length, 1, `expected one ${what} response, got: ${loaded.responses.map((r) => r.url.href).join(', ')}`);
  return matches[0];
}

describe('flightdeck:cdn end to end, through nginx as the CDN', function () {
  this.timeout(60000);
  let fixture: CdnFixtureApp;
  let browser: Browser;
  const apps: WebAppHarness[] = [];
  const cdns: NginxCdn[] = [];

  before(async () => {
    [fixture, browser] = await Promise.all([buildCdnFixtureApp(), launchChromium()]);
  });

  after(async () => {
    await Promise.all(cdns.map((cdn) => cdn.stop()));
    await Promise.all(apps.map((app) => app.close()));
    await browser?.close();
    await fixture?.remove();
  });

  async function appBehindCdn(): Promise<{ app: WebAppHarness; cdn: NginxCdn }> {
    const app = await createWebApp({ fixtureDir: fixture.dir });
    apps.push(app);
    const cdn = await startNginxCdn({ origin: app.url });
    cdns.push(cdn);
    return { app, cdn };
  }

  describe('with flightdeck:cdn', () => {
    let app: WebAppHarness;
    let cdn: NginxCdn;
    let first: Loaded;

    before(async () => {
      ({ app, cdn } = await appBehindCdn());
      await installCdn({
        WebApp: app.WebApp as unknown as WebAppLike,
        WebAppInternals: app.WebAppInternals as unknown as WebAppInternalsLike,
        runtimeConfig: app.runtimeConfig,
        rootUrl: app.rootUrl,
        settings: { url: cdn.url, cacheBusting: true, notFoundForMissingFiles: true },
      });
      first = await load(browser, app);
    });

    it('loads the page from the app and the JS bundle, the CSS, the font and the image from the CDN', () => {
      const cdnOrigin = new URL(cdn.url).origin;
      const document = only(first, (path) => path === '/', 'page');
      assert.equal(document.url.origin, new URL(app.url).origin);
      const js = only(first, (path) => path.endsWith('.js'), 'script');
      const css = only(first, (path) => path.endsWith('.css'), 'stylesheet');
      const font = only(first, (path) => path === '/fonts/liberation-mono.ttf', 'font');
      const image = only(first, (path) => path === '/img/cats.gif', 'image');
      for (const response of [js, css, font, image]) {
        assert.equal(response.url.origin, cdnOrigin, `${response.url.href} did not come through the CDN`);
        assert.equal(response.status, 200, response.url.href);
        assert.ok(response.cache, `${response.url.href} has no X-Cache-Status: nginx did not answer it`);
      }
      assert.match(image.url.search, /^\?v=[0-9a-f]{12}$/);
      assert.equal(first.imageWidth, 1);
      assert.deepEqual(first.pageErrors, []);
    });

    it('really loads the webfont (document.fonts) from the CDN origin', () => {
      assert.ok(first.fontUsable, `fonts: ${JSON.stringify(first.fonts)}`);
    });

    it('is a cache HIT in nginx for the hashed files on a second load', async () => {
      const second = await load(browser, app);
      assert.ok(second.fontUsable);
      for (const [what, test] of [
        ['script', (path: string) => path.endsWith('.js')],
        ['stylesheet', (path: string) => path.endsWith('.css')],
        ['image', (path: string) => path === '/img/cats.gif'],
      ] as const) {
        assert.equal(only(second, test, what).cache, 'HIT', `${what} was not served from nginx's cache`);
      }
      const log = await cdn.accessLog();
      const imageHits = log.filter((entry) => entry.uri.startsWith('/img/cats.gif?v=') && entry.cache === 'HIT');
      assert.equal(imageHits.length, 1);
    });

    it('makes nginx pass a missing file on as 404 and keep no copy of it', async () => {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${cdn.url}/img/missing.png`);
        assert.equal(response.status, 404);
        assert.notEqual(response.headers.get('x-cache-status'), 'HIT');
      }
    });
  });

  describe('without its CORS handler (the Meteor Guide recipe: only the bundle prefix)', () => {
    it('fails to load the webfont from the CDN', async () => {
      const { app, cdn } = await appBehindCdn();
      await app.WebAppInternals.setBundledJsCssPrefix(cdn.url);
      const loaded = await load(browser, app);
      // nginx (and the app behind it) served the font; the browser refused it for want of CORS headers.
      const fontRequests = (await cdn.accessLog()).filter((entry) => entry.uri === '/fonts/liberation-mono.ttf');
      assert.deepEqual(fontRequests.map((entry) => entry.status), [200]);
      assert.equal(loaded.fontUsable, false);
      assert.ok(loaded.fonts.some((face) => face.family.includes('FixtureMono') && face.status === 'error'), JSON.stringify(loaded.fonts));
    });
  });
});
