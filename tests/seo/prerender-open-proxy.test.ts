// The crawler path is not an open proxy: whatever request target a "crawler" sends, the real
// prerender server (Chromium) is only ever asked for a page under ROOT_URL, and an internal server
// on another port is never reached. Every probe here made the renderer fetch the internal URL
// before the renderer URL was built from `new URL(req.url, ROOT_URL)` and sent without re-parsing.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';
import { freePort } from '../helpers/free-port.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.ts';
import { startPrerenderServer, QUICK_RENDER_ENV, type PrerenderServerHandle } from '../helpers/prerender-server.ts';
import { installSeo, ServerHeadRoutes, seoServerOptions } from '../../packages/seo/src/server-index.ts';
import { startFlightdeckStack } from '../helpers/flightdeck-stack.ts';
import { startNginxCdn, type NginxCdn } from '../helpers/nginx-cdn.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const SECRET = 'INTERNAL-SECRET-42';
const TOKEN = 'prerender-io-token-must-stay-home';

interface SecretServer {
  port: number;
  hits: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function startSecretServer(): Promise<SecretServer> {
  const port = await freePort();
  const hits: SecretServer['hits'] = [];
  const server: Server = createServer((req, res) => {
    hits.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<html><body>${SECRET}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const portOf = (harness: WebAppHarness) => Number(new URL(harness.url).port);

/** At most as many probes at once as the app's render pool renders (4): none is answered busy. */
const PROBES_AT_ONCE = 4;

/**
 * Runs `probe` for every target, `PROBES_AT_ONCE` at a time, and stops starting new ones after the
 * first failure. `inFlight()` names the targets under way with this one, for failure messages: a
 * hit on the internal server cannot be pinned on one of several probes at once.
 */
async function probeConcurrently(targets: string[], probe: (target: string, inFlight: () => string) => Promise<void>): Promise<void> {
  const running = new Set<string>();
  const inFlight = () => [...running].map((target) => JSON.stringify(target)).join(', ');
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(PROBES_AT_ONCE, targets.length) }, async () => {
      while (!failed && next < targets.length) {
        const target = targets[next++];
        running.add(target);
        try {
          await probe(target, inFlight);
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          running.delete(target);
        }
      }
    }),
  );
}

/** The page URL the prerender server renders for a request target (its util.getUrl: strip the slash, decode once). */
function renderedPageUrl(target: string): string {
  const url = target.replace(/^\//, '');
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

describe('the crawler path is not an open proxy (real prerender server)', function () {
  this.timeout(120000);
  let renderer: PrerenderServerHandle;
  let proxy: RecordingProxy;
  let secret: SecretServer;
  let app: WebAppHarness;
  let prefixed: WebAppHarness;
  let forwarding: WebAppHarness;

  function install(target: WebAppHarness, forwardHeaders = false) {
    const options = seoServerOptions(
      { PrerenderIO: { serviceUrl: proxy.url, token: TOKEN, forwardHeaders }, seo: { indexable: true, prerender: { timeout: 20000 } } },
      { ROOT_URL: target.rootUrl, NODE_ENV: 'production' },
    );
    installSeo({ ...options, WebApp: target.WebApp, WebAppInternals: target.WebAppInternals, routes: new ServerHeadRoutes(), sitemap: () => undefined });
  }

  before(async () => {
    secret = await startSecretServer();
    renderer = await startPrerenderServer({ env: { PRERENDER_CACHE_SIZE: '0', ...QUICK_RENDER_ENV } });
    proxy = await startRecordingProxy(renderer.port);
    // The app page says it is ready at once, as an app whose data arrived would.
    const ready = ['window.prerenderReady = true;'];
    app = await createWebApp({ clientScripts: ready });
    prefixed = await createWebApp({ rootUrl: '/app', clientScripts: ready });
    forwarding = await createWebApp({ clientScripts: ready });
    install(app);
    install(prefixed);
    install(forwarding, true);
  });

  after(async () => {
    await app?.close();
    await prefixed?.close();
    await forwarding?.close();
    await proxy?.close();
    await renderer?.stop();
    await secret?.close();
  });

  /** Every renderer request since `from` (an index into the recording proxy's) was for one of the harness's pages. */
  function assertOnlyOurPagesWereAsked(harness: WebAppHarness, from = 0) {
    const origin = new URL(harness.rootUrl).origin;
    for (const asked of proxy.requests.slice(from)) {
      const page = renderedPageUrl(asked.url);
      assert.ok(page.startsWith(`${origin}/`), `the renderer was asked for ${page} (request target ${asked.url})`);
      assert.doesNotMatch(asked.url, /^\/render\b/);
    }
  }

  it('renders a crawler\'s page through the proxy (the probes below reach a working renderer)', async () => {
    const response = await rawRequest(portOf(app), '/posts/1', { 'user-agent': GOOGLEBOT });
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-prerender-cache'], 'miss');
    assert.match(response.text, /<div id="app">/);
    assert.equal(proxy.requests.at(-1)?.headers['x-prerender-token'], TOKEN);
  });

  const probes = (s: string): string[] => [
    `/%2e%2e/%2e%2e/%2e%2e/http://${s}/secret`,
    `/%2E%2E/%2E%2E/%2E%2E/http://${s}/secret`,
    `/../../../http://${s}/secret`,
    `/.%2e/.%2e/.%2e/http://${s}/secret`,
    `/%2e./%2e./http://${s}/secret`,
    `/..%2F..%2F..%2Fhttp:%2F%2F${s}%2Fsecret`,
    `/..%2f..%2f..%2fhttp://${s}/secret`,
    `/%2e%2e%2f%2e%2e%2fhttp%3a%2f%2f${s}%2fsecret`,
    `/a/b/../../../../http://${s}/secret`,
    `/./../.././http://${s}/secret`,
    `/..;/..;/http://${s}/secret`,
    `/../../../render?url=http://${s}/secret&javascript=document.body.innerHTML%3D%22JS-RAN%22`,
    `/../../../render?url=http%3A%2F%2F${s}%2Fsecret&renderType=png`,
    `/%2e%2e/render?url=http://${s}/secret&renderType=jpeg`,
    `http://${s}/secret`,
    `https://${s}/secret`,
    `//${s}/secret`,
    `///${s}/secret`,
    `/\\${s}/secret`,
    `/\\\\${s}/secret`,
    `/..\\..\\..\\http://${s}/secret`,
    `/%5C%5C${s}/secret`,
    `/%2F%2F${s}/secret`,
    `/http://${s}/secret`,
    `/%00/../http://${s}/secret`,
    `/@${s}/secret`,
  ];

  it('never makes the renderer fetch another host, whatever the request target', async () => {
    await probeConcurrently(probes(`127.0.0.1:${secret.port}`), async (target, inFlight) => {
      const response = await rawRequest(portOf(app), target, { 'user-agent': GOOGLEBOT }).catch((error: Error) => ({ status: 0, text: error.message, headers: {} as Record<string, string> }));
      assert.notEqual(response.status, 500, target);
      assert.doesNotMatch(response.text, new RegExp(SECRET), target);
      assert.doesNotMatch(response.text, /JS-RAN/, target);
      assert.notEqual(response.headers['content-type'], 'image/png', target);
      assert.notEqual(response.headers['content-type'], 'image/jpeg', target);
      assert.deepEqual(secret.hits, [], `one of ${inFlight()} reached the internal server`);
    });
    assert.deepEqual(secret.hits, []);
    assertOnlyOurPagesWereAsked(app);
    assert.doesNotMatch(renderer.output(), new RegExp(`getting https?://127\\.0\\.0\\.1:${secret.port}`));
  });

  it('never sends the prerender token anywhere but the service, and only for ROOT_URL pages', async () => {
    for (const target of probes(`127.0.0.1:${secret.port}`).slice(0, 6)) await rawRequest(portOf(app), target, { 'user-agent': GOOGLEBOT }).catch(() => undefined);
    assert.ok(secret.hits.every((hit) => hit.headers['x-prerender-token'] === undefined));
    assertOnlyOurPagesWereAsked(app);
  });

  it('refuses a target that leaves the ROOT_URL path prefix, with dot segments or without', async () => {
    const before = proxy.requests.length;
    await probeConcurrently(['/app/../http://127.0.0.1/secret', '/app/%2e%2e/other', '/other/page', '/application', `/app/..%2F..%2Fhttp:%2F%2F127.0.0.1:${secret.port}%2Fsecret`], async (target) => {
      const response = await rawRequest(portOf(prefixed), target, { 'user-agent': GOOGLEBOT });
      assert.notEqual(response.status, 500, target);
      assert.doesNotMatch(response.text, new RegExp(SECRET), target);
      if (!target.includes('%2F')) assert.equal(response.headers['x-prerender-cache'], undefined, target);
    });
    for (const asked of proxy.requests.slice(before)) {
      assert.ok(renderedPageUrl(asked.url).startsWith(`${new URL(prefixed.rootUrl).origin}/app/`), asked.url);
    }
    assert.deepEqual(secret.hits, []);
  });

  it('still renders pages under the prefix', async () => {
    const response = await rawRequest(portOf(prefixed), '/app/posts/2', { 'user-agent': GOOGLEBOT });
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-prerender-cache'], 'miss');
    assert.ok(renderedPageUrl(proxy.requests.at(-1)?.url ?? '').startsWith(`${new URL(prefixed.rootUrl).origin}/app/posts/2`));
  });

  it('with forwardHeaders, a crawler\'s If-None-Match or Range never reaches the renderer nor poisons the cache', async () => {
    // The real renderer answered `If-None-Match: *` with a 304 and `Range` with a 206, and both were
    // cached for every crawler after.
    const first = await rawRequest(portOf(forwarding), '/posts/7', { 'user-agent': GOOGLEBOT, 'if-none-match': '*', range: 'bytes=0-10', 'if-modified-since': 'Sat, 01 Jan 2000 00:00:00 GMT', 'accept-language': 'fr' });
    assert.equal(first.status, 200);
    assert.match(first.text, /<div id="app">/);
    const asked = proxy.requests.at(-1);
    assert.equal(asked?.headers['if-none-match'], undefined);
    assert.equal(asked?.headers.range, undefined);
    assert.equal(asked?.headers['accept-language'], 'fr');
    const second = await rawRequest(portOf(forwarding), '/posts/7', { 'user-agent': GOOGLEBOT });
    assert.equal(second.status, 200);
    assert.equal(second.headers['x-prerender-cache'], 'hit');
    assert.match(second.text, /<div id="app">/);
  });

  // nginx in front normalises before we see the target, and differently by proxy_pass: without
  // a URI part it passes the target as the client sent it (`%2F` stays `%2F`); with one (`/`, or
  // `/app/` under `location /app/`) it percent-decodes, resolves dot segments and merges slashes
  // first, so `/a/b/c/..%2F..%2F..%2Fhttp:%2F%2Fhost%2Fsecret` arrives as `/http:/host/secret`.
  // Targets that climb above its root it refuses itself (400); the deep ones below do not climb.
  describe('behind nginx', () => {
    const throughNginx = (s: string): string[] => [
      ...probes(s),
      `/a/b/c/..%2F..%2F..%2Fhttp:%2F%2F${s}%2Fsecret`,
      `/a/b/c/d/%2e%2e%2f%2e%2e%2f%2e%2e%2fhttp%3a%2f%2f${s}%2fsecret`,
      `/a/b/c/%2e%2e/%2e%2e/http://${s}/secret`,
      `/a/b/c/..%5C..%5C..%5Chttp:%5C%5C${s}%5Csecret`,
      `/a/b/c/%252e%252e/%252e%252e/http:%252F%252F${s}/secret`,
      `/a/b/c/..%2F..%2F..%2Frender?url=http://${s}/secret&javascript=document.body.innerHTML%3D%22JS-RAN%22`,
      `/%2F%2F${s}/secret`,
      `/%2F/${s}/secret`,
      `/%2F%2F${s}%2Fsecret?x=%2F%2e%2e%2F`,
    ];

    async function probeThrough(nginx: NginxCdn, targets: string[]): Promise<number> {
      let reachedTheApp = 0;
      await probeConcurrently(targets, async (target, inFlight) => {
        const response = await rawRequest(nginx.port, target, { 'user-agent': GOOGLEBOT }).catch((error: Error) => ({ status: 0, text: error.message, headers: {} as Record<string, string> }));
        assert.ok(response.status !== 500 && response.status !== 502, `${target}: ${response.status}`);
        assert.doesNotMatch(response.text, new RegExp(SECRET), target);
        assert.doesNotMatch(response.text, /JS-RAN/, target);
        assert.notEqual(response.headers['content-type'], 'image/png', target);
        assert.notEqual(response.headers['content-type'], 'image/jpeg', target);
        assert.deepEqual(secret.hits, [], `one of ${inFlight()} reached the internal server through nginx`);
        if (response.headers['x-prerender-cache'] !== undefined) reachedTheApp += 1;
      });
      assert.deepEqual(secret.hits, []);
      return reachedTheApp;
    }

    for (const { name, proxyPassUri } of [
      { name: 'proxy_pass without a URI part (the target as sent)', proxyPassUri: undefined },
      { name: 'proxy_pass with a URI part (nginx\'s decoded, normalised path)', proxyPassUri: '/' },
    ]) {
      it(`never makes the renderer fetch another host through ${name}`, async () => {
        const nginx = await startNginxCdn({ origin: app.url, proxyPassUri, cache: false });
        try {
          const before = proxy.requests.length;
          const rendered = await probeThrough(nginx, throughNginx(`127.0.0.1:${secret.port}`));
          // Not vacuous: nginx let the `%2F` and deep-path probes through, and each was rendered
          // as a page of ours (or answered from the cache as one).
          assert.ok(rendered >= 5, `${rendered} probes reached the prerender path through nginx: ${await nginx.errorLog()}`);
          assert.ok(proxy.requests.length > before, 'the renderer was asked for pages through nginx');
          assertOnlyOurPagesWereAsked(app, before);
          assert.doesNotMatch(renderer.output(), new RegExp(`getting https?://127\\.0\\.0\\.1:${secret.port}`));
        } finally {
          await nginx.stop();
        }
      });
    }

    it('keeps the ROOT_URL path prefix through `location /app/ { proxy_pass .../app/; }`', async () => {
      const nginx = await startNginxCdn({ origin: prefixed.url, location: '/app/', proxyPassUri: '/app/', cache: false });
      try {
        const before = proxy.requests.length;
        const targets = throughNginx(`127.0.0.1:${secret.port}`).map((target) => (target.startsWith('/') ? `/app${target}` : target));
        const rendered = await probeThrough(nginx, targets);
        assert.ok(rendered >= 5, `${rendered} probes reached the prerender path through nginx`);
        for (const asked of proxy.requests.slice(before)) {
          assert.ok(renderedPageUrl(asked.url).startsWith(`${new URL(prefixed.rootUrl).origin}/app/`), asked.url);
        }
      } finally {
        await nginx.stop();
      }
    });
  });

  it('holds with all four packages composed (settings, cdn, analytics, seo)', async () => {
    const settings = {
      public: { cdn: { url: 'https://cdn.example.com' } },
      seo: { indexable: true, prerender: { timeout: 20000 } },
      PrerenderIO: { serviceUrl: proxy.url, token: TOKEN },
    };
    const composed = await createWebApp({ clientScripts: ['window.prerenderReady = true;'], publicSettings: settings.public });
    const stack = await startFlightdeckStack({ app: composed, settings, env: { NODE_ENV: 'development' } });
    try {
      const before = proxy.requests.length;
      await probeConcurrently(probes(`127.0.0.1:${secret.port}`).slice(0, 16), async (target) => {
        const response = await rawRequest(portOf(composed), target, { 'user-agent': GOOGLEBOT }).catch((error: Error) => ({ status: 0, text: error.message }));
        assert.notEqual(response.status, 500, target);
        assert.doesNotMatch(response.text, new RegExp(SECRET), target);
      });
      assert.deepEqual(secret.hits, []);
      for (const asked of proxy.requests.slice(before)) assert.ok(renderedPageUrl(asked.url).startsWith(`${new URL(composed.rootUrl).origin}/`), asked.url);
    } finally {
      await stack.stop();
    }
  });
});

