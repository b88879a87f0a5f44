import assert from 'node:assert/strict';
import { prerenderPageUrl, prerenderUrl, rendererTarget } from '../../packages/seo/src/index.ts';

describe('the page URL sent to the renderer', () => {
  it('is ROOT_URL\'s page for a path, with the query and without the fragment', () => {
    assert.equal(prerenderPageUrl('https://app.example', '/posts/1?x=1#top'), 'https://app.example/posts/1?x=1');
    assert.equal(prerenderPageUrl('https://app.example/app', '/app/posts/1'), 'https://app.example/app/posts/1');
    assert.equal(prerenderPageUrl('https://app.example/app/', '/app'), 'https://app.example/app');
    assert.equal(prerenderPageUrl('https://app.example', '/posts/1', 'http'), 'http://app.example/posts/1');
  });

  it('is refused for a target whose normalised URL leaves ROOT_URL\'s origin or path', () => {
    for (const target of ['http://evil.example/x', '//evil.example/x', '/\\evil.example/x', '\\\\evil.example', 'https://user:pw@evil.example/']) {
      assert.equal(prerenderPageUrl('https://app.example', target), undefined, target);
    }
    for (const target of ['/other', '/application', '/app/../x', '/app/%2e%2e/x', '/app/.%2E/x', '/app\\..\\x', '/']) {
      assert.equal(prerenderPageUrl('https://app.example/app', target), undefined, target);
    }
  });

  it('holds for any target: undefined, or an URL under ROOT_URL with no dot segment', () => {
    const pieces = ['/', '\\', '..', '.', '%2e', '%2E', '%2f', '%2F', '%5c', 'http:', '//', 'evil.example', ':80', '@', '?', '#', ';', 'app', '%00', '%25'];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 5000; i++) {
      let target = random() < 0.8 ? '/' : '';
      const length = 1 + Math.floor(random() * 10);
      for (let j = 0; j < length; j++) target += pieces[Math.floor(random() * pieces.length)];
      const page = prerenderPageUrl('https://app.example/app', target);
      if (page === undefined) continue;
      const url = new URL(page);
      assert.equal(url.origin, 'https://app.example', target);
      assert.ok(url.pathname === '/app' || url.pathname.startsWith('/app/'), target);
      assert.ok(!/\/\.\.?(?:\/|$)/.test(url.pathname), target);
    }
  });

  it('goes into the service URL once, `%` escaped so the service\'s single decode gives it back', () => {
    const target = rendererTarget(new URL('http://127.0.0.1:3033/'), 'https://app.example/a%2F..%2Fb?q=%25');
    assert.equal(target.path, '/https://app.example/a%252F..%252Fb?q=%2525');
    assert.equal(decodeURIComponent(target.path.slice(1)), 'https://app.example/a%2F..%2Fb?q=%25');
    assert.equal(target.hostname, '127.0.0.1');
    assert.equal(target.port, 3033);
    assert.equal(rendererTarget(new URL('https://service.prerender.io'), 'https://app.example/').path, '/https://app.example/');
    assert.equal(prerenderUrl('http://127.0.0.1:3033/', 'https://app.example', '/../../render?url=x'), 'http://127.0.0.1:3033/https://app.example/render?url=x');
  });
});
