// The prerender middleware with the shared cache on a real Redis, two "containers" in this
// process, in front of a small counting renderer that answers at once (or after a delay): stale
// pages, the bounded wait for another container's render, the pool's bounds, warming, faults.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRedisServer, type RedisServerHandle } from '../helpers/redis-server.ts';
import { createPrerenderMiddleware, type PrerenderMiddleware, type PrerenderOptions } from '../../packages/seo/src/server-index.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the prerender middleware with a shared cache on a real Redis', function () {
  this.timeout(20000);
  let redis: RedisServerHandle;
  let rendererUrl: string;
  const rendered: string[] = [];
  let delay = 0;
  let version = 1;
  const renderer = createServer((req, res) => {
    rendered.push(req.url ?? '');
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><body>v${version} ${req.url}</body></html>`);
    }, delay);
  });
  const servers: Server[] = [];
  const middlewares: PrerenderMiddleware[] = [];
  const warnings: string[] = [];
  const rootUrl = 'https://app.example';

  /** One container: the middleware on a server of its own; the app answers "app page". */
  async function container(options: Partial<PrerenderOptions> & { prefix: string }): Promise<{ url: string; middleware: PrerenderMiddleware }> {
    const middleware = createPrerenderMiddleware({
      rootUrl,
      prerenderServiceUrl: `${rendererUrl}/`,
      crawlerUserAgents: ['googlebot', 'flightdeck-prerender-warm'],
      extensionsToIgnore: ['.js'],
      timeout: 2000,
      redis: { url: redis.url, keyPrefix: options.prefix },
      onWarning: (message) => warnings.push(message),
      ...options,
    });
    const server = createServer((req, res) => middleware(req, res, () => res.end('app page')));
    servers.push(server);
    middlewares.push(middleware);
    return { url: await listen(server), middleware };
  }

  async function crawl(url: string): Promise<{ status: number; cache: string | null; body: string }> {
    const response = await fetch(url, { headers: { 'user-agent': GOOGLEBOT } });
    return { status: response.status, cache: response.headers.get('x-prerender-cache'), body: await response.text() };
  }

  before(async () => {
    redis = await startRedisServer();
    rendererUrl = await listen(renderer);
  });
  beforeEach(() => {
    delay = 0;
    // Here too, not only at the end of the test that changed it: a failed assertion there must
    // not make every later test read pages of the wrong version.
    version = 1;
  });
  after(async () => {
    await Promise.all(middlewares.map((middleware) => middleware.close()));
    for (const server of servers) server.close();
    renderer.close();
    await redis?.stop();
  });

  it('serves a page past its freshness while one container re-renders it in the background, then the fresh one', async () => {
    const a = await container({ prefix: 'swr:', cacheLifetime: 300 });
    const b = await container({ prefix: 'swr:', cacheLifetime: 300 });
    assert.equal((await crawl(`${a.url}/swr`)).cache, 'miss');
    assert.equal((await crawl(`${b.url}/swr`)).cache, 'shared');
    await sleep(400);
    version = 2;
    const before = rendered.length;
    const stale = await crawl(`${b.url}/swr`);
    assert.equal(stale.cache, 'stale');
    assert.match(stale.body, /v1 /);
    const alsoStale = await crawl(`${a.url}/swr`);
    assert.match(alsoStale.body, /v1 |v2 /);
    await sleep(150);
    assert.equal(rendered.length - before, 1, 'one background re-render for both containers');
    const fresh = await crawl(`${a.url}/swr`);
    assert.match(fresh.body, /v2 /);
    assert.ok(fresh.cache === 'shared' || fresh.cache === 'hit', String(fresh.cache));
    version = 1;
  });

  it('gives a crawler past the full pool the app page from the fallback queue, in a later turn', async () => {
    const drains: (() => void)[] = [];
    const c = await container({ prefix: 'fallback:', concurrency: 1, queueSize: 0, scheduleFallback: (drain) => void drains.push(drain) });
    delay = 1500;
    const slow = crawl(`${c.url}/fallback-slow`);
    while (c.middleware.pool.running === 0) await sleep(5);
    let answered = false;
    const past = crawl(`${c.url}/fallback-past`).then((response) => ((answered = true), response));
    while (c.middleware.fallbacks.size === 0) await sleep(5);
    await sleep(20);
    assert.equal(answered, false, 'held in the queue until its turn');
    while (drains.length > 0) (drains.shift() as () => void)();
    const response = await past;
    assert.equal(response.body, 'app page');
    assert.equal(response.cache, null);
    assert.equal(c.middleware.fallbacks.size, 0);
    assert.equal((await slow).cache, 'miss');
  });

  it('re-renders a stale page only when the render pool has a free slot', async () => {
    const a = await container({ prefix: 'pool:', cacheLifetime: 200, concurrency: 1 });
    assert.equal((await crawl(`${a.url}/busy-stale`)).cache, 'miss');
    await sleep(300);
    delay = 800;
    const holding = crawl(`${a.url}/slow-one`); // takes the only slot
    await sleep(50);
    const before = rendered.length;
    assert.equal((await crawl(`${a.url}/busy-stale`)).cache, 'stale');
    await sleep(100);
    assert.equal(rendered.length, before, 'no background render while the pool is full');
    await holding;
  });

  it('gives the crawler the app page after a bounded wait when another container holds the lock and never delivers', async () => {
    const a = await container({ prefix: 'lock:', timeout: 400 });
    await redis.command('SET', `lock:lock:desktop ${rootUrl}/locked`, 'someone-else', 'PX', '10000');
    const started = Date.now();
    const answer = await crawl(`${a.url}/locked`);
    const waited = Date.now() - started;
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'app page');
    assert.ok(waited >= 380 && waited < 1500, `waited ${waited} ms`);
    assert.ok(!rendered.some((url) => url.endsWith('/locked')), 'never rendered while another container holds the lock');
  });

  it('drops a corrupt Redis entry, renders the page again and never serves the garbage', async () => {
    const a = await container({ prefix: 'corrupt:' });
    await redis.command('SET', `corrupt:page:desktop ${rootUrl}/corrupt`, 'FDR1\u0000\u0000\u0000\u0010{"key":"x"}<script>evil</script>');
    const answer = await crawl(`${a.url}/corrupt`);
    assert.equal(answer.cache, 'miss');
    assert.doesNotMatch(answer.body, /evil/);
    assert.ok(warnings.some((w) => /dropped the shared cache entry of desktop https:\/\/app\.example\/corrupt/.test(w)));
  });

  it('warms every path given for each device class, and a second warm renders nothing', async () => {
    const a = await container({ prefix: 'warm:' });
    const before = rendered.length;
    const first = await a.middleware.warm(['/w/1', '/w/2', '/w/3'], { concurrency: 2 });
    assert.deepEqual({ total: first.total, rendered: first.rendered, fresh: first.fresh, failed: first.failed }, { total: 3, rendered: 3, fresh: 0, failed: 0 });
    assert.equal(rendered.length - before, 6);
    const second = await a.middleware.warm(['/w/1', '/w/2', '/w/3']);
    assert.equal(second.fresh, 3);
    assert.equal(rendered.length - before, 6);
    const b = await container({ prefix: 'warm:' });
    assert.equal((await crawl(`${b.url}/w/2`)).cache, 'shared');
  });

  it('renders alone, with one warning and no error, when Redis is down from the start', async () => {
    const dead = await startRedisServer();
    await dead.kill();
    const own: string[] = [];
    const middleware = createPrerenderMiddleware({
      rootUrl,
      prerenderServiceUrl: `${rendererUrl}/`,
      crawlerUserAgents: ['googlebot'],
      extensionsToIgnore: [],
      redis: { url: dead.url.replace('redis://', 'redis://:topsecret@') },
      onWarning: (message) => own.push(message),
    });
    middlewares.push(middleware);
    const server = createServer((req, res) => middleware(req, res, () => res.end('app page')));
    servers.push(server);
    const url = await listen(server);
    await sleep(300);
    for (const path of ['/down/1', '/down/2', '/down/1']) {
      const answer = await crawl(`${url}${path}`);
      assert.equal(answer.status, 200);
      assert.match(answer.body, new RegExp(`v1 .*${path}`));
    }
    assert.equal((await crawl(`${url}/down/1`)).cache, 'hit');
    assert.equal(own.filter((w) => /unreachable/.test(w)).length, 1, own.join('\n'));
    assert.doesNotMatch(own.join('\n'), /topsecret/);
    await dead.stop();
  });

  it('answers crawlers while Redis hangs, each no later than the command timeout plus a render', async () => {
    const a = await container({ prefix: 'hang:', redis: { url: redis.url, keyPrefix: 'hang:', commandTimeout: 150 } });
    assert.equal((await crawl(`${a.url}/hang/warmup`)).cache, 'miss');
    const paused = redis.pause(1500);
    const started = Date.now();
    const answers = await Promise.all(['/hang/1', '/hang/2'].map((path) => crawl(`${a.url}${path}`)));
    const took = Date.now() - started;
    await paused;
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.match(answer.body, /v1 |app page/);
    }
    assert.ok(took < 1200, `took ${took} ms`);
  });
});
