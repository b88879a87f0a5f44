// flightdeck:cdn on a Meteor 3 server (the WebApp harness: real Express 4.21 apps in Meteor's order)
// with the fixture app tests/fixtures/cdn/app: what the browser and a CDN get over HTTP.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createAssetUrl, type CdnOptions, type InstalledCdn, type WebAppLike } from '../../packages/cdn/src/index.ts';
import { buildCdnFixtureApp, type CdnFixtureApp } from '../helpers/cdn-fixture-app.ts';
import { installCdnOnHarness } from '../helpers/install-cdn-on-harness.ts';
import { createWebApp, type WebAppHarness, type WebAppHarnessOptions } from '../helpers/webapp-harness.ts';

let fixtureDir: string;
const running: WebAppHarness[] = [];

interface Setup {
  app: WebAppHarness;
  cdn: InstalledCdn;
  warnings: string[];
}

async function setup(settings: CdnOptions, harness: WebAppHarnessOptions = {}, beforeInstall?: (app: WebAppHarness) => void): Promise<Setup> {
  const app = await createWebApp({ fixtureDir: harness.fixtureDir ?? fixtureDir, ...harness });
  running.push(app);
  beforeInstall?.(app);
  const { cdn, warnings } = await installCdnOnHarness(app, { settings: { cacheBusting: true, notFoundForMissingFiles: true, ...settings } });
  return { app, cdn, warnings };
}

async function page(app: WebAppHarness, path = '/', headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(app.url + path, { headers: { accept: 'text/html', ...headers } });
  assert.equal(response.status, 200);
  return response.text();
}

function bundleUrls(html: string): { js: string[]; css: string[] } {
  return {
    js: [...html.matchAll(/<script type="text\/javascript" src="([^"]+)"/g)].map((match) => match[1]),
    css: [...html.matchAll(/<link rel="stylesheet"[^>]* href="([^"]+)"/g)].map((match) => match[1]),
  };
}

