// End to end on Meteor 3.4+'s Rspack build stack: headless Chromium opens the app (the WebApp
// harness in Rspack mode: a client built by real Rspack, served as Meteor's rspack package does),
// with nginx as the CDN in front. The Rspack stylesheet, its webfont, the lazily loaded chunk and
// its CSS must all come through nginx; the control, Meteor's own CDN prefix alone, leaves them on
// the origin.
import assert from 'node:assert/strict';
import type { Browser, Response } from 'playwright-core';
import { hasRspack, installCdn, rspackContexts, type InstalledCdn, type WebAppInternalsLike, type WebAppLike } from '../../packages/cdn/src/index.ts';
import { readFileHead } from '../../packages/cdn/src/lib/read-file-head.ts';
import { launchChromium, withPage } from '../helpers/browser.ts';
import { startNginxCdn, type NginxCdn } from '../helpers/nginx-cdn.ts';
import { createRspackWebApp, rspackFixture, type RspackFixture, type RspackFixtureVariant } from '../helpers/rspack-harness.ts';
import type { WebAppHarness } from '../helpers/webapp-harness.ts';

interface Loaded {
  responses: { url: URL; status: number; cache: string | undefined }[];
  lazy: string;
  color: string;
  border: string;
  fontLoaded: boolean;
  pageErrors: string[];
}

/** Opens the app in a fresh browser context and waits for the lazy chunk and the webfont. */
async function load(browser: Browser, url: string, headers?: Record<string, string>): Promise<Loaded> {
  return withPage(
    async ({ page, pageErrors }) => {
      const responses: Loaded['responses'] = [];
      const pending: Promise<void>[] = [];
      page.on('response', (response: Response) => {
        pending.push(response.allHeaders().then((headers) => {
          responses.push({ url: new URL(response.url()), status: response.status(), cache: headers['x-cache-status'] });
        }));
      });
      await page.goto(url, { waitUntil: 'load' });
      const state = await page.evaluate(async () => {
        const fixture = (window as unknown as { rspackFixture?: { lazy: string; done?: Promise<void> } }).rspackFixture;
        await fixture?.done;
        await document.fonts.load('16px FixtureMono').catch(() => undefined);
        await document.fonts.ready;
        const app = document.getElementById('app') as HTMLElement;
        const style = getComputedStyle(app);
        return {
          lazy: fixture?.lazy ?? 'the entry did not run',
          color: style.color,
          border: style.borderBottomColor,
          fontLoaded: [...document.fonts].some((face) => face.family.includes('FixtureMono') && face.status === 'loaded'),
        };
      });
      await Promise.all(pending);
      return { ...state, responses, pageErrors: pageErrors.map(String) };
    },
    { browser, context: headers ? { extraHTTPHeaders: headers } : undefined },
  );
}

function only(loaded: Loaded, path: string): Loaded['responses'][number] {
  const matches = loaded.responses.filter((response) => response.url.pathname.endsWith(path));
  assert.equal(matches.length, 1, `expected one response for ${path}, got: ${loaded.responses.map((r) => r.url.href).join(', ')}`);
  return matches[0];
}

