// flightdeck:cdn on Meteor 3.4+ with the Rspack build stack: a client built by real Rspack, served
// by the WebApp harness the way Meteor's rspack package serves it (tests/helpers/rspack-harness.ts),
// asserted over HTTP. The browser and nginx side is in rspack-end-to-end.test.ts.
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import sinon from 'sinon';
import {
  createRspackHtmlRewrite,
  hasRspack,
  isHashedFileName,
  prefixRspackCssUrls,
  rspackChunkGlobal,
  rspackContexts,
  type CdnOptions,
  type InstalledCdn,
} from '../../packages/cdn/src/index.ts';
import { readFileHead } from '../../packages/cdn/src/lib/read-file-head.ts';
import { installCdnOnHarness } from '../helpers/install-cdn-on-harness.ts';
import { createRspackWebApp, FIXTURE_APP_NAME, rspackFixture, type RspackFixture, type RspackWebAppOptions } from '../helpers/rspack-harness.ts';
import type { WebAppHarness } from '../helpers/webapp-harness.ts';

const CDN = 'https://cdn.example.com';
const running: WebAppHarness[] = [];

interface Setup {
  app: WebAppHarness;
  cdn: InstalledCdn;
  fixture: RspackFixture;
  warnings: string[];
}

/** The harness in Rspack mode with flightdeck:cdn installed as its server glue does (Package.rspack found). */
async function setup(settings: CdnOptions, harness: RspackWebAppOptions = {}): Promise<Setup> {
  const { app, fixture, Package } = await createRspackWebApp(harness);
  running.push(app);
  const { cdn, warnings } = await installCdnOnHarness(app, {
    settings: { cacheBusting: true, notFoundForMissingFiles: true, ...settings },
    rspack: hasRspack(Package) ? rspackContexts({ env: {} }) : null,
    readFileHead,
  });
  return { app, cdn, fixture, warnings };
}

async function bare(harness: RspackWebAppOptions = {}): Promise<{ app: WebAppHarness; fixture: RspackFixture }> {
  const { app, fixture } = await createRspackWebApp(harness);
  running.push(app);
  return { app, fixture };
}

async function page(app: WebAppHarness, path = '/'): Promise<string> {
  const response = await fetch(app.url + path, { headers: { accept: 'text/html' } });
  assert.equal(response.status, 200);
  return response.text();
}

function rspackLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*\/build-(?:chunks|assets)\/[^"]*)"/g)].map((match) => match[1]);
}

const MODERN_BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const LEGACY_BROWSER = 'Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko';

/**
 * Counts how often the Rspack HTML rewrite's pattern runs over some text in this process (its
 * `test` and each step of its `replace` go through `RegExp.prototype.exec`), while installed.
 */
function countRewritePatternRuns(): { count(): number; restore(): void } {
  const exec = RegExp.prototype.exec;
  let runs = 0;
  RegExp.prototype.exec = function (this: RegExp, text: string) {
    if (this.source.includes('(?:build-chunks|build-assets)')) runs += 1;
    return exec.call(this, text);
  };
  return {
    count: () => runs,
    restore: () => {
      RegExp.prototype.exec = exec;
    },
  };
}