function runtimeConfigOf(html: string): Record<string, any> {
  const match = /__meteor_runtime_config__ = JSON\.parse\(decodeURIComponent\(("[^"]*")\)\)/.exec(html);
  assert.ok(match, 'the page has no inline runtime config');
  return JSON.parse(decodeURIComponent(JSON.parse(match[1])));
}

function publicHash(app: WebAppHarness, url: string): string {
  const item = app.manifest.find((entry) => entry.url === url);
  assert.ok(item, `${url} is not in the manifest`);
  return item.hash.slice(0, 12);
}

describe('flightdeck:cdn on a Meteor 3 server', () => {
  // tests/fixtures/cdn/app with its client bundle and a real font (tests/helpers/cdn-fixture-app.ts).
  let fixture: CdnFixtureApp;
  before(async () => {
    fixture = await buildCdnFixtureApp();
    fixtureDir = fixture.dir;
  });
  after(async () => {
    await fixture?.remove();
  });
  const FONT = '/fonts/liberation-mono.ttf';

  afterEach(async () => {
    sinon.restore();
    await Promise.all(running.splice(0).map((app) => app.close()));
  });

  describe('bundles on the CDN', () => {
    it("points the page's script and stylesheet URLs at the CDN", async () => {
      const { app } = await setup({ url: 'https://cdn.example.com/' });
      const { js, css } = bundleUrls(await page(app));
      assert.equal(js.length, 1);
      assert.equal(css.length, 1);
      assert.match(js[0], /^https:\/\/cdn\.example\.com\/[0-9a-f]{40}\.js\?meteor_js_resource=true$/);
      assert.match(css[0], /^https:\/\/cdn\.example\.com\/[0-9a-f]{40}\.css\?meteor_css_resource=true$/);
    });

    it("keeps ROOT_URL's path prefix in the bundle URLs and in assetUrl", async () => {
      const { app, cdn } = await setup({ url: 'https://cdn.example.com' }, { rootUrl: '/app' });
      const { js, css } = bundleUrls(await page(app, '/app/'));
      assert.match(js[0], /^https:\/\/cdn\.example\.com\/app\/[0-9a-f]{40}\.js\?meteor_js_resource=true$/);
      assert.match(css[0], /^https:\/\/cdn\.example\.com\/app\/[0-9a-f]{40}\.css\?/);
      assert.equal(cdn.assetUrl('img/cats.gif'), `https://cdn.example.com/app/img/cats.gif?v=${publicHash(app, '/img/cats.gif')}`);
      // The CDN pulls that path from the origin: the bundle is served there.
      const bundle = await fetch(app.url + new URL(js[0]).pathname + new URL(js[0]).search);
      assert.equal(bundle.status, 200);
    });

    it("awaits Meteor 3's async setBundledJsCssPrefix, called as a method", async () => {
      const app = await createWebApp({ fixtureDir });
      running.push(app);
      const spy = sinon.spy(app.WebAppInternals, 'setBundledJsCssPrefix');
      await installCdnOnHarness(app, { settings: { url: 'https://cdn.example.com/static/' } });
      assert.equal(spy.callCount, 1);
      assert.equal(spy.firstCall.thisValue, app.WebAppInternals);
      assert.deepEqual(spy.firstCall.args, ['https://cdn.example.com/static']);
      await spy.firstCall.returnValue;
      assert.match(bundleUrls(await page(app)).js[0], /^https:\/\/cdn\.example\.com\/static\/[0-9a-f]{40}\.js/);
    });

    it('falls back to the deprecated rawConnectHandlers when rawHandlers is missing', async () => {
      const app = await createWebApp({ fixtureDir });
      running.push(app);
      const { rawHandlers, ...rest } = app.WebApp;
      await installCdnOnHarness(app, {
        WebApp: { ...rest, rawConnectHandlers: rawHandlers, rawHandlers: undefined } as unknown as WebAppLike,
        settings: { url: 'https://cdn.example.com' },
      });
      const font = await fetch(app.url + FONT, { headers: { origin: app.url } });
      assert.equal(font.headers.get('access-control-allow-origin'), app.url);
    });

    it('serves everything from the app, silently, when no CDN is configured', async () => {
      const { app, cdn, warnings } = await setup({}, { rootUrl: '/app' });
      const html = await page(app, '/app/');
      const { js } = bundleUrls(html);
      assert.match(js[0], /^\/app\/[0-9a-f]{40}\.js\?meteor_js_resource=true$/);
      assert.equal(cdn.cdnUrl, null);
      assert.deepEqual(warnings, []);
      assert.equal(cdn.assetUrl('/img/cats.gif'), `/app/img/cats.gif?v=${publicHash(app, '/img/cats.gif')}`);
    });

    it("turns the CDN off, with a warning, when it is on ROOT_URL's own host", async () => {
      const app = await createWebApp({ fixtureDir });
      running.push(app);
      const { cdn, warnings } = await installCdnOnHarness(app, { settings: { url: `${app.url}/` } });
      assert.equal(cdn.cdnUrl, null);
      assert.match(warnings.join('\n'), /public\.cdn\.url .*own host/);
      assert.match(bundleUrls(await page(app)).js[0], /^\/[0-9a-f]{40}\.js/);
    });
  });

  describe('the runtime config', () => {
    it('gives the client the CDN URL and the public/ hashes in the page itself, so its assetUrl agrees with the server', async () => {
      const { app, cdn } = await setup({ url: 'https://cdn.example.com' });
      const config = runtimeConfigOf(await page(app));
      assert.equal(config.flightdeckCdn.url, 'https://cdn.example.com');
      assert.equal(config.flightdeckCdn.hashes['/img/cats.gif'], publicHash(app, '/img/cats.gif'));
      const clientAssetUrl = createAssetUrl({ url: config.flightdeckCdn.url, rootUrlPathPrefix: config.ROOT_URL_PATH_PREFIX, hashes: config.flightdeckCdn.hashes });
      for (const path of ['img/cats.gif', '/img/cats.gif?size=2#top', 'missing.png', 'https://elsewhere.example/a.png']) {
        assert.equal(clientAssetUrl(path), cdn.assetUrl(path));
      }
    });

    it("sends the hashes of the app's public/ files only, not of package assets such as promise.d.ts", async () => {
      const { app } = await setup({ url: 'https://cdn.example.com' }, {}, (harness) => {
        // What Meteor's bundler lists for packages with api.addAssets (promise, typescript...).
        harness.WebApp.clientPrograms['web.browser'].manifest.push(
          { path: 'packages/promise/promise.d.ts', where: 'client', type: 'asset', cacheable: false, url: '/packages/promise/promise.d.ts', size: 10, hash: 'a'.repeat(40), sri: null },
        );
      });
      const { hashes } = runtimeConfigOf(await page(app)).flightdeckCdn;
      assert.deepEqual(Object.keys(hashes).sort(), app.manifest.filter((item) => item.path.startsWith('app/')).map((item) => item.url).sort());
      assert.equal(hashes['/packages/promise/promise.d.ts'], undefined);
    });

    it('sends no hashes when cache busting is off', async () => {
      const { app, cdn } = await setup({ url: 'https://cdn.example.com', cacheBusting: false });
      assert.deepEqual(runtimeConfigOf(await page(app)).flightdeckCdn.hashes, {});
      assert.equal(cdn.assetUrl('img/cats.gif'), 'https://cdn.example.com/img/cats.gif');
    });
  });

  describe('a CDN chosen per request', () => {
    it('serves each page with the host the resolver picks, in its bundle URLs and its runtime config', async () => {
      const { app, cdn } = await setup({ url: 'https://cdn.example.com' });
      cdn.setCdnUrlResolver((request) => {
        const region = request.headers['x-region'];
        if (region === 'eu') return 'https://eu.cdn.example.com/';
        if (region === 'none') return null;
        return undefined;
      });
      const eu = await page(app, '/', { 'x-region': 'eu' });
      assert.match(bundleUrls(eu).js[0], /^https:\/\/eu\.cdn\.example\.com\/[0-9a-f]{40}\.js/);
      assert.match(bundleUrls(eu).css[0], /^https:\/\/eu\.cdn\.example\.com\//);
      assert.equal(runtimeConfigOf(eu).flightdeckCdn.url, 'https://eu.cdn.example.com');

      const none = await page(app, '/', { 'x-region': 'none' });
      assert.match(bundleUrls(none).js[0], /^\/[0-9a-f]{40}\.js/);
      assert.equal(runtimeConfigOf(none).flightdeckCdn.url, null);

      const fallback = await page(app);
      assert.match(bundleUrls(fallback).js[0], /^https:\/\/cdn\.example\.com\//);
      assert.equal(runtimeConfigOf(fallback).flightdeckCdn.url, 'https://cdn.example.com');
      assert.equal(runtimeConfigOf(fallback).flightdeckCdn.hashes['/img/cats.gif'], publicHash(app, '/img/cats.gif'));
    });

    it('never splits a page between two hosts when the resolver picks at random (canary)', async () => {
      const { app, cdn } = await setup({ url: 'https://cdn.example.com' });
      let calls = 0;
      cdn.setCdnUrlResolver(() => (calls++ % 2 === 0 ? 'https://canary.cdn.example.com' : 'https://stable.cdn.example.com'));
      const hosts = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const html = await page(app);
        const host = new URL(bundleUrls(html).js[0]).origin;
        assert.equal(runtimeConfigOf(html).flightdeckCdn.url, host);
        hosts.add(host);
      }
      assert.equal(hosts.size, 2);
    });

    it('answers 500 naming the request when the resolver returns something that is not a URL', async () => {
      const { app, cdn } = await setup({});
      cdn.setCdnUrlResolver(() => 'ftp://cdn.example.com');
      const response = await fetch(`${app.url}/some/page`, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 500);
      assert.match(String(app.errors[0]), /resolver's answer for the request for \/some\/page is unusable: .*http or https/);
    });
  });

  describe('CORS for fonts', () => {
    it('echoes an allowed Origin with Vary: Origin', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com' });
      const response = await fetch(app.url + FONT, { headers: { origin: app.url } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), app.url);
      assert.match(response.headers.get('vary') ?? '', /\bOrigin\b/);
      assert.equal((await response.arrayBuffer()).byteLength > 0, true);
    });

    it('gives a foreign origin no Access-Control-Allow-Origin', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com', corsOrigins: ['https://app.example.com'] });
      const foreign = await fetch(app.url + FONT, { headers: { origin: 'https://evil.example.net' } });
      assert.equal(foreign.status, 200);
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
      assert.match(foreign.headers.get('vary') ?? '', /\bOrigin\b/);
      const listed = await fetch(app.url + FONT, { headers: { origin: 'https://app.example.com' } });
      assert.equal(listed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    });

    it('answers a preflight OPTIONS itself, instead of the app page', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com', corsMaxAge: 600 });
      const preflight = await fetch(app.url + FONT, {
        method: 'OPTIONS',
        headers: { origin: app.url, 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), app.url);
      assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET, HEAD, OPTIONS');
      assert.equal(preflight.headers.get('access-control-allow-headers'), 'range');
      assert.equal(preflight.headers.get('access-control-max-age'), '600');
      const foreign = await fetch(app.url + FONT, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'GET' },
      });
      assert.equal(foreign.status, 204);
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    });

    it('leaves files of other types alone', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com' });
      const image = await fetch(`${app.url}/img/cats.gif`, { headers: { origin: app.url } });
      assert.equal(image.headers.get('access-control-allow-origin'), null);
      assert.equal(image.headers.get('vary'), null);
    });

    it('allows any origin with *, and never with credentials', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com', corsOrigins: ['*'] });
      const response = await fetch(app.url + FONT, { headers: { origin: 'https://anyone.example' } });
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(response.headers.get('access-control-allow-credentials'), null);
      await assert.rejects(setup({ url: 'https://cdn.example.com', corsOrigins: ['*'], corsCredentials: true }), /credentials cannot be allowed for every origin/);
    });

    it('with Subresource Integrity on, adds integrity to the tags and CORS to the bundles, keeping the Vary Meteor sets', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com', subresourceIntegrity: true });
      const html = await page(app);
      assert.match(html, /<script type="text\/javascript" src="https:\/\/cdn\.example\.com\/[0-9a-f]{40}\.js\?meteor_js_resource=true" integrity="sha512-[^"]+" crossorigin="anonymous">/);
      const bundle = new URL(bundleUrls(html).js[0]);
      const response = await fetch(app.url + bundle.pathname + bundle.search, { headers: { origin: app.url } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), app.url);
      const vary = (response.headers.get('vary') ?? '').split(/,\s*/);
      assert.ok(vary.includes('Origin'), `Vary: ${vary.join(', ')}`);
      // Meteor 3.0-3.4 varies hashed bundles on User-Agent; 3.4.1 no longer does (meteor#14122).
      assert.equal(vary.includes('User-Agent'), app.model.release !== '3.4.1', `Vary: ${vary.join(', ')}`);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000');
    });
  });

  describe('cache busting for public/ files', () => {
    it('makes a file requested with its current content hash immutable for a year', async () => {
      const { app, cdn } = await setup({ url: 'https://cdn.example.com' }, { rootUrl: '/app' });
      const url = new URL(cdn.assetUrl('img/cats.gif'));
      const response = await fetch(app.url + url.pathname + url.search);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/gif');
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    });

    it('does not give a hash that is not the current file the long lifetime', async () => {
      const { app } = await setup({});
      const stale = await fetch(`${app.url}/img/cats.gif?v=000000000000`);
      assert.equal(stale.status, 200);
      assert.equal(stale.headers.get('cache-control'), 'no-cache');
      const plain = await fetch(`${app.url}/img/cats.gif`);
      assert.equal(plain.headers.get('cache-control'), 'public, max-age=0');
    });
  });

  describe('cache busting never makes an error immutable', () => {
    it('leaves a 404 outside the ROOT_URL prefix without the long lifetime', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com' }, { rootUrl: '/app' });
      const hash = publicHash(app, '/img/cats.gif');
      const response = await fetch(`${app.url}/img/cats.gif?v=${hash}`);
      assert.equal(response.status, 404);
      assert.notEqual(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    });

    it('gives a 500 for a current hash no-cache, not immutable', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com' }, {}, (harness) => {
        // The manifest names the file, the disk no longer has it: send fails and Meteor answers 500.
        // Every arch's entry: Node's fetch is served the legacy arch, a browser the modern one.
        for (const files of Object.values(harness.WebAppInternals.staticFilesByArch)) {
          const info = files['/img/cats.gif'] as { absolutePath?: string } | undefined;
          if (info) info.absolutePath = `${info.absolutePath}.gone`;
        }
      });
      const response = await fetch(`${app.url}/img/cats.gif?v=${publicHash(app, '/img/cats.gif')}`);
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
    });
  });

  describe('missing files', () => {
    it('answers a missing file with 404 and no-cache, not the app page with 200', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com' });
      const response = await fetch(`${app.url}/img/missing.png`);
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      const body = await response.text();
      assert.doesNotMatch(body, /meteor_js_resource/);
      assert.match(body, /404 Not Found/);
    });

    it('where Meteor alone would answer 200 with the app HTML', async () => {
      const app = await createWebApp({ fixtureDir });
      running.push(app);
      const response = await fetch(`${app.url}/img/missing.png`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /meteor_js_resource/);
    });

    it('still serves the app for a page route opened in a browser, even with a dot in it', async () => {
      const { app } = await setup({ url: 'https://cdn.example.com' }, { rootUrl: '/app' });
      const html = await page(app, '/app/users/jane.doe');
      assert.match(html, /meteor_js_resource/);
      const missing = await fetch(`${app.url}/app/fonts/gone.woff2`);
      assert.equal(missing.status, 404);
    });

    it('can be turned off', async () => {
      const { app } = await setup({ notFoundForMissingFiles: false });
      assert.equal((await fetch(`${app.url}/img/missing.png`)).status, 200);
    });
  });
});
