import assert from 'node:assert/strict';
import { RenderCache, type RenderedPage } from '../../packages/seo/src/index.ts';

const page = (status: number, body = 'x'): RenderedPage => ({ status, headers: { 'content-type': 'text/html' }, body: Buffer.from(body) });

describe('render cache', () => {
  it('keeps at most maxEntries pages, dropping the least recently used', () => {
    const cache = new RenderCache({ maxEntries: 2, lifetime: 60_000 });
    cache.set('/a', page(200, 'a'));
    cache.set('/b', page(200, 'b'));
    assert.ok(cache.get('/a'));
    cache.set('/c', page(200, 'c'));
    assert.equal(cache.size, 2);
    assert.equal(cache.get('/b'), undefined);
    assert.equal(cache.get('/a')?.body.toString(), 'a');
    assert.equal(cache.get('/c')?.body.toString(), 'c');
  });

  it('forgets a page once its lifetime is over', () => {
    let now = 1_000;
    const cache = new RenderCache({ maxEntries: 10, lifetime: 500, now: () => now });
    cache.set('/a', page(200));
    now += 499;
    assert.ok(cache.get('/a'));
    now += 1;
    assert.equal(cache.get('/a'), undefined);
    assert.equal(cache.size, 0);
  });

  it('never stores a server error, and keeps a redirect with its Location', () => {
    const cache = new RenderCache({ maxEntries: 10, lifetime: 500 });
    assert.equal(cache.set('/down', page(503)), false);
    assert.equal(cache.get('/down'), undefined);
    cache.set('/old', { status: 301, headers: { location: 'https://x.example/new' }, body: Buffer.alloc(0) });
    assert.equal(cache.get('/old')?.headers.location, 'https://x.example/new');
  });

  it('stores nothing with a size of 0', () => {
    const cache = new RenderCache({ maxEntries: 0, lifetime: 500 });
    assert.equal(cache.set('/a', page(200)), false);
    assert.equal(cache.size, 0);
  });

  it('keeps at most maxBytes, dropping the least recently used, and never a page larger than the bound', () => {
    const cache = new RenderCache({ maxEntries: 100, maxBytes: 10_000, lifetime: 60_000 });
    for (let i = 0; i < 10; i++) cache.set(`/p${i}`, page(200, 'x'.repeat(3000)));
    assert.ok(cache.bytes <= 10_000, String(cache.bytes));
    assert.equal(cache.size, 3);
    assert.ok(cache.get('/p9'));
    assert.equal(cache.get('/p0'), undefined);
    assert.equal(cache.set('/huge', page(200, 'x'.repeat(20_000))), false);
    cache.clear();
    assert.equal(cache.bytes, 0);
  });

  it('stores only 200, redirects, 404 and 410: never a 304, 206, 400 or 403', () => {
    const cache = new RenderCache({ maxEntries: 100, lifetime: 60_000 });
    for (const status of [304, 206, 400, 403, 204, 500]) assert.equal(cache.set(`/s${status}`, page(status)), false, String(status));
    for (const status of [200, 301, 302, 303, 307, 308, 404, 410]) assert.equal(cache.set(`/s${status}`, page(status)), true, String(status));
  });
});

