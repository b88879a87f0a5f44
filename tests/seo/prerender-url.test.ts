import assert from 'node:assert/strict';
import { keptQuery, prerenderPageUrl, prerenderUrl, rendererTarget } from '../../packages/seo/src/index.ts';

/** The page URL as `new URL()` and URLSearchParams make it, every time: what the shortcuts for plain targets must equal. */
function parsedPageUrl(rootUrl: string, target: string, queryParams?: readonly string[]): string | undefined {
  const root = new URL(rootUrl);
  let page: URL;
  try {
    page = new URL(target, root.origin);
  } catch {
    return undefined;
  }
  if (page.origin !== root.origin) return undefined;
  const prefix = root.pathname.replace(/\/+$/, '');
  if (prefix && page.pathname !== prefix && !page.pathname.startsWith(`${prefix}/`)) return undefined;
  const search = queryParams ? parsedQuery(page.search, queryParams) : page.search;
  return `${root.protocol}//${root.host}${page.pathname}${search}`;
}

/** The query as URLSearchParams reads it, only the `allowed` names kept, sorted by name: what keptQuery must equal. */
function parsedQuery(search: string, allowed: readonly string[]): string {
  const kept = [...new URLSearchParams(search)].filter(([name]) => allowed.includes(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return kept.length === 0 ? '' : `?${new URLSearchParams(kept).toString()}`;
}

/**
 * `count` strings of 1 to `maxPieces` random `pieces`, each starting with `start` at `startChance`,
 * from a fixed seed (the Park-Miller generator): the same strings on every run.
 */
function* randomStrings(options: { seed: number; count: number; pieces: readonly string[]; maxPieces: number; start: string; startChance: number }): Generator<string> {
  const { count, pieces, maxPieces, start, startChance } = options;
  let seed = options.seed;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < count; i++) {
    let text = random() < startChance ? start : '';
    const length = 1 + Math.floor(random() * maxPieces);
    for (let j = 0; j < length; j++) text += pieces[Math.floor(random() * pieces.length)];
    yield text;
  }
}

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
    for (const target of randomStrings({ seed: 7, count: 5000, pieces, maxPieces: 10, start: '/', startChance: 0.8 })) {
      const page = prerenderPageUrl('https://app.example/app', target);
      if (page === undefined) continue;
      const url = new URL(page);
      assert.equal(url.origin, 'https://app.example', target);
      assert.ok(url.pathname === '/app' || url.pathname.startsWith('/app/'), target);
      assert.ok(!/\/\.\.?(?:\/|$)/.test(url.pathname), target);
    }
  });

  it('is the same for a plain target taken as written as for one parsed with new URL()', () => {
    // Plain targets (most crawler requests) skip new URL() and URLSearchParams: any target, plain or
    // not, must come out exactly as parsing gives it.
    const pieces = ['/', '/', 'a', 'page', 'q', '=', '&', '?', '.', '..', '/.', '%2e', '%2F', '%41', '%', '+', ' ', '\\', '#', "'", '"', '~', ':', '@', '!', '*', '-', '_', '$', ',', ';', '(', ')', '[', ']', '{', '}', '^', '`', '|', '<', 'é', '\t', 'utm_source', 'x1', '=='];
    for (const target of randomStrings({ seed: 11, count: 10000, pieces, maxPieces: 12, start: '/', startChance: 0.9 })) {
      for (const root of ['https://app.example', 'https://app.example/a']) {
        for (const queryParams of [undefined, ['page', 'q'], ['a']]) {
          assert.equal(prerenderPageUrl(root, target, { queryParams }), parsedPageUrl(root, target, queryParams), `${root} ${target} ${JSON.stringify(queryParams)}`);
        }
      }
    }
  });

  it('keeps only the named query parameters, sorted, as URLSearchParams writes them', () => {
    assert.equal(keptQuery('?utm_source=x&page=2&fbclid=1', ['page']), '?page=2');
    assert.equal(keptQuery('?q=b&page=2&q=a', ['page', 'q']), '?page=2&q=b&q=a');
    assert.equal(keptQuery('?page=a/b&page', ['page']), '?page=a%2Fb&page=');
    assert.equal(keptQuery('?p%61ge=1&page=x+y', ['page']), '?page=1&page=x+y');
    assert.equal(keptQuery('?utm_source=1', ['page']), '');
    assert.equal(keptQuery('?page=1', []), '');
    // Scanned in place: empty pairs, a name without `=`, a name that only starts like an allowed one.
    assert.equal(keptQuery('?&&page=1&&', ['page']), '?page=1');
    assert.equal(keptQuery('?utm=1&page', ['page']), '?page=');
    assert.equal(keptQuery('?pages=1&pag=2&page=3', ['page']), '?page=3');
    assert.equal(keptQuery('page=2&q=a', ['q', 'page']), '?page=2&q=a');
    assert.equal(keptQuery('?page=a=b', ['page']), '?page=a%3Db');
  });

  it('reduces any query exactly as URLSearchParams does (the in-place scan included)', () => {
    const pieces = ['page', 'q', 'pag', 'pages', '=', '&', '&', '1', 'x', '-', '.', '*', '%', '%41', '+', ' ', '/', '?', 'é', 'utm_source'];
    for (const search of randomStrings({ seed: 7, count: 20000, pieces, maxPieces: 10, start: '?', startChance: 0.8 })) {
      for (const allowed of [['page'], ['q', 'page'], ['pag']]) assert.equal(keptQuery(search, allowed), parsedQuery(search, allowed), `${search} ${JSON.stringify(allowed)}`);
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
