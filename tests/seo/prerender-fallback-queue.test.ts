// A crawler past a full render pool gets the app page, but not in the event-loop turn that read
// its request: it waits in the fallback queue, drained one request per turn, so a cached page,
// a person's page and a render joined are answered first. On the WebApp harness, behind a
// scripted renderer that holds every render until the test is done (the pool stays full).
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { createWebApp, type WebAppHarness } from '../helpers/webapp-harness.ts';
import { freePort } from '../helpers/free-port.ts';
import { installSeo, ServerHeadRoutes, seoServerOptions, type InstalledSeo, type PrerenderOptions } from '../../packages/seo/src/server-index.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const APP_PAGE = /<div id="app"><\/div>/;
const RENDERED = '<html><head><title>rendered</title></head><body>the cached page</body></html>';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A GET on a connection of its own; `request` is there to abort it. */
function get(url: string, userAgent: string): { answer: Promise<Answer>; request: ReturnType<typeof httpRequest> } {
  let request!: ReturnType<typeof httpRequest>;
  const answer = new Promise<Answer>((resolve, reject) => {
    request = httpRequest(url, { headers: { 'user-agent': userAgent }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end();
  });
  return { answer, request };
}

/** Waits, a turn at a time, until `condition` holds (no clock: the server runs in this process). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 100_000; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`never: ${what}`);
}

describe('prerender fallback queue (crawlers past a full render pool)', () => {
  let renderer: Server;
  let app: WebAppHarness;
  let installed: InstalledSeo;
  /** Renders the scripted renderer holds: the pool stays full until the test ends. */
  const held: ServerResponse[] = [];
  /** Requests that reached the app's own handlers (WebApp.handlers), in order. */
  let reachedApp: string[];
  /** Drains the queue asked for and the test has not run yet (a held scheduler), or undefined for setImmediate. */
  let drains: (() => void)[] | undefined;

  async function setup(extra: Partial<PrerenderOptions> & { heldScheduler?: boolean; rawBefore?: (req: IncomingMessage) => void } = {}) {
    held.length = 0;
    reachedApp = [];
    const port = await freePort();
    renderer = createServer((req, res) => {
      if (req.url?.includes('/cached')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(RENDERED);
        return;
      }
      held.push(res);
    });
    await new Promise<void>((resolve) => renderer.listen(port, '127.0.0.1', resolve));
    app = await createWebApp();
    // A raw handler mounted before the packages start (a basic-auth or maintenance handler).
    const { rawBefore } = extra;
    if (rawBefore) app.WebApp.rawHandlers.use((req: IncomingMessage, _res: ServerResponse, next: () => void) => {
      rawBefore(req);
      next();
    });
    const options = seoServerOptions(
      { PrerenderIO: { serviceUrl: `http://127.0.0.1:${port}/` }, seo: { prerender: { timeout: 60_000, concurrency: 1, queueSize: 0, queryParams: ['p'] } } },
      { ROOT_URL: app.rootUrl, NODE_ENV: 'production' },
    );
    drains = extra.heldScheduler ? [] : undefined;
    const { heldScheduler, rawBefore: _rawBefore, ...prerenderExtra } = extra;
    const scheduleFallback = heldScheduler ? (drain: () => void) => void drains?.push(drain) : undefined;
    installed = installSeo({
      ...options,
      prerender: options.prerender && { ...options.prerender, scheduleFallback, ...prerenderExtra },
      WebApp: app.WebApp,
      WebAppInternals: app.WebAppInternals,
      routes: new ServerHeadRoutes(),
      sitemap: () => undefined,
    });
    app.WebApp.handlers.use((req: IncomingMessage, _res: ServerResponse, next: () => void) => {
      reachedApp.push(req.url ?? '');
      next();
    });
    // The page every test asks for from the cache, rendered once.
    const first = await get(`${app.url}/cached`, GOOGLEBOT).answer;
    assert.equal(first.headers['x-prerender-cache'], 'miss');
    // One render the renderer holds: the pool (1 slot, no queue) is full from here on.
    const holding = get(`${app.url}/held`, GOOGLEBOT);
    await until(() => held.length === 1, 'the renderer holds a render');
    assert.equal(installed.prerender?.pool.full, true);
    return holding;
  }

  /** Runs the drains a held scheduler was asked for, until the queue is empty. */
  function drainAll(): void {
    while (drains && drains.length > 0) (drains.shift() as () => void)();
  }

  afterEach(async () => {
    for (const res of held.splice(0)) res.destroy();
    await app.close();
    renderer.closeAllConnections();
    await new Promise((resolve) => renderer.close(resolve));
  });

  it('answers a cached page, and a person, ahead of the crawlers queued for the app page before them', async () => {
    await setup({ heldScheduler: true });
    const crawlers = Array.from({ length: 5 }, (_, i) => get(`${app.url}/flood?p=${i}`, GOOGLEBOT).answer);
    await until(() => installed.prerender?.fallbacks.size === 5, 'five crawlers queued');
    const cached = await get(`${app.url}/cached`, GOOGLEBOT).answer;
    assert.equal(cached.headers['x-prerender-cache'], 'hit');
    assert.equal(cached.body, RENDERED);
    const person = await get(`${app.url}/flood?p=person`, SAFARI).answer;
    assert.match(person.body, APP_PAGE);
    assert.deepEqual(reachedApp, ['/flood?p=person'], 'no queued crawler reached the app before the cached page and the person were answered');
    assert.equal(installed.prerender?.fallbacks.size, 5);
    drainAll();
    for (const answer of await Promise.all(crawlers)) {
      assert.equal(answer.status, 200);
      assert.match(answer.body, APP_PAGE);
    }
    assert.deepEqual(reachedApp.slice(1), ['/flood?p=0', '/flood?p=1', '/flood?p=2', '/flood?p=3', '/flood?p=4'], 'in the order they came');
    assert.equal(installed.prerender?.fallbacks.size, 0);
  });

  it('with setImmediate: a cached page asked for in the turn after six crawlers were queued is answered before them', async () => {
    await setup();
    const order: string[] = [];
    const port = Number(new URL(app.url).port);
    const crawlerSocket = connect(port, '127.0.0.1');
    const cachedSocket = connect(port, '127.0.0.1');
    const request = (target: string, close: boolean) => `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nuser-agent: ${GOOGLEBOT}\r\n${close ? 'connection: close\r\n' : ''}\r\n`;
    const targets = Array.from({ length: 6 }, (_, i) => `/flood?p=${i}`);
    app.WebApp.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // Runs after the harness's listener, in the turn that read the request. The cached page is
      // asked for as the last crawler is read: the server reads it in its next turn.
      if (req.url === targets[5]) cachedSocket.write(request('/cached', true));
      if (req.url === '/cached') order.push(`cached page ${res.writableEnded ? 'answered' : 'not answered'}`);
    });
    app.WebApp.handlers.use((req: IncomingMessage, _res: ServerResponse, next: () => void) => {
      order.push(`app ${req.url}`);
      next();
    });
    let connections = 0;
    app.WebApp.httpServer.on('connection', () => (connections += 1));
    await until(() => connections === 2 && !crawlerSocket.connecting && !cachedSocket.connecting, 'both connections open');
    const answers = (socket: typeof crawlerSocket) => {
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      return new Promise<string>((resolve) => socket.on('close', () => resolve(Buffer.concat(received).toString('utf8'))));
    };
    const crawlerText = answers(crawlerSocket);
    const cachedText = answers(cachedSocket);
    // Six crawlers past the pool, pipelined: one read, one turn. Without the queue all six got
    // the app page in that turn (Express leaves the raw handlers' router through setImmediate:
    // the same turn's check phase), ahead of the cached page read in the next.
    crawlerSocket.write(targets.map((target, i) => request(target, i === targets.length - 1)).join(''));
    const [crawlers, cached] = await Promise.all([crawlerText, cachedText]);
    const before = order.indexOf('cached page answered');
    assert.ok(before >= 0 && before <= 1, `at most the first crawler before the cached page: ${order.join(', ')}`);
    assert.deepEqual(order.filter((step) => step.startsWith('app ')), targets.map((target) => `app ${target}`), 'every crawler reached the app, in order');
    assert.equal(crawlers.match(/^HTTP\/1\.1 200 /gm)?.length, 6, 'every crawler answered 200');
    assert.equal(crawlers.match(/<div id="app"><\/div>/g)?.length, 6);
    assert.match(cached, /^HTTP\/1\.1 200 /);
    assert.match(cached, /x-prerender-cache: hit/i);
    assert.ok(cached.endsWith(RENDERED));
  });

  it('holds crawlers past the pool before Express: a raw handler mounted before seo sees each one only on its turn, and sees every one', async () => {
    const rawSeen: string[] = [];
    await setup({ heldScheduler: true, rawBefore: (req) => void rawSeen.push(req.url ?? '') });
    rawSeen.length = 0;
    const crawlers = Array.from({ length: 3 }, (_, i) => get(`${app.url}/flood?p=${i}`, GOOGLEBOT).answer);
    await until(() => installed.prerender?.fallbacks.size === 3, 'three crawlers held');
    const cached = await get(`${app.url}/cached`, GOOGLEBOT).answer;
    assert.equal(cached.headers['x-prerender-cache'], 'hit');
    assert.deepEqual(rawSeen, ['/cached'], 'no held crawler has reached Express yet');
    drainAll();
    for (const answer of await Promise.all(crawlers)) assert.match(answer.body, APP_PAGE);
    assert.deepEqual(rawSeen, ['/cached', '/flood?p=0', '/flood?p=1', '/flood?p=2'], 'every held crawler went through the raw handler, in order');
    assert.deepEqual(reachedApp, ['/flood?p=0', '/flood?p=1', '/flood?p=2']);
  });

  it('holds at most fallbackQueueSize crawlers: past it the app page at once, as without a queue', async () => {
    await setup({ heldScheduler: true, fallbackQueueSize: 3 });
    const queued = Array.from({ length: 3 }, (_, i) => get(`${app.url}/flood?p=q${i}`, GOOGLEBOT).answer);
    await until(() => installed.prerender?.fallbacks.size === 3, 'three crawlers queued');
    const past = await Promise.all([get(`${app.url}/flood?p=past0`, GOOGLEBOT).answer, get(`${app.url}/flood?p=past1`, GOOGLEBOT).answer]);
    for (const answer of past) assert.match(answer.body, APP_PAGE);
    assert.deepEqual(reachedApp.sort(), ['/flood?p=past0', '/flood?p=past1']);
    assert.equal(installed.prerender?.fallbacks.size, 3);
    drainAll();
    for (const answer of await Promise.all(queued)) assert.match(answer.body, APP_PAGE);
    assert.equal(reachedApp.length, 5);
  });

  it('drops a crawler that closes its connection while queued, and answers every other one', async () => {
    await setup({ heldScheduler: true });
    const crawlers = Array.from({ length: 4 }, (_, i) => get(`${app.url}/flood?p=${i}`, GOOGLEBOT));
    await until(() => installed.prerender?.fallbacks.size === 4, 'four crawlers queued');
    const gone = crawlers[1];
    gone.answer.catch(() => undefined);
    gone.request.destroy();
    await until(() => installed.prerender?.fallbacks.size === 3, 'the closed one left the queue');
    drainAll();
    const answers = await Promise.all([crawlers[0], crawlers[2], crawlers[3]].map((crawler) => crawler.answer));
    for (const answer of answers) assert.match(answer.body, APP_PAGE);
    assert.deepEqual(reachedApp, ['/flood?p=0', '/flood?p=2', '/flood?p=3']);
    assert.equal(installed.prerender?.fallbacks.size, 0);
  });

  it('with setImmediate, answers every crawler of a burst past the pool with the app page', async () => {
    await setup();
    const answers = await Promise.all(Array.from({ length: 80 }, (_, i) => get(`${app.url}/burst?p=${i}`, GOOGLEBOT).answer));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.match(answer.body, APP_PAGE);
    }
    assert.equal(reachedApp.length, 80);
    assert.equal(installed.prerender?.fallbacks.size, 0);
    assert.equal(held.length, 1, 'no render but the held one');
  });
});
