// Three app processes ("containers") share one real Redis in front of one real renderer
// (prerender + Chromium), with a counting proxy between the apps and the renderer.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startRedisServer, type RedisServerHandle } from '../helpers/redis-server.ts';
import { startPrerenderServer, prerenderCommand, QUICK_RENDER_ENV, type PrerenderServerHandle } from '../helpers/prerender-server.ts';
import { startCountingProxy, type CountingProxy } from '../helpers/counting-proxy.ts';
import { startSeoAppProcess, type SeoAppProcess } from '../helpers/seo-app-process.ts';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

interface CrawlerAnswer {
  status: number;
  cache: string | null;
  body: string;
}

async function crawl(url: string): Promise<CrawlerAnswer> {
  const response = await fetch(url, { headers: { 'user-agent': GOOGLEBOT } });
  return { status: response.status, cache: response.headers.get('x-prerender-cache'), body: await response.text() };
}

/** Runs `task` over `items`, `concurrency` at a time, results in order. */
async function inBatches<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}

function runWarm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [prerenderCommand, 'warm', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a render cache shared by three app processes on a real Redis, with the real renderer', function () {
  this.timeout(60000);
  let redis: RedisServerHandle;
  let renderer: PrerenderServerHandle;
  let counter: CountingProxy;
  let apps: SeoAppProcess[] = [];

  before(async () => {
    [redis, renderer] = await Promise.all([startRedisServer(), startPrerenderServer({ env: { PRERENDER_CACHE_SIZE: '0', ...QUICK_RENDER_ENV } })]);
    counter = await startCountingProxy(renderer.url);
    // A generous render timeout: the machine running the tests may be loaded.
    // Generous timeouts: on a loaded machine a render or a Redis answer may be slow, and a timeout
    // would (rightly) make a container render on its own, which these counts would show.
    const env = { PRERENDER_SERVICE_URL: counter.url, SHARED_REDIS_URL: redis.url, SITEMAP_PAGES: '4', PRERENDER_TIMEOUT: '30000', REDIS_COMMAND_TIMEOUT: '2000' };
    // Behind a load balancer every container has the same ROOT_URL: here the first one's.
    const first = await startSeoAppProcess({ env });
    const others = await Promise.all([1, 2].map(() => startSeoAppProcess({ env: { ...env, ROOT_URL: first.url } })));
    apps = [first, ...others];
  });

  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await counter?.stop();
    await renderer?.stop();
    await redis?.stop();
  });

  it('renders each of 50 pages once while a crawler asks every container for every page at the same time', async function () {
    // 50 real renders, 5 at a time: about 15 s on an idle 2-core machine, more on a loaded one.
    this.timeout(150000);
    const pages = Array.from({ length: 50 }, (_, index) => `/walk/${index + 1}`);
    const before = counter.count();
    const answers = await inBatches(pages, 5, (path) => Promise.all(apps.map((app) => crawl(`${app.url}${path}`))));
    const rendered = counter.paths().slice(before);
    const twice = rendered.filter((path, index) => rendered.indexOf(path) !== index);
    assert.equal(rendered.length, 50, `rendered twice: ${twice.join(', ')}\n${apps.map((app) => app.output()).join('\n')}`);
    answers.forEach((trio, index) => {
      for (const answer of trio) {
        assert.equal(answer.status, 200);
        assert.match(answer.body, new RegExp(`page /walk/${index + 1}<`));
      }
      assert.deepEqual(trio.map((answer) => answer.cache).sort(), ['miss', 'shared', 'shared']);
    });
  });

  it('answers a container\'s second request from its memory, and one that never saw the page from Redis', async () => {
    assert.equal((await crawl(`${apps[0].url}/walk/1`)).cache, 'hit');
    await apps[1].clear();
    // Pub/sub is asynchronous: until the clear reaches the first container's memory it answers
    // 'hit' (which changes nothing), then it renders the page again.
    const deadline = Date.now() + 5000;
    let again = await crawl(`${apps[0].url}/walk/7`);
    while (again.cache === 'hit' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await crawl(`${apps[0].url}/walk/7`);
    }
    assert.equal(again.cache, 'miss'); // rendered again after the clear
    assert.equal((await crawl(`${apps[2].url}/walk/7`)).cache, 'shared');
    assert.equal((await crawl(`${apps[2].url}/walk/7`)).cache, 'hit');
  });

  it('carries an invalidation on one container to the memory of the others and to Redis', async () => {
    for (const app of apps) await crawl(`${app.url}/walk/2`);
    for (const app of apps) assert.equal((await crawl(`${app.url}/walk/2`)).cache, 'hit');
    const before = counter.count();
    assert.equal(await apps[0].invalidate('/walk/2'), 1);
    // Pub/sub is asynchronous: give it a moment to reach the other processes.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await Promise.all(apps.map((app) => crawl(`${app.url}/walk/2`)));
    assert.deepEqual(after.map((answer) => answer.cache).sort(), ['miss', 'shared', 'shared']);
    assert.equal(counter.count() - before, 1);
    // Untouched pages stay where they were (/walk/7 is in the third container's memory since the test before).
    assert.equal((await crawl(`${apps[2].url}/walk/7`)).cache, 'hit');
  });

  it('loses no crawler response when Redis is killed mid-walk, warns once per container, and shares again once Redis is back', async () => {
    const pages = Array.from({ length: 6 }, (_, index) => `/outage/${index + 1}`);
    let answered = 0;
    const walk = inBatches(pages, 3, async (path) => {
      const trio = await Promise.all(apps.map((app) => crawl(`${app.url}${path}`)));
      answered += 1;
      return trio;
    });
    while (answered < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await redis.kill();
    const answers = (await walk).flat();
    assert.equal(answers.length, 18);
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.match(answer.body, /page \/outage\/\d+|<div id="app">/);
    }
    await redis.restart();
    for (const app of apps) {
      const warnings = await app.warnings();
      assert.equal(warnings.filter((w) => /unreachable/.test(w)).length, 1, warnings.join('\n'));
    }
    // Reconnected by themselves (backoff at most 2 s): a page rendered by one is served to another from Redis.
    const deadline = Date.now() + 10000;
    for (const app of apps) {
      while (!(await app.warnings()).some((w) => /is back/.test(w))) {
        if (Date.now() > deadline) assert.fail(`a container did not reconnect:\n${app.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    // On a loaded machine the first commands after the restart may still time out (then each
    // container renders alone, as designed): a few tries, each with a page of its own.
    let shared = false;
    for (let attempt = 0; attempt < 4 && !shared; attempt++) {
      assert.equal((await crawl(`${apps[0].url}/back/${attempt}`)).cache, 'miss');
      shared = (await crawl(`${apps[1].url}/back/${attempt}`)).cache === 'shared';
    }
    assert.ok(shared, apps.map((app) => app.output()).join('\n'));
  });

  it('fills the cache from the sitemap with the warm command, and a second run renders nothing', async () => {
    // The sitemap lists ROOT_URL's pages (the first container's here, a load balancer's in production).
    const sitemap = `${apps[0].url}/sitemap.xml`;
    const dry = await runWarm(['--sitemap', sitemap, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: 4 pages would be requested/);
    const before = counter.count();
    const first = await runWarm(['--sitemap', sitemap, '--concurrency', '4']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /warmed 4 pages in [\d.]+ s: rendered 4, fresh 0, stale 0 \(re-rendering\), failed 0/);
    assert.match(first.stderr, /\[#+\] 4\/4/);
    // One render per page and device class (desktop and smartphone crawlers get their own).
    assert.equal(counter.count() - before, 8);
    const second = await runWarm(['--sitemap', sitemap]);
    assert.match(second.stdout, /rendered 0, fresh 4/);
    assert.equal(counter.count() - before, 8);
    // Warmed through one container, fresh for a crawler on any other.
    assert.equal((await crawl(`${apps[2].url}/warm/3`)).cache, 'shared');
  });

  it('refuses a warm command without a sitemap, with the usage and exit code 2', async () => {
    const result = await runWarm(['--concurrency', '0']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--sitemap <url> is required/);
  });
});
