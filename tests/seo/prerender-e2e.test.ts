// The real `prerender` server with Chromium in front of the WebApp harness serving a page whose
// head is set in the browser by flightdeck:seo.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';
import { startPrerenderServer, QUICK_RENDER_ENV, type PrerenderServerHandle } from '../helpers/prerender-server.ts';
import { installSeo, ServerHeadRoutes, seoServerOptions } from '../../packages/seo/src/server-index.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

async function clientBundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '..', 'fixtures', 'seo', 'client-app.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('prerender with the real renderer (Chromium)', function () {
  this.timeout(60000);
  let renderer: PrerenderServerHandle;
  let app: WebAppHarness;

  before(async () => {
    // The page sets prerenderReady once its head is set: the renderer waits for that either way.
    renderer = await startPrerenderServer({ env: { ...QUICK_RENDER_ENV } });
    app = await createWebApp({ clientScripts: [await clientBundle()] });
    const options = seoServerOptions(
      { PrerenderIO: { serviceUrl: renderer.url }, seo: { prerender: { timeout: 15000 } } },
      { ROOT_URL: app.rootUrl, NODE_ENV: 'production' },
    );
    installSeo({ ...options, WebApp: app.WebApp, WebAppInternals: app.WebAppInternals, routes: new ServerHeadRoutes(), sitemap: () => undefined });
    await app.WebAppInternals.generateBoilerplate();
  });

  after(async () => {
    await app?.close();
    await renderer?.stop();
  });

  it('gives Googlebot the HTML with the title, description, canonical, Open Graph and JSON-LD that client code set', async () => {
    const response = await fetch(`${app.url}/posts/1`, { headers: { 'user-agent': GOOGLEBOT } });
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-prerender-cache'), 'miss');
    assert.match(html, /<title>Post 1 — café ✓ · Flightdeck<\/title>/);
    assert.match(html, /<meta name="description" content="A post rendered in the browser" data-seo="meta:name:description">/);
    assert.match(html, /<link rel="canonical" href="https:\/\/flightdeck.example\/posts\/1" data-seo="link:canonical">/);
    assert.match(html, /<meta property="og:type" content="article"/);
    assert.match(html, /<meta property="og:image" content="https:\/\/flightdeck.example\/og.png"/);
    assert.match(html, /"headline":"Post 1 \\u003c\/script\\u003e"/);
    assert.match(html, /Post 1 body: naïve café, 日本語 ✓/);
  });

  it('answers a second crawler request for the same page from the cache', async () => {
    const response = await fetch(`${app.url}/posts/1`, { headers: { 'user-agent': GOOGLEBOT } });
    assert.equal(response.headers.get('x-prerender-cache'), 'hit');
    assert.match(await response.text(), /Post 1 — café ✓/);
    // prerender logs each page it fetches: the renderer saw /posts/1 once.
    assert.equal(renderer.output().split('\n').filter((line) => / getting http:\/\/127\.0\.0\.1:\d+\/posts\/1$/.test(line)).length, 1, renderer.output());
  });

  it('renders ROOT_URL\'s page when the crawler request carries a spoofed Host and X-Forwarded-Host', async () => {
    const html = await new Promise<string>((resolve, reject) => {
      const headers = { 'user-agent': GOOGLEBOT, host: 'evil.example', 'x-forwarded-host': 'evil.example' };
      request(`${app.url}/posts/5`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      })
        .on('error', reject)
        .end();
    });
    // Had the renderer been sent to evil.example, Chromium could not have rendered our post.
    assert.match(html, /<title>Post 5 — café ✓ · Flightdeck<\/title>/);
    assert.doesNotMatch(html, /evil\.example/);
  });

  it('gives Googlebot a 404 with noindex for the not-found route', async () => {
    const response = await fetch(`${app.url}/no-such-page`, { headers: { 'user-agent': GOOGLEBOT } });
    const html = await response.text();
    assert.equal(response.status, 404);
    assert.match(html, /<meta name="robots" content="noindex"/);
    assert.match(html, /Nothing here/);
  });

  it('gives Googlebot a 301 with the Location the page asked for', async () => {
    const response = await fetch(`${app.url}/old`, { headers: { 'user-agent': GOOGLEBOT }, redirect: 'manual' });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), 'https://flightdeck.example/posts/1');
  });

  it('gives a person in Chrome the app page directly, with prerenderReady false in it', async () => {
    const response = await fetch(`${app.url}/posts/2`, { headers: { 'user-agent': CHROME } });
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-prerender-cache'), null);
    assert.match(html, /<div id="app"><\/div>/);
    assert.match(html, /window\.prerenderReady=false/);
  });

  it('gives Googlebot the app page with a 200 once the renderer is stopped', async () => {
    const code = await renderer.stop();
    assert.equal(code, 0);
    const response = await fetch(`${app.url}/posts/3`, { headers: { 'user-agent': GOOGLEBOT } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-prerender-cache'), null);
    assert.match(await response.text(), /<div id="app"><\/div>/);
  });
});
