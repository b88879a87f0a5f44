// A crawler flood past the render pool: each refused crawler gets the app page (no render), and
// the refusals are counted and reported at most once per 10 s, with the count since the last
// report — never one log line per request. The clock is injected, and the fallback queue is off
// (`fallbackQueueSize: 0`, as past its bound: next() synchronously), so the app page is seen at
// once; the queue has its own spec (prerender-fallback-queue.test.ts).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrerenderMiddleware, type PrerenderMiddleware } from '../../packages/seo/src/server-index.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

interface FakeResponse {
  status?: number;
  body?: unknown;
  headersSent: boolean;
}

function fakeRequest(url: string, userAgent = GOOGLEBOT): IncomingMessage {
  return { method: 'GET', url, headers: { 'user-agent': userAgent, host: 'app.example' } } as unknown as IncomingMessage;
}

function fakeResponse(): FakeResponse & ServerResponse {
  const res: FakeResponse = { headersSent: false };
  return Object.assign(res, {
    setHeader: () => undefined,
    writeHead(status: number) {
      res.status = status;
      res.headersSent = true;
      return res;
    },
    end(body?: unknown) {
      res.body = body;
    },
    destroy: () => undefined,
  }) as unknown as FakeResponse & ServerResponse;
}

describe('prerender proxy past a full render pool', () => {
  let renderer: Server;
  let held: ServerResponse[];
  let middleware: PrerenderMiddleware;
  let clock: number;
  let errors: Error[];

  beforeEach(async () => {
    held = [];
    errors = [];
    clock = 1_000_000;
    // Holds every render until the test ends: the one render keeps the pool full.
    renderer = createServer((_req, res) => held.push(res));
    await new Promise<void>((resolve) => renderer.listen(0, '127.0.0.1', resolve));
    middleware = createPrerenderMiddleware({
      rootUrl: 'https://app.example',
      prerenderServiceUrl: `http://127.0.0.1:${(renderer.address() as AddressInfo).port}/`,
      crawlerUserAgents: ['googlebot'],
      extensionsToIgnore: ['.js'],
      concurrency: 1,
      queueSize: 0,
      fallbackQueueSize: 0,
      queryParams: ['page'],
      timeout: 20_000,
      onError: (error) => errors.push(error),
      now: () => clock,
    });
  });

  afterEach(async () => {
    for (const res of held) res.destroy();
    renderer.closeAllConnections();
    await new Promise<void>((resolve) => renderer.close(() => resolve()));
  });

  /** One crawler request; whether it went on to the app (next) before the call returned. */
  function ask(url: string, userAgent?: string): boolean {
    let nextCalled = false;
    middleware(fakeRequest(url, userAgent), fakeResponse(), () => (nextCalled = true));
    return nextCalled;
  }

  async function heldRenders(count: number): Promise<void> {
    const until = Date.now() + 10_000;
    while (held.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(held.length, count, 'renders the renderer was asked for');
  }

  it('gives each refused crawler the app page at once and reports the refusals once per 10 s, counted', async () => {
    assert.equal(ask('/first?page=0'), false, 'the first crawler waits for its render');
    await heldRenders(1);
    assert.equal(middleware.pool.full, true);

    for (let i = 1; i <= 50; i++) assert.equal(ask(`/flood?page=${i}&utm_source=${i}`), true, `crawler ${i} got the app page at once`);
    assert.equal(errors.length, 1, 'one report for the first refusal, none for the 49 after it');
    assert.match(errors[0].message, /^the render pool is full \(1 rendering, 0 waiting\): 1 crawler request\(s\) got the app page$/);

    clock += 9_999;
    assert.equal(ask('/flood?page=51'), true);
    assert.equal(errors.length, 1, 'still within 10 s of the last report');

    clock += 1;
    assert.equal(ask('/flood?page=52'), true);
    assert.equal(errors.length, 2);
    assert.match(errors[1].message, /: 51 crawler request\(s\) got the app page$/, 'every refusal since the last report is counted');

    // People are never counted, and the pool asked the renderer for nothing more.
    for (let i = 0; i < 20; i++) assert.equal(ask(`/flood?page=p${i}`, SAFARI), true);
    clock += 10_000;
    assert.equal(ask('/flood?page=53'), true);
    assert.match(errors[2].message, /: 1 crawler request\(s\) got the app page$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(held.length, 1);
  });

  it('still serves a cached page, and joins a render under way, while the pool is full', async () => {
    const page = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from('<p>cached</p>') };
    middleware.cache.set('desktop https://app.example/popular', page);
    assert.equal(ask('/first?page=0'), false);
    await heldRenders(1);

    const res = fakeResponse();
    let nextCalled = false;
    middleware(fakeRequest('/popular?utm_source=flood'), res, () => (nextCalled = true));
    assert.equal(nextCalled, false);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, page.body);

    // The same page as the render under way: it waits for that render instead of being refused.
    assert.equal(ask('/first?page=0&utm_source=again'), false);
    assert.equal(errors.length, 0, 'nothing refused');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(held.length, 1, 'one render for both');
  });
});
