import assert from 'node:assert/strict';
import { RenderCache, type RenderedPage } from '../../packages/seo/src/server-index.ts';

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
});
