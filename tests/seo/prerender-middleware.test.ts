// flightdeck:seo's prerender proxy on the WebApp harness, in front of a scripted renderer: a real
// HTTP server that records what it is asked and answers as each test says.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';
import { freePort } from '../helpers/free-port.ts';
import { installSeo, ServerHeadRoutes, seoServerOptions, type InstalledSeo } from '../../packages/seo/src/server-index.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const APP_PAGE = /<div id="app"><\/div>/;

type Script = (req: IncomingMessage, res: ServerResponse) => void;

interface ScriptedRenderer {
  url: string;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  answer: Script;
  close(): Promise<void>;
}

async function startRenderer(): Promise<ScriptedRenderer> {
  const port = await freePort();
  const renderer: ScriptedRenderer = {
    url: `http://127.0.0.1:${port}/`,
    requests: [],
    answer: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><head><title>rendered</title></head><body>rendered</body></html>');
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((req, res) => {
    renderer.requests.push({ url: req.url ?? '', headers: req.headers });
    renderer.answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return renderer;
}

function get(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('prerender proxy (scripted renderer)', () => {
  let renderer: ScriptedRenderer;
  let app: WebAppHarness;
  let installed: InstalledSeo;
  const errors: Error[] = [];

  async function setup(extra: { timeout?: number; token?: string; forwardHeaders?: boolean; serviceUrl?: string; rootUrl?: string; protocol?: 'http' | 'https' } = {}) {
    renderer = await startRenderer();
    app = await createWebApp(extra.rootUrl ? { rootUrl: extra.rootUrl } : {});
    const options = seoServerOptions(
      {
        PrerenderIO: { serviceUrl: extra.serviceUrl ?? renderer.url, token: extra.token, forwardHeaders: extra.forwardHeaders, protocol: extra.protocol },
        seo: { prerender: { timeout: extra.timeout ?? 2000 } },
      },
      { ROOT_URL: app.rootUrl, NODE_ENV: 'production' },
    );
    installed = installSeo({
      ...options,
      WebApp: app.WebApp,
      WebAppInternals: app.WebAppInternals,
      routes: new ServerHeadRoutes(),
      sitemap: () => undefined,
      onError: (error) => errors.push(error),
    });
  }

  beforeEach(async () => {
    errors.length = 0;
    await setup();
  });

  afterEach(async () => {
    await app.close();
    await renderer.close();
  });

  it('sends the crawler request to the configured service, not to prerender.io', async () => {
    const response = await get(`${app.url}/posts/1?x=1`, { 'user-agent': GOOGLEBOT });
    assert.equal(response.status, 200);
    assert.match(response.body, /<body>rendered<\/body>/);
    assert.equal(renderer.requests.length, 1);
    assert.equal(renderer.requests[0].url, `/${new URL(app.rootUrl).origin}/posts/1?x=1`);
    assert.equal(renderer.requests[0].headers['user-agent'], GOOGLEBOT);
  });

  it('builds the renderer URL from ROOT_URL, never from a spoofed Host or X-Forwarded-Host', async () => {
    await get(`${app.url}/about`, { 'user-agent': GOOGLEBOT, host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    assert.equal(renderer.requests.length, 1);
    const asked = renderer.requests[0].url;
    assert.equal(asked, `/${new URL(app.rootUrl).origin}/about`);
    assert.doesNotMatch(asked, /evil/);
    assert.equal(renderer.requests[0].headers['x-forwarded-host'], undefined);
  });

  it('keeps the ROOT_URL path prefix, and PrerenderIO.protocol, in the URL sent to the renderer', async () => {
    await app.close();
    await renderer.close();
    await setup({ rootUrl: '/app', protocol: 'https' });
    await get(`${app.url}/app/posts/1`, { 'user-agent': GOOGLEBOT });
    assert.equal(renderer.requests[0].url, `/https://${new URL(app.rootUrl).host}/app/posts/1`);
  });

  it('gives a person in Safari the app page without asking the renderer', async () => {
    const response = await get(`${app.url}/posts/1`, { 'user-agent': SAFARI });
    assert.equal(response.status, 200);
    assert.match(response.body, APP_PAGE);
    assert.equal(renderer.requests.length, 0);
  });

  it('never proxies the renderer\'s own request (X-Prerender loop guard)', async () => {
    const response = await get(`${app.url}/posts/1`, { 'user-agent': GOOGLEBOT, 'x-prerender': '1' });
    assert.match(response.body, APP_PAGE);
    assert.equal(renderer.requests.length, 0);
  });

  it('gives the crawler the app page with a 200 when the renderer times out', async () => {
    await app.close();
    await renderer.close();
    await setup({ timeout: 300 });
    renderer.answer = (_req, res) => {
      setTimeout(() => {
        if (!res.destroyed) res.end('too late');
      }, 3000);
    };
    const started = Date.now();
    const response = await get(`${app.url}/slow`, { 'user-agent': GOOGLEBOT });
    assert.equal(response.status, 200);
    assert.match(response.body, APP_PAGE);
    assert.ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms`);
    assert.match(errors[0]?.message ?? '', /within 300 ms/);
  });

  it('gives the crawler the app page when the renderer answers 500, and does not cache the 500', async () => {
    renderer.answer = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('renderer broke');
    };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await get(`${app.url}/posts/9`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.status, 200);
      assert.match(response.body, APP_PAGE);
    }
    assert.equal(renderer.requests.length, 2);
  });

  it('gives the crawler the app page when the renderer refuses the token (401) or rate-limits (429)', async () => {
    let status = 401;
    renderer.answer = (_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('renderer says no');
    };
    for (status of [401, 429]) {
      const response = await get(`${app.url}/posts/${status}`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.status, 200);
      assert.match(response.body, APP_PAGE);
    }
    assert.equal(installed.prerender?.cache.size, 0);
  });

  it('renders a page once for crawlers asking for it at the same time', async () => {
    renderer.answer = (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<p>rendered once</p>');
      }, 100);
    };
    const responses = await Promise.all(Array.from({ length: 5 }, () => get(`${app.url}/popular`, { 'user-agent': GOOGLEBOT })));
    assert.deepEqual(responses.map((response) => response.body), Array(5).fill('<p>rendered once</p>'));
    assert.equal(renderer.requests.length, 1);
  });

  it('gives the crawler the app page when nothing listens at the service URL', async () => {
    const closedPort = await freePort();
    await app.close();
    await renderer.close();
    await setup({ serviceUrl: `http://127.0.0.1:${closedPort}/` });
    const response = await get(`${app.url}/posts/1`, { 'user-agent': GOOGLEBOT });
    assert.equal(response.status, 200);
    assert.match(response.body, APP_PAGE);
    assert.match(errors[0]?.message ?? '', /ECONNREFUSED/);
  });

  it('keeps multi-byte text intact when the renderer splits characters across chunks', async () => {
    const bytes = Buffer.from('<html><body>café ✓ 日本語 🚀</body></html>', 'utf8');
    renderer.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // One byte at a time: every multi-byte character is split.
      let at = 0;
      const tick = () => {
        if (at >= bytes.length) return res.end();
        res.write(bytes.subarray(at, at + 1));
        at += 1;
        setImmediate(tick);
      };
      tick();
    };
    const response = await get(`${app.url}/utf8`, { 'user-agent': GOOGLEBOT });
    assert.equal(response.body, '<html><body>café ✓ 日本語 🚀</body></html>');
  });

  it('keeps multi-byte text intact through a gzipped answer split mid-character', async () => {
    const gzipped = gzipSync(Buffer.from('<p>Ünïcödé — 中文 ✓</p>', 'utf8'));
    renderer.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.write(gzipped.subarray(0, 7));
      setTimeout(() => res.end(gzipped.subarray(7)), 20);
    };
    const response = await get(`${app.url}/gz`, { 'user-agent': GOOGLEBOT });
    assert.equal(response.body, '<p>Ünïcödé — 中文 ✓</p>');
    assert.equal(response.headers['content-encoding'], undefined);
  });

  it('answers a second crawler request from the cache: the renderer saw one request', async () => {
    const first = await get(`${app.url}/posts/1`, { 'user-agent': GOOGLEBOT });
    const second = await get(`${app.url}/posts/1`, { 'user-agent': 'Mozilla/5.0 (compatible; bingbot/2.0)' });
    assert.equal(first.headers['x-prerender-cache'], 'miss');
    assert.equal(second.headers['x-prerender-cache'], 'hit');
    assert.equal(second.body, first.body);
    assert.equal(renderer.requests.length, 1);
    assert.equal(installed.prerender?.cache.size, 1);
  });

  it('never passes on or caches a cookie the renderer\'s browser was given', async () => {
    renderer.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'session=headless; Path=/', 'x-page': 'kept' });
      res.end('<p>page</p>');
    };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await get(`${app.url}/with-cookie`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.headers['set-cookie'], undefined);
      assert.equal(response.headers['x-page'], 'kept');
    }
  });

  it('caches a 301 with its Location', async () => {
    renderer.answer = (_req, res) => {
      res.writeHead(301, { location: 'https://flightdeck.example/new', 'content-type': 'text/html' });
      res.end('moved');
    };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await get(`${app.url}/old`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.status, 301);
      assert.equal(response.headers.location, 'https://flightdeck.example/new');
    }
    assert.equal(renderer.requests.length, 1);
  });

  it('sends the token, and with forwardHeaders never forwards cookies or the Host', async () => {
    await app.close();
    await renderer.close();
    await setup({ token: 'tok_123', forwardHeaders: true });
    await get(`${app.url}/posts/1`, { 'user-agent': GOOGLEBOT, cookie: 'session=secret', 'accept-language': 'fr' });
    const headers = renderer.requests[0].headers;
    assert.equal(headers['x-prerender-token'], 'tok_123');
    assert.equal(headers['accept-language'], 'fr');
    assert.equal(headers.cookie, undefined);
    assert.equal(headers.host, new URL(renderer.url).host);
  });

  it('answers HEAD from a crawler with the status and no body', async () => {
    const response = await get(`${app.url}/posts/1`, { 'user-agent': GOOGLEBOT }, 'HEAD');
    assert.equal(response.status, 200);
    assert.equal(response.body, '');
    assert.equal(renderer.requests.length, 1);
  });

  it('never prerenders files: a crawler asking for a bundle or an image gets the file', async () => {
    const response = await get(`${app.url}/cats.gif`, { 'user-agent': GOOGLEBOT });
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'image/gif');
    assert.equal(renderer.requests.length, 0);
  });
});
