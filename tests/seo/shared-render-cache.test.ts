// The Redis parts of the shared render cache, against a real redis-server: the L2 store, the render
// lock, the invalidation channel and the connection's behaviour when Redis is down or slow.
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../helpers/redis-server.ts';
import { createRedisConnection, type RedisConnection } from '../../packages/seo/src/lib/prerender/redis-connection.ts';
import { SharedRenderCache } from '../../packages/seo/src/lib/prerender/shared-render-cache.ts';
import { RenderLock } from '../../packages/seo/src/lib/prerender/render-lock.ts';
import { InvalidationChannel } from '../../packages/seo/src/lib/prerender/invalidation-channel.ts';
import { compilePattern, serializePattern, type SerializedPattern } from '../../packages/seo/src/lib/prerender/invalidation-pattern.ts';
import { encodeRenderEntry } from '../../packages/seo/src/lib/prerender/render-entry-codec.ts';
import { redactRedisUrl } from '../../packages/seo/src/lib/prerender/redact-redis-url.ts';
import type { RenderedPage } from '../../packages/seo/src/lib/prerender/render-cache.ts';

const page = (body: string, status = 200, headers: RenderedPage['headers'] = { 'content-type': 'text/html; charset=utf-8' }): RenderedPage => ({
  status,
  headers,
  body: Buffer.from(body, 'utf8'),
});