function runtimeConfigOf(html: string): Record<string, any> {
  const match = /__meteor_runtime_config__ = JSON\.parse\(decodeURIComponent\(("[^"]*")\)\)/.exec(html);
  assert.ok(match, 'the page has no inline runtime config');
  return JSON.parse(decodeURIComponent(JSON.parse(match[1])));
}

describe('flightdeck:cdn on Meteor 3.4+ with Rspack', function () {
  this.timeout(30000);
  let files: RspackFixture['files'];

  before(async () => {
    ({ files } = await rspackFixture());
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
  });

  describe('the page', () => {
    it("points the stylesheet link HtmlRspackPlugin put in the head at the CDN, keeping ROOT_URL's prefix", async () => {
      const { app } = await setup({ url: CDN }, { rootUrl: '/app' });
      assert.deepEqual(rspackLinks(await page(app, '/app/')), [`${CDN}/app${files.mainCss}`]);
    });

    it('where Meteor alone leaves it on the origin, without the prefix (meteor/meteor#14680, #14523)', async () => {
      const { app } = await bare({ rootUrl: '/app' });
      await app.WebAppInternals.setBundledJsCssPrefix(`${CDN}/app`);
      const html = await page(app, '/app/');
      assert.deepEqual(rspackLinks(html), [files.mainCss]);
      assert.match(html, new RegExp(`src="${CDN}/app/[0-9a-f]{40}\\.js\\?meteor_js_resource=true"`), 'the main bundle does follow the prefix');
    });

    it("does not prefix twice a link Meteor's proposed #14523 fix already prefixed", async () => {
      const { app } = await bare({ rootUrl: '/app' });
      // That fix is a boilerplate data callback of the rspack package, registered at its load, so before ours.
      app.WebAppInternals.registerBoilerplateDataCallback('rspack-root-url-path-prefix', (_request, data) => {
        data.head = data.head.replace(/(href=")(\/build-chunks\/)/g, '$1/app$2');
        return true;
      });
      await installCdnOnHarness(app, {
        settings: { url: CDN, cacheBusting: true },
        rspack: rspackContexts({ env: {} }),
        readFileHead,
      });
      assert.deepEqual(rspackLinks(await page(app, '/app/')), [`${CDN}/app${files.mainCss}`]);
    });

    it('adds one boilerplate data callback for the Rspack rewrite and the missing-file page together (Meteor chains each one through promises on every page)', async () => {
      const { app } = await bare({ rootUrl: '/app' });
      const register = sinon.spy(app.WebAppInternals, 'registerBoilerplateDataCallback');
      await installCdnOnHarness(app, {
        settings: { url: CDN, cacheBusting: true, notFoundForMissingFiles: true },
        rspack: rspackContexts({ env: {} }),
        readFileHead,
      });
      register.restore();
      assert.equal(register.getCalls().filter((call) => call.args[1] !== null).length, 1);
      assert.deepEqual(rspackLinks(await page(app, '/app/')), [`${CDN}/app${files.mainCss}`]);
      const missing = await fetch(`${app.url}/app/images/none.png`);
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get('cache-control'), 'no-cache');
      assert.doesNotMatch(await missing.text(), /build-chunks|meteor_js_resource/);
    });

    it('serves each page with the host a per-request resolver picks, in the Rspack links and the runtime config alike', async () => {
      const { app, cdn } = await setup({ url: CDN });
      cdn.setCdnUrlResolver((request) => (request.headers['x-region'] === 'eu' ? 'https://eu.cdn.example.com' : request.headers['x-region'] === 'none' ? null : undefined));
      const pageFor = async (region: string) => {
        const response = await fetch(`${app.url}/`, { headers: { accept: 'text/html', 'x-region': region } });
        return response.text();
      };
      const eu = await pageFor('eu');
      assert.deepEqual(rspackLinks(eu), [`https://eu.cdn.example.com${files.mainCss}`]);
      assert.equal(runtimeConfigOf(eu).flightdeckCdn.url, 'https://eu.cdn.example.com');
      const none = await pageFor('none');
      assert.deepEqual(rspackLinks(none), [files.mainCss]);
      assert.equal(runtimeConfigOf(none).flightdeckCdn.url, null);
      assert.deepEqual(rspackLinks(await pageFor('us')), [`${CDN}${files.mainCss}`]);
    });

    it('rewrites the page once per boilerplate, not per request: 100 pages for modern and legacy browsers run the rewrite only for the first of each', async () => {
      const { app } = await setup({ url: CDN }, { rootUrl: '/app' });
      const encode = sinon.spy(app.WebApp, 'encodeRuntimeConfig');
      const pageFor = async (userAgent: string) => (await fetch(`${app.url}/app/`, { headers: { accept: 'text/html', 'user-agent': userAgent } })).text();
      const runs = countRewritePatternRuns();
      const pages: string[] = [];
      let afterFirst: number;
      try {
        pages.push(await pageFor(MODERN_BROWSER), await pageFor(LEGACY_BROWSER));
        afterFirst = runs.count();
        for (let i = 2; i < 100; i++) pages.push(await pageFor(i % 2 === 0 ? MODERN_BROWSER : LEGACY_BROWSER));
      } finally {
        runs.restore();
        encode.restore();
      }
      assert.ok(afterFirst > 0, 'the rewrite pattern never ran: it is not the one this test counts any more');
      assert.equal(runs.count() - afterFirst, 0, 'the rewrite ran again for the same boilerplate');
      assert.equal(encode.callCount, 0, 'without a resolver the runtime config is encoded once, with the boilerplate');
      assert.deepEqual([runtimeConfigOf(pages[0]).isModern, runtimeConfigOf(pages[1]).isModern], [true, false], 'both archs were served');
      for (const html of pages) assert.deepEqual(rspackLinks(html), [`${CDN}/app${files.mainCss}`]);
    });

    it('with a per-request resolver, rewrites the page once per host, not per request', async () => {
      const { app, cdn } = await setup({ url: CDN }, { rootUrl: '/app' });
      cdn.setCdnUrlResolver((request) => (request.headers['x-region'] === 'eu' ? 'https://eu.cdn.example.com' : undefined));
      const pageFor = async (region: string) => (await fetch(`${app.url}/app/`, { headers: { accept: 'text/html', 'x-region': region } })).text();
      const runs = countRewritePatternRuns();
      const pages: string[] = [];
      let afterFirst: number;
      try {
        pages.push(await pageFor('eu'), await pageFor('us'));
        afterFirst = runs.count();
        for (let i = 2; i < 100; i++) pages.push(await pageFor(i % 2 === 0 ? 'eu' : 'us'));
      } finally {
        runs.restore();
      }
      assert.ok(afterFirst > 0, 'the rewrite pattern never ran: it is not the one this test counts any more');
      assert.equal(runs.count() - afterFirst, 0, 'the rewrite ran again for a host it had rewritten the page for');
      pages.forEach((html, i) => assert.deepEqual(rspackLinks(html), [`${i % 2 === 0 ? 'https://eu.cdn.example.com' : CDN}/app${files.mainCss}`]));
    });

    it('rewrites the Rspack links of HTML made per request (dynamicHead), and runs the rewrite only for those that have one', async () => {
      const { app } = await bare({ rootUrl: '/app' });
      // A package registered before flightdeck:cdn filling the head per request, as flightdeck:seo and server-render do.
      let served = 0;
      app.WebAppInternals.registerBoilerplateDataCallback('per-request-head', (_request, data) => {
        served += 1;
        data.dynamicHead = served % 10 === 0
          ? `<link rel="preload" as="style" href="/app${files.lazyCss}"><meta name="page" content="${served}">`
          : `<meta name="page" content="${served}">`;
        return true;
      });
      await installCdnOnHarness(app, {
        settings: { url: CDN, cacheBusting: true },
        rspack: rspackContexts({ env: {} }),
        readFileHead,
      });
      const pages: string[] = [];
      const runs = countRewritePatternRuns();
      let afterFirst: number;
      try {
        pages.push(await page(app, '/app/'));
        afterFirst = runs.count();
        for (let i = 1; i < 100; i++) pages.push(await page(app, '/app/'));
      } finally {
        runs.restore();
      }
      // Pages 10, 20... 100 link a chunk in their dynamic head: the pattern runs for those alone
      // (a test and two steps of the replace each), never again for the boilerplate's head.
      assert.equal(runs.count() - afterFirst, 10 * 3);
      pages.forEach((html, i) => {
        const expected = (i + 1) % 10 === 0 ? [`${CDN}/app${files.mainCss}`, `${CDN}/app${files.lazyCss}`] : [`${CDN}/app${files.mainCss}`];
        assert.deepEqual(rspackLinks(html), expected, `page ${i + 1}`);
        assert.match(html, new RegExp(`<meta name="page" content="${i + 1}">`));
      });
    });

    it('stays as Meteor serves it when no CDN is configured', async () => {
      const { app } = await setup({});
      assert.deepEqual(rspackLinks(await page(app)), [files.mainCss]);
    });

    it("gives the client Rspack's chunk loading global, and no cache-busting hashes for Rspack's own hashed files", async () => {
      const { app, warnings } = await setup({ url: CDN });
      const config = runtimeConfigOf(await page(app));
      assert.equal(config.flightdeckCdn.rspackChunkGlobal, `rspackChunk${FIXTURE_APP_NAME.replace(/-/g, '_')}`);
      assert.deepEqual(Object.keys(config.flightdeckCdn.hashes).filter((path) => path.startsWith('/build-')), []);
      assert.deepEqual(warnings, []);
    });
  });

  describe("Rspack's files", () => {
    it('makes hashed chunks, stylesheets and fonts immutable for a year', async () => {
      const { app } = await setup({ url: CDN }, { rootUrl: '/app' });
      for (const path of [files.mainCss, files.lazyJs, files.lazyCss, files.font]) {
        const response = await fetch(`${app.url}/app${path}`);
        assert.equal(response.status, 200, path);
        assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
        await response.arrayBuffer();
      }
    });

    it("where Meteor's rspack package gives them a year without immutable", async () => {
      const { app } = await bare();
      const response = await fetch(`${app.url}${files.lazyJs}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000');
    });

    it('keeps immutable on a revalidation (304) and gives it to nothing else', async () => {
      const { app } = await setup({ url: CDN });
      const first = await fetch(`${app.url}${files.lazyJs}`);
      const etag = first.headers.get('etag');
      assert.ok(etag);
      await first.arrayBuffer();
      // node:http, not fetch: fetch adds Cache-Control: no-cache to a conditional request, which `send` then answers 200.
      const again = await new Promise<IncomingMessage>((resolve, reject) => {
        request(`${app.url}${files.lazyJs}`, { headers: { 'if-none-match': etag } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response));
        }).on('error', reject).end();
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.headers['cache-control'], 'public, max-age=31536000, immutable');
    });

    for (const version of ['registers-on-demand', 'request-local'] as const) {
      it(`answers a missing chunk 404 no-cache, never the app page (rspack_server.js ${version})`, async () => {
        const { app } = await setup({ url: CDN }, { rspackServer: version });
        for (const path of ['/build-chunks/999.0123456789abcdef.js', '/build-assets/0123456789abcdef.woff2', '/build-chunks/%E0%A4%A.js']) {
          const response = await fetch(app.url + path);
          assert.equal(response.status, 404, path);
          assert.equal(response.headers.get('cache-control'), 'no-cache', path);
          assert.doesNotMatch(await response.text(), /meteor_js_resource|<html/i, path);
        }
      });
    }

    it("where Meteor's rspack package answers 500 (registers-on-demand) or 404 no-store (request-local)", async () => {
      const older = await bare({ rspackServer: 'registers-on-demand' });
      const missing = await fetch(`${older.app.url}/build-chunks/999.0123456789abcdef.js`);
      assert.equal(missing.status, 500);
      const newer = await bare({ rspackServer: 'request-local' });
      const gone = await fetch(`${newer.app.url}/build-chunks/999.0123456789abcdef.js`);
      assert.equal(gone.status, 404);
      assert.equal(gone.headers.get('cache-control'), 'no-store');
    });

    it("answers CORS for the chunks (crossOriginLoading, SRI) and the fonts to the app's origin, with Vary: Origin", async () => {
      const { app } = await setup({ url: CDN });
      for (const path of [files.lazyJs, files.lazyCss, files.mainCss, files.font]) {
        const response = await fetch(app.url + path, { headers: { origin: app.url } });
        assert.equal(response.headers.get('access-control-allow-origin'), app.url, path);
        assert.ok((response.headers.get('vary') ?? '').split(/,\s*/).includes('Origin'), path);
        await response.arrayBuffer();
      }
      const foreign = await fetch(app.url + files.lazyJs, { headers: { origin: 'https://evil.example' } });
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    });

    it("gives the stylesheets' font URLs ROOT_URL's prefix, so the font is found under it", async () => {
      const { app } = await setup({ url: CDN }, { rootUrl: '/app' });
      const css = await (await fetch(`${app.url}/app${files.mainCss}`)).text();
      assert.ok(css.includes(`url(/app${files.font})`), css);
      assert.equal((await fetch(`${app.url}/app${files.font}`)).status, 200);
      const { app: alone } = await bare({ rootUrl: '/app' });
      const plain = await (await fetch(`${alone.url}/app${files.mainCss}`)).text();
      assert.ok(plain.includes(`url(${files.font})`), 'Meteor alone serves the unprefixed URL');
      assert.equal((await fetch(alone.url + files.font)).status, 404, 'which webapp answers 404 outside the prefix');
    });
  });

  describe('without Rspack (Meteor 3.0–3.3, or 3.4+ with the classic bundler)', () => {
    it('changes nothing in a page that happens to link /build-chunks/', async () => {
      const { app } = await bare();
      await installCdnOnHarness(app, {
        settings: { url: CDN, cacheBusting: true },
        rspack: hasRspack({ webapp: {} }) ? rspackContexts({ env: {} }) : null,
        readFileHead,
      });
      const html = await page(app);
      assert.deepEqual(rspackLinks(html), [files.mainCss]);
      assert.equal(runtimeConfigOf(html).flightdeckCdn.rspackChunkGlobal, undefined);
      const response = await fetch(app.url + files.lazyJs);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000');
    });
  });
});

describe('the Rspack parts of flightdeck:cdn', () => {
  const contexts = { chunks: 'build-chunks', assets: 'build-assets' };

  it("finds the rspack package in Meteor's Package registry, and nothing else", () => {
    assert.equal(hasRspack({ webapp: {}, rspack: {} }), true);
    assert.equal(hasRspack({ webapp: {} }), false);
    assert.equal(hasRspack(undefined), false);
    assert.equal(hasRspack(Object.create({ rspack: {} })), false);
  });

  it("names the folders as Meteor's rspack constants do: env, METEOR_LOCAL_DIR, test modes", () => {
    assert.deepEqual(rspackContexts({ env: {} }), contexts);
    assert.deepEqual(rspackContexts({ env: { RSPACK_CHUNKS_CONTEXT: 'chunks', RSPACK_ASSETS_CONTEXT: 'media' } }), { chunks: 'chunks', assets: 'media' });
    assert.deepEqual(rspackContexts({ env: { METEOR_LOCAL_DIR: '/srv/app/.meteor/local-ci/' } }), { chunks: 'build-chunks-local-ci', assets: 'build-assets-local-ci' });
    assert.deepEqual(rspackContexts({ env: {}, isTest: true }), { chunks: 'build-chunks-test', assets: 'build-assets-test' });
    assert.deepEqual(rspackContexts({ env: {}, isTest: true, isAppTest: true }), { chunks: 'build-chunks-app-test', assets: 'build-assets-app-test' });
    assert.throws(() => rspackContexts({ env: { RSPACK_CHUNKS_CONTEXT: '../x' } }), /RSPACK_CHUNKS_CONTEXT/);
  });

  it('rewrites src and href into the Rspack folders, quoted either way, and nothing else', () => {
    const html = createRspackHtmlRewrite({ contexts, rootUrlPathPrefix: '/app' });
    const input = [
      '<link rel="preload" as="font" href="/build-assets/ab12cd34ef.woff2" crossorigin>',
      "<script defer src='/build-chunks/1.ab12cd34ef.js'></script>",
      '<link href="/app/build-chunks/main.ab12cd34.css" rel="stylesheet">',
      '<link href="https://other.example/build-chunks/x.css" rel="stylesheet">',
      '<a href="/build-chunksX/y.js">a</a><p>/build-chunks/ in text</p><img data-src="/build-assets/z.png">',
    ].join('\n');
    const base = `${CDN}/app`;
    assert.equal(html.rewrite(input, base), [
      `<link rel="preload" as="font" href="${base}/build-assets/ab12cd34ef.woff2" crossorigin>`,
      `<script defer src='${base}/build-chunks/1.ab12cd34ef.js'></script>`,
      `<link href="${base}/build-chunks/main.ab12cd34.css" rel="stylesheet">`,
      '<link href="https://other.example/build-chunks/x.css" rel="stylesheet">',
      '<a href="/build-chunksX/y.js">a</a><p>/build-chunks/ in text</p><img data-src="/build-assets/z.png">',
    ].join('\n'));
    assert.equal(html.rewrite(input, base), html.rewrite(input, base));
    assert.equal(html.rewriteDynamic(input, base), html.rewrite(input, base));
    assert.equal(html.rewrite('<p>no links</p>', base), '<p>no links</p>');
    assert.equal(html.rewriteDynamic('<p>no links</p>', base), '<p>no links</p>');
  });

  it('takes the attribute name in any case and the path as Meteor serves it, case and all', () => {
    const html = createRspackHtmlRewrite({ contexts, rootUrlPathPrefix: '' });
    const input = '<LINK HREF="/build-chunks/a.ab12cd34.css"><SCRIPT Src="/build-assets/b.ab12cd34.js"></SCRIPT><link href="/BUILD-CHUNKS/c.ab12cd34.css">';
    const expected = `<LINK HREF="${CDN}/build-chunks/a.ab12cd34.css"><SCRIPT Src="${CDN}/build-assets/b.ab12cd34.js"></SCRIPT><link href="/BUILD-CHUNKS/c.ab12cd34.css">`;
    assert.equal(html.rewrite(input, CDN), expected);
    assert.equal(html.rewriteDynamic(input, CDN), expected);
  });

  it('keeps a CDN URL with $ signs literal', () => {
    const html = createRspackHtmlRewrite({ contexts, rootUrlPathPrefix: '' });
    assert.equal(html.rewrite('<link href="/build-chunks/a.ab12cd34.css">', 'https://c.example/$&$1'), '<link href="https://c.example/$&$1/build-chunks/a.ab12cd34.css">');
  });

  it('reads the chunk loading global from a real chunk of Rspack 2 and 1.7, minified or not, and refuses other starts', async () => {
    const { readFile } = await import('node:fs/promises');
    const name = FIXTURE_APP_NAME.replace(/-/g, '_');
    for (const [variant, prefix] of [['plain', 'rspackChunk'], ['rspack1', 'webpackChunk']] as const) {
      const fixture = await rspackFixture(variant);
      const source = await readFile(`${fixture.dir}/public${fixture.files.lazyJs}`, 'utf8');
      assert.equal(rspackChunkGlobal(source), prefix + name, `${variant} (Rspack ${fixture.rspackVersion})`);
    }
    assert.equal(rspackChunkGlobal('"use strict";\n(self["webpackChunkmy_app"] = self["webpackChunkmy_app"] || []).push([[1], {}]);'), 'webpackChunkmy_app');
    assert.equal(rspackChunkGlobal('/*! banner */\n(globalThis.rspackChunk=globalThis.rspackChunk||[]).push([[2],{}])'), 'rspackChunk');
    assert.equal(rspackChunkGlobal('console.log(1); (self.x = self.x || []).push([])'), null);
    assert.equal(rspackChunkGlobal(''), null);
  });

  it('tells hashed output names from development ones', () => {
    for (const name of ['1.76204c4d980676e2.js', 'main.1dda8da9731e5abc.css', '1920bfb426753b1d.ttf', 'main.1dda8da9.css.map']) assert.equal(isHashedFileName(name), true, name);
    for (const name of ['main.css', '1.js', 'client-rspack.js', 'logo.png', 'deadbeef']) assert.equal(isHashedFileName(name), false, name);
  });

  it("prefixes the stylesheets' root-relative URLs into the Rspack folders, and only those", () => {
    const css = 'a{src:url(/build-assets/1.ttf)}b{background:url("/build-assets/2.png")}c{x:url(\'/build-chunks/3.css\')}d{x:url(/img/4.png)}e{x:url(/app/build-assets/5.ttf)}';
    assert.equal(prefixRspackCssUrls(css, '/app', contexts), 'a{src:url(/app/build-assets/1.ttf)}b{background:url("/app/build-assets/2.png")}c{x:url(\'/app/build-chunks/3.css\')}d{x:url(/img/4.png)}e{x:url(/app/build-assets/5.ttf)}');
    assert.equal(prefixRspackCssUrls(css, '', contexts), css);
  });
});
