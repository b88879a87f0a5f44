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

  interface Extra {
    timeout?: number;
    token?: string;
    forwardHeaders?: boolean;
    serviceUrl?: string;
    rootUrl?: string;
    protocol?: 'http' | 'https';
    queryParams?: string[];
    concurrency?: number;
    queueSize?: number;
    maxBodyBytes?: number;
    cacheBytes?: number;
  }
  async function setup(extra: Extra = {}) {
    renderer = await startRenderer();
    app = await createWebApp(extra.rootUrl ? { rootUrl: extra.rootUrl } : {});
    const options = seoServerOptions(
      {
        PrerenderIO: { serviceUrl: extra.serviceUrl ?? renderer.url, token: extra.token, forwardHeaders: extra.forwardHeaders, protocol: extra.protocol },
        seo: { prerender: { timeout: extra.timeout ?? 2000, queryParams: extra.queryParams, concurrency: extra.concurrency, queueSize: extra.queueSize, maxBodyBytes: extra.maxBodyBytes, cacheBytes: extra.cacheBytes } },
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

  async function restart(extra: Extra) {
    await app.close();
    await renderer.close();
    await setup(extra);
  }

  it('sends the crawler request to the configured service, not to prerender.io', async () => {
    await restart({ queryParams: ['x'] });
    const response = await get(`${app.url}/posts/1?x=1&utm_source=mail`, { 'user-agent': GOOGLEBOT });
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
    // The renderer gets what is left of the 300 ms once the pool has started the render (299 when
    // a millisecond passed between the two), never more.
    const within = Number(/within (\d+) ms/.exec(errors[0]?.message ?? '')?.[1]);
    assert.ok(within > 200 && within <= 300, `logged: ${errors[0]?.message}`);
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

  it('drops query parameters the app did not name: a flood of ?utm_* (or _escaped_fragment_) is one render and one cache entry', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await get(`${app.url}/landing?utm_source=s${i}&fbclid=${i}&gclid=x${i}&_escaped_fragment_=f${i}`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.status, 200);
      assert.match(response.body, /rendered/);
    }
    assert.equal(renderer.requests.length, 1);
    assert.equal(renderer.requests[0].url, `/${new URL(app.rootUrl).origin}/landing`);
    assert.equal(installed.prerender?.cache.size, 1);
  });

  it('keeps the query parameters the app names, in one order whatever order the crawler sent', async () => {
    await restart({ queryParams: ['page', 'q'] });
    await get(`${app.url}/search?q=cats&utm_medium=x&page=2`, { 'user-agent': GOOGLEBOT });
    await get(`${app.url}/search?page=2&q=cats`, { 'user-agent': GOOGLEBOT });
    assert.equal(renderer.requests.length, 1);
    assert.equal(renderer.requests[0].url, `/${new URL(app.rootUrl).origin}/search?page=2&q=cats`);
  });

  it('renders at most `concurrency` pages at once, queues a few, and gives the rest the app page at once', async () => {
    await restart({ concurrency: 3, queueSize: 2, queryParams: ['p'], timeout: 20000 });
    let running = 0;
    let most = 0;
    // The renderer holds every page until the test lets go: the crawlers past the queue must have
    // had their answer while the renders were still held (no timing involved).
    const held: ServerResponse[] = [];
    renderer.answer = (_req, res) => {
      running += 1;
      most = Math.max(most, running);
      held.push(res);
    };
    const release = () => {
      for (const res of held.splice(0)) {
        running -= 1;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<p>rendered slowly</p>');
      }
    };
    let answered = 0;
    const pending = Array.from({ length: 30 }, (_, i) => get(`${app.url}/page?p=${i}`, { 'user-agent': GOOGLEBOT }).then((response) => ((answered += 1), response)));
    while (answered < 25) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(answered, 25, 'the crawlers past the queue were answered while every render was held');
    assert.equal(running, 3);
    while (answered < 30) {
      release();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const responses = await Promise.all(pending);
    assert.ok(most <= 3, `${most} renders at once`);
    assert.equal(renderer.requests.length, 5);
    assert.equal(responses.filter((response) => response.body === '<p>rendered slowly</p>').length, 5);
    assert.equal(responses.filter((response) => APP_PAGE.test(response.body)).length, 25);
    for (const response of responses) assert.equal(response.status, 200);
    // The pool reports its overflow once, not once per crawler.
    assert.equal(errors.filter((error) => /render pool is full/.test(error.message)).length, 1);
    assert.equal(installed.prerender?.pool.running, 0);
  });

  it('gives a queued crawler the app page when no slot frees up before the timeout', async () => {
    await restart({ concurrency: 1, queueSize: 5, queryParams: ['p'], timeout: 300 });
    renderer.answer = (_req, res) => {
      setTimeout(() => {
        if (!res.destroyed) res.end('late');
      }, 10000);
    };
    const started = Date.now();
    const responses = await Promise.all([0, 1, 2].map((i) => get(`${app.url}/q?p=${i}`, { 'user-agent': GOOGLEBOT })));
    // At the 300 ms timeout, not the renderer's 10 s (slack for a loaded machine).
    assert.ok(Date.now() - started < 6000, `answered after ${Date.now() - started} ms`);
    for (const response of responses) assert.match(response.body, APP_PAGE);
    assert.equal(renderer.requests.length, 1);
  });

  it('renders the smartphone crawler and the desktop crawler separately', async () => {
    renderer.answer = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(/Mobile/.test(String(req.headers['user-agent'])) ? '<p>mobile layout</p>' : '<p>desktop layout</p>');
    };
    const smartphone = 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.175 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    for (let round = 0; round < 2; round++) {
      assert.equal((await get(`${app.url}/layout`, { 'user-agent': GOOGLEBOT })).body, '<p>desktop layout</p>');
      assert.equal((await get(`${app.url}/layout`, { 'user-agent': smartphone })).body, '<p>mobile layout</p>');
    }
    assert.equal(renderer.requests.length, 2);
    assert.equal(installed.prerender?.cache.size, 2);
  });

  describe('bytes', () => {
    it('gives the crawler the app page for a body over the limit, and caches nothing', async () => {
      const big = Buffer.alloc(6 * 1024 * 1024, 'a');
      renderer.answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(big.length) });
        res.end(big);
      };
      const response = await get(`${app.url}/big`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.status, 200);
      assert.match(response.body, APP_PAGE);
      assert.match(errors[0]?.message ?? '', /over 5242880 bytes/);
      assert.equal(installed.prerender?.cache.size, 0);
    });

    it('stops an endless body at the limit, long before the timeout', async () => {
      await restart({ maxBodyBytes: 256 * 1024, timeout: 30000 });
      let written = 0;
      let closed = false;
      renderer.answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.on('close', () => (closed = true));
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) written += chunk.length;
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      };
      const started = Date.now();
      const response = await get(`${app.url}/endless`, { 'user-agent': GOOGLEBOT });
      assert.match(response.body, APP_PAGE);
      // Long before the 30 s timeout: the limit ended it.
      assert.ok(Date.now() - started < 15000, `answered after ${Date.now() - started} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(closed, 'the renderer connection was closed');
      assert.ok(written < 50 * 1024 * 1024, `${written} bytes written`);
    });

    it('stops a gzip bomb at the decoded limit', async () => {
      await restart({ maxBodyBytes: 1024 * 1024, timeout: 30000 });
      const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
      renderer.answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.end(bomb);
      };
      const before = process.memoryUsage().rss;
      const started = Date.now();
      const response = await get(`${app.url}/bomb`, { 'user-agent': GOOGLEBOT });
      assert.match(response.body, APP_PAGE);
      assert.match(errors[0]?.message ?? '', /decoded/);
      assert.ok(Date.now() - started < 15000, `answered after ${Date.now() - started} ms`);
      assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'the bomb was not inflated');
    });

    it('keeps the cache under its byte bound, dropping the least recently used', async () => {
      await restart({ cacheBytes: 300 * 1024 });
      const body = Buffer.alloc(100 * 1024, 'p');
      renderer.answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(body);
      };
      for (let i = 0; i < 6; i++) await get(`${app.url}/p${i}`, { 'user-agent': GOOGLEBOT });
      assert.ok((installed.prerender?.cache.bytes ?? Infinity) <= 300 * 1024);
      assert.equal(installed.prerender?.cache.size, 2);
      assert.equal((await get(`${app.url}/p5`, { 'user-agent': GOOGLEBOT })).headers['x-prerender-cache'], 'hit');
      assert.equal((await get(`${app.url}/p0`, { 'user-agent': GOOGLEBOT })).headers['x-prerender-cache'], 'miss');
    });
  });

  describe('headers and statuses', () => {
    it('with forwardHeaders forwards only safe headers: never conditional, range, hop-by-hop, proxy or x-prerender-*', async () => {
      await restart({ token: 'ours', forwardHeaders: true });
      await get(`${app.url}/posts/1`, {
        'user-agent': GOOGLEBOT,
        'accept-language': 'fr',
        'if-none-match': '*',
        'if-modified-since': 'Sat, 01 Jan 2000 00:00:00 GMT',
        'if-match': '"x"',
        'if-unmodified-since': 'Sat, 01 Jan 2000 00:00:00 GMT',
        'if-range': '"x"',
        range: 'bytes=0-10',
        'proxy-authorization': 'Basic c2VjcmV0',
        'x-prerender-token': 'theirs',
        'x-prerender-render-type': 'png',
        'x-forwarded-for': '10.0.0.1',
        te: 'trailers',
        'cache-control': 'no-cache',
        'x-custom-anything': 'y',
      });
      const headers = renderer.requests[0].headers;
      assert.equal(headers['accept-language'], 'fr');
      assert.equal(headers['x-prerender-token'], 'ours');
      for (const name of ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range', 'proxy-authorization', 'x-prerender-render-type', 'x-forwarded-for', 'te', 'cache-control', 'x-custom-anything']) {
        assert.equal(headers[name], undefined, name);
      }
    });

    for (const status of [304, 206, 400, 403, 405, 204, 203, 300, 305, 418]) {
      it(`gives the crawler the app page for a renderer ${status}, and never caches it`, async () => {
        renderer.answer = (_req, res) => {
          res.writeHead(status, status === 206 ? { 'content-range': 'bytes 0-1/10', 'content-type': 'text/html' } : { 'content-type': 'text/html' });
          res.end(status === 304 || status === 204 ? undefined : 'renderer body');
        };
        for (let attempt = 0; attempt < 2; attempt++) {
          const response = await get(`${app.url}/s${status}`, { 'user-agent': GOOGLEBOT });
          assert.equal(response.status, 200);
          assert.match(response.body, APP_PAGE);
        }
        assert.equal(renderer.requests.length, 2);
        assert.equal(installed.prerender?.cache.size, 0);
      });
    }

    for (const status of [404, 410, 302, 307, 308]) {
      it(`serves and caches a renderer ${status}`, async () => {
        renderer.answer = (_req, res) => {
          res.writeHead(status, { 'content-type': 'text/html', ...(status < 400 ? { location: 'https://flightdeck.example/x' } : {}) });
          res.end('page');
        };
        for (let attempt = 0; attempt < 2; attempt++) assert.equal((await get(`${app.url}/c${status}`, { 'user-agent': GOOGLEBOT })).status, status);
        assert.equal(renderer.requests.length, 1);
      });
    }

    it('never replays the renderer\'s hop-by-hop, proxy, range or x-prerender-* headers', async () => {
      renderer.answer = (_req, res) => {
        res.writeHead(200, {
          'content-type': 'text/html',
          'x-prerender-requestid': 'abc',
          'proxy-authenticate': 'Basic',
          'accept-ranges': 'bytes',
          connection: 'close, x-hop',
          'x-hop': 'one hop only',
          'x-page': 'kept',
        });
        res.end('<p>page</p>');
      };
      const response = await get(`${app.url}/hop`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.headers['x-page'], 'kept');
      for (const name of ['x-prerender-requestid', 'proxy-authenticate', 'accept-ranges', 'x-hop']) assert.equal(response.headers[name], undefined, name);
    });

    it('a crawler request never gets a 500, and the process survives, when sending the page throws', async () => {
      renderer.answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<p>page</p>');
      };
      // A page whose cached headers Node refuses to write (as a corrupt shared cache could hold).
      installed.prerender?.cache.set(`desktop ${new URL(app.rootUrl).origin}/broken`, { status: 200, headers: { 'bad header name': 'x' }, body: Buffer.from('x') });
      const response = await get(`${app.url}/broken`, { 'user-agent': GOOGLEBOT });
      assert.equal(response.status, 200);
      assert.match(response.body, APP_PAGE);
    });
  });
});