async function eventually(check: () => boolean | Promise<boolean>, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the shared render cache on a real Redis', function () {
  this.timeout(20000);
  let redis: RedisServerHandle;
  const connections: RedisConnection[] = [];
  const connect = (options: { commandTimeout?: number; onWarning?: (message: string) => void; url?: string } = {}) => {
    const connection = createRedisConnection({ url: options.url ?? redis.url, commandTimeout: options.commandTimeout, onWarning: options.onWarning });
    connections.push(connection);
    return connection;
  };

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await redis?.stop();
  });

  describe('L2 store', () => {
    let cache: SharedRenderCache;
    const dropped: string[] = [];
    before(async () => {
      const connection = connect();
      assert.equal(await connection.whenReady(5000), true);
      cache = new SharedRenderCache({ redis: connection, keyPrefix: 'test:', lifetime: 60_000, ttl: 120_000, maxEntryBytes: 4096, onDrop: (key, reason) => dropped.push(`${key}: ${reason}`) });
    });

    it('keeps status, headers and bytes of a page, UTF-8 and binary alike', async () => {
      const body = Buffer.concat([Buffer.from('café ✓ 日本語', 'utf8'), Buffer.from([0, 255, 13, 10])]);
      assert.equal(await cache.set('/a', { status: 301, headers: { location: 'https://x.example/b', 'set-x': ['1', '2'] }, body }), true);
      const hit = await cache.get('/a');
      assert.ok(hit);
      assert.equal(hit.fresh, true);
      assert.equal(hit.entry.page.status, 301);
      assert.deepEqual(hit.entry.page.headers, { location: 'https://x.example/b', 'set-x': ['1', '2'] });
      assert.deepEqual(hit.entry.page.body, body);
      assert.match(await redis.command('PTTL', 'test:page:/a'), /^:1(19|20)\d{3}$/);
    });

    it('never stores a 5xx or a page over the byte limit', async () => {
      assert.equal(await cache.set('/five', page('down', 503)), false);
      assert.equal(await cache.set('/big', page('x'.repeat(5000))), false);
      assert.equal(await redis.command('EXISTS', 'test:page:/five', 'test:page:/big'), ':0');
    });

    it('drops, and never serves, an entry that is garbage, truncated, another key\'s, has a flipped bit, an uncached status, a Set-Cookie or a header Node would refuse', async () => {
      const good = encodeRenderEntry('/x', { page: page('<p>x</p>'), renderedAt: Date.now(), freshUntil: Date.now() + 60_000 });
      const poisoned = encodeRenderEntry('/crlf', { page: page('<p>x</p>', 200, { 'x-a': 'a\r\nSet-Cookie: stolen=1' }), renderedAt: Date.now(), freshUntil: Date.now() + 60_000 });
      const cookie = encodeRenderEntry('/cookie', { page: page('<p>x</p>', 200, { 'set-cookie': 'session=attacker' }), renderedAt: Date.now(), freshUntil: Date.now() + 60_000 });
      const partial = encodeRenderEntry('/partial', { page: page('<p>x</p>', 206), renderedAt: Date.now(), freshUntil: Date.now() + 60_000 });
      const flipped = Buffer.from(good);
      flipped[flipped.length - 2] ^= 1;
      const cases: [string, Buffer | string][] = [
        ['/garbage', 'hello, I am not a page'],
        ['/truncated', good.subarray(0, good.length - 3)],
        ['/other', good],
        ['/crlf', poisoned],
        ['/cookie', cookie],
        ['/partial', partial],
        ['/flipped', flipped],
      ];
      const raw = connect();
      await raw.whenReady(5000);
      for (const [key, value] of cases) await raw.send(['SET', `test:page:${key}`, value]);
      for (const [key] of cases) assert.equal(await cache.get(key), undefined, key);
      assert.equal(await redis.command('EXISTS', ...cases.map(([key]) => `test:page:${key}`)), ':0');
      assert.equal(dropped.length, cases.length);
    });

    it('drops an oversized value after reading no more than the byte limit of it', async () => {
      const raw = connect();
      await raw.whenReady(5000);
      await raw.send(['SET', 'test:page:/huge', Buffer.alloc(2 * 1024 * 1024, 65)]);
      assert.equal(await cache.get('/huge'), undefined);
      assert.equal(await redis.command('EXISTS', 'test:page:/huge'), ':0');
      assert.match(dropped.at(-1)!, /larger than 4096 bytes/);
    });

    it('drops a key of another type', async () => {
      await redis.command('RPUSH', 'test:page:/list', 'a');
      assert.equal(await cache.get('/list'), undefined);
      assert.equal(await redis.command('EXISTS', 'test:page:/list'), ':0');
    });

    it('reports a page past its lifetime as stale, and forgets it past the TTL', async () => {
      let now = Date.now();
      const clocked = new SharedRenderCache({ redis: connect(), keyPrefix: 'clock:', lifetime: 1000, ttl: 5000, maxEntryBytes: 4096, now: () => now });
      await eventually(async () => (await clocked.set('/p', page('p')).catch(() => false)) === true);
      assert.equal((await clocked.get('/p'))?.fresh, true);
      now += 1500;
      assert.equal((await clocked.get('/p'))?.fresh, false);
      now += 4000;
      assert.equal(await clocked.get('/p'), undefined);
    });

    it('deletes the pages a predicate picks, and only those, and clear() only its own prefix', async () => {
      await cache.set('/posts/1', page('1'));
      await cache.set('/posts/2?x=1', page('2'));
      await cache.set('/about', page('about'));
      await redis.command('SET', 'another-app:page:/posts/1', 'theirs');
      const matches = compilePattern(serializePattern('/posts/*'));
      assert.equal(await cache.deleteWhere(matches), 2);
      assert.equal(await cache.get('/posts/1'), undefined);
      assert.ok(await cache.get('/about'));
      await cache.clear();
      assert.equal(await cache.get('/about'), undefined);
      assert.equal(await redis.command('EXISTS', 'another-app:page:/posts/1'), ':1');
    });
  });

  describe('render lock', () => {
    it('lets one of several containers take a key, releases only its own lock, and expires by itself', async () => {
      const [a, b] = [connect(), connect()];
      await Promise.all([a.whenReady(5000), b.whenReady(5000)]);
      const lockA = new RenderLock({ redis: a, keyPrefix: 'lock-test:', ttl: 300 });
      const lockB = new RenderLock({ redis: b, keyPrefix: 'lock-test:', ttl: 300 });
      const results = await Promise.all([lockA.acquire('/p'), lockB.acquire('/p'), lockA.acquire('/p')]);
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await lockB.held('/p'), true);
      await new Promise((resolve) => setTimeout(resolve, 350));
      assert.equal(await lockB.held('/p'), false);
      // The first holder's lock expired and B took it: A's late release must leave B's alone.
      const holderB = await lockB.acquire('/p');
      assert.ok(holderB);
      await results.find(Boolean)!.release();
      assert.equal(await lockA.held('/p'), true);
      await holderB.release();
      assert.equal(await lockA.held('/p'), false);
    });
  });

  describe('invalidation channel', () => {
    it('reaches every other container, not the one that published, and ignores malformed messages', async () => {
      const received: SerializedPattern[][] = [[], [], []];
      const warnings: string[] = [];
      const channels = [0, 1, 2].map(
        (index) => new InvalidationChannel({ redis: connect(), keyPrefix: 'inv:', onInvalidate: (pattern) => received[index].push(pattern), onWarning: (w) => warnings.push(w) }),
      );
      await Promise.all(channels.map((channel) => channel.subscribed));
      const publisher = connect();
      await publisher.whenReady(5000);
      await publisher.send(['PUBLISH', 'inv:invalidate', '{not json']);
      await publisher.send(['PUBLISH', 'inv:invalidate', JSON.stringify({ from: 'x', pattern: { glob: 'no-slash' } })]);
      assert.equal(await channels[0].publish(serializePattern('/posts/*')), 3);
      await eventually(() => received[1].length === 1 && received[2].length === 1);
      assert.deepEqual(received, [[], [{ glob: '/posts/*' }], [{ glob: '/posts/*' }]]);
      assert.equal(warnings.filter((w) => /malformed/.test(w)).length, 6);
    });
  });

  describe('patterns', () => {
    it('match a path with any query, one segment for *, any depth for **, and a RegExp on path and query', () => {
      const test = (pattern: string | RegExp, path: string) => compilePattern(serializePattern(pattern))(path);
      assert.equal(test('/posts/1', '/posts/1?utm=x'), true);
      assert.equal(test('/posts/1', '/posts/10'), false);
      assert.equal(test('/posts/*', '/posts/1'), true);
      assert.equal(test('/posts/*', '/posts/1/comments'), false);
      assert.equal(test('/docs/**', '/docs/a/b/c'), true);
      assert.equal(test('/a.b', '/aXb'), false);
      assert.equal(test('/s?q=1', '/s?q=1'), true);
      assert.equal(test('/s?q=1', '/s?q=2'), false);
      assert.equal(test(/^\/p\/\d+\?/, '/p/12?x'), true);
      assert.throws(() => serializePattern('posts' as string), /Seo\.invalidate\(pathOrPattern\): expected a path starting with "\/"/);
    });
  });

  describe('connection faults', () => {
    it('never echoes the credentials of the Redis URL', () => {
      assert.equal(redactRedisUrl('redis://user:hunter2@cache.internal:6380/2'), 'redis://***@cache.internal:6380/2');
      assert.equal(redactRedisUrl('rediss://:s3cr3t@cache:6379'), 'rediss://***@cache:6379');
      assert.equal(redactRedisUrl('not a url hunter2'), '(an invalid Redis URL)');
    });

    it('rejects at once while Redis is down at start, warns once, and connects by itself when it comes up', async () => {
      const late = await startRedisServer({ args: ['--requirepass', 'hunter2'] });
      await late.kill();
      const warnings: string[] = [];
      const connection = connect({ url: late.url.replace('redis://', 'redis://:hunter2@'), onWarning: (message) => warnings.push(message) });
      try {
        await new Promise((resolve) => setTimeout(resolve, 600));
        const started = Date.now();
        await assert.rejects(connection.send(['PING']), /not connected/);
        assert.ok(Date.now() - started < 20);
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0], /Redis at redis:\/\/\*\*\*@127\.0\.0\.1:\d+ is unreachable/);
        assert.doesNotMatch(warnings.join('\n'), /hunter2/);
        await late.restart();
        await eventually(() => connection.ready, 8000);
        assert.equal(await connection.send(['PING']), 'PONG');
        assert.match(warnings.at(-1)!, /is back/);
      } finally {
        await connection.close();
        await late.stop();
      }
    });

    it('gives up on a command after its timeout when Redis hangs, and answers again once it resumes', async () => {
      const warnings: string[] = [];
      const connection = connect({ commandTimeout: 100, onWarning: (message) => warnings.push(message) });
      await connection.whenReady(5000);
      const paused = redis.pause(500);
      const started = Date.now();
      await assert.rejects(connection.send(['PING']), /did not answer PING within 100 ms/);
      assert.ok(Date.now() - started < 300);
      await paused;
      await eventually(async () => (await connection.send(['PING']).catch(() => '')) === 'PONG');
      assert.equal(warnings.filter((w) => /unreachable/.test(w)).length, 1);
    });
  });
});