describe('flightdeck:cdn end to end on Meteor 3.4+ with Rspack, through nginx as the CDN', function () {
  this.timeout(90000);
  let browser: Browser;
  let files: RspackFixture['files'];
  const apps: WebAppHarness[] = [];
  const cdns: NginxCdn[] = [];

  before(async () => {
    let fixture: RspackFixture;
    [fixture, browser] = await Promise.all([rspackFixture(), launchChromium()]);
    files = fixture.files;
  });

  after(async () => {
    await Promise.all(cdns.map((cdn) => cdn.stop()));
    await Promise.all(apps.map((app) => app.close()));
    await browser?.close();
  });

  async function appBehindCdn(rootUrl?: string, withFlightdeck = true, fixture: RspackFixtureVariant = 'plain'): Promise<{ app: WebAppHarness; cdn: NginxCdn; installed?: InstalledCdn }> {
    const { app, Package } = await createRspackWebApp({ rootUrl, fixture });
    apps.push(app);
    const cdn = await startNginxCdn({ origin: app.url });
    cdns.push(cdn);
    let installed: InstalledCdn | undefined;
    if (withFlightdeck) {
      installed = await installCdn({
        WebApp: app.WebApp as unknown as WebAppLike,
        WebAppInternals: app.WebAppInternals as unknown as WebAppInternalsLike,
        runtimeConfig: app.runtimeConfig,
        rootUrl: app.rootUrl,
        settings: { url: cdn.url, cacheBusting: true, notFoundForMissingFiles: true },
        rspack: hasRspack(Package) ? rspackContexts({ env: {} }) : null,
        readFileHead,
      });
    } else {
      // The Meteor Guide recipe: only the bundle prefix.
      await app.WebAppInternals.setBundledJsCssPrefix(cdn.url + String(app.runtimeConfig.ROOT_URL_PATH_PREFIX));
    }
    return { app, cdn, installed };
  }

  function rspackFiles(of: RspackFixture['files'] = files): string[] {
    return [of.mainCss, of.font, of.lazyJs, of.lazyCss];
  }

  // Rspack 1.7 as Meteor 3.5.2 installs it, and Rspack 2 as @meteorjs/rspack 3 (beta) will.
  for (const variant of ['rspack1', 'plain'] as const) describe(`with flightdeck:cdn (${variant === 'rspack1' ? 'Rspack 1.7, @meteorjs/rspack 2.2.0' : 'Rspack 2, @meteorjs/rspack 3.0 beta'})`, () => {
    let app: WebAppHarness;
    let cdn: NginxCdn;
    let first: Loaded;
    let built: RspackFixture['files'];
    const rspackFiles = () => [built.mainCss, built.font, built.lazyJs, built.lazyCss];

    before(async () => {
      built = (await rspackFixture(variant)).files;
      ({ app, cdn } = await appBehindCdn(undefined, true, variant));
      first = await load(browser, `${app.url}/`);
    });

    it('runs the page: the entry, the lazily loaded chunk, both stylesheets and the webfont', () => {
      assert.deepEqual(first.pageErrors, []);
      assert.equal(first.lazy, 'lazy chunk ran');
      assert.equal(first.color, 'rgb(1, 2, 3)');
      assert.equal(first.border, 'rgb(4, 5, 6)');
      assert.ok(first.fontLoaded, 'the webfont did not load');
    });

    it('gets the stylesheet, the font, the lazy chunk and its CSS through nginx', async () => {
      const cdnOrigin = new URL(cdn.url).origin;
      for (const path of rspackFiles()) {
        const response = only(first, path);
        assert.equal(response.url.origin, cdnOrigin, `${response.url.href} did not come through the CDN`);
        assert.equal(response.status, 200, response.url.href);
        assert.ok(response.cache, `${response.url.href} has no X-Cache-Status: nginx did not answer it`);
      }
      const log = await cdn.accessLog();
      for (const path of rspackFiles()) assert.ok(log.some((entry) => entry.uri === path && entry.status === 200), `nginx's access log has no ${path}`);
    });

    it('is a cache HIT in nginx for every Rspack file on the second load', async () => {
      const second = await load(browser, `${app.url}/`);
      assert.equal(second.lazy, 'lazy chunk ran');
      for (const path of rspackFiles()) assert.equal(only(second, path).cache, 'HIT', `${path} was not served from nginx's cache`);
    });

    it('makes nginx pass a missing chunk on as 404 and keep no copy of it', async () => {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${cdn.url}/build-chunks/999.0123456789abcdef.js`);
        assert.equal(response.status, 404);
        assert.notEqual(response.headers.get('x-cache-status'), 'HIT');
        assert.doesNotMatch(await response.text(), /<html/i);
      }
    });
  });

  describe('with a per-request CDN resolver', () => {
    it('loads the lazy chunk from the host the resolver chose for the page: none, then the CDN', async () => {
      const { app, cdn, installed } = await appBehindCdn();
      installed?.setCdnUrlResolver((request) => (request.headers['x-cdn'] === 'off' ? null : undefined));
      const appOrigin = new URL(app.url).origin;
      const direct = await load(browser, `${app.url}/`, { 'x-cdn': 'off' });
      assert.equal(direct.lazy, 'lazy chunk ran');
      for (const path of rspackFiles()) assert.equal(only(direct, path).url.origin, appOrigin, `${path} should come from the app for this page`);
      const viaCdn = await load(browser, `${app.url}/`);
      assert.equal(viaCdn.lazy, 'lazy chunk ran');
      for (const path of rspackFiles()) assert.equal(only(viaCdn, path).url.origin, new URL(cdn.url).origin, `${path} should come from the CDN for this page`);
    });
  });

  describe("without flightdeck:cdn (Meteor's bundle prefix alone: the control)", () => {
    it('loads the stylesheet and the lazy chunk from the origin, not the CDN', async () => {
      const { app, cdn } = await appBehindCdn(undefined, false);
      const loaded = await load(browser, `${app.url}/`);
      assert.equal(loaded.lazy, 'lazy chunk ran');
      const appOrigin = new URL(app.url).origin;
      for (const path of [files.mainCss, files.lazyJs, files.lazyCss]) {
        assert.equal(only(loaded, path).url.origin, appOrigin, `${path} should come from the origin without flightdeck:cdn`);
      }
      const bundle = loaded.responses.find((response) => response.url.search === '?meteor_js_resource=true');
      assert.equal(bundle?.url.origin, new URL(cdn.url).origin, 'the main bundle does follow the prefix');
    });
  });

  describe('with ROOT_URL=http://127.0.0.1:<port>/app', () => {
    let app: WebAppHarness;
    let cdn: NginxCdn;
    let loaded: Loaded;

    before(async () => {
      ({ app, cdn } = await appBehindCdn('/app'));
      loaded = await load(browser, `${app.url}/app/`);
    });

    it('keeps /app in every URL the page loads, and runs', () => {
      assert.deepEqual(loaded.pageErrors, []);
      assert.equal(loaded.lazy, 'lazy chunk ran');
      assert.ok(loaded.fontLoaded, 'the webfont did not load');
      assert.equal(loaded.border, 'rgb(4, 5, 6)');
      for (const response of loaded.responses) {
        assert.ok(response.url.pathname.startsWith('/app/'), `${response.url.href} lost the /app prefix`);
        assert.ok(response.status < 400, `${response.url.href}: ${response.status}`);
      }
    });

    it('gets every Rspack file through nginx under /app', () => {
      const cdnOrigin = new URL(cdn.url).origin;
      for (const path of rspackFiles()) {
        const response = only(loaded, path);
        assert.equal(response.url.origin, cdnOrigin, response.url.href);
        assert.equal(response.url.pathname, `/app${path}`);
      }
    });
  });

  describe("with the public-path bootstrap Meteor's #14637 proposes (the entry sets __webpack_public_path__ = '/app/')", () => {
    it('still loads the lazy chunk and its CSS from the CDN, under /app', async () => {
      const { app, cdn } = await appBehindCdn('/app', true, 'bootstrap');
      const bootstrapFiles = (await rspackFixture('bootstrap')).files;
      const loaded = await load(browser, `${app.url}/app/`);
      assert.deepEqual(loaded.pageErrors, []);
      assert.equal(loaded.lazy, 'lazy chunk ran');
      for (const path of [bootstrapFiles.lazyJs, bootstrapFiles.lazyCss]) {
        const response = only(loaded, path);
        assert.equal(response.url.origin, new URL(cdn.url).origin, response.url.href);
        assert.equal(response.url.pathname, `/app${path}`);
      }
    });
  });
});
