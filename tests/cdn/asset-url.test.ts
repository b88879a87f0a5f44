import assert from 'node:assert/strict';
import { assetHashes, bundledJsCssPrefix, createAssetUrl, normalizeCdnUrl, settingsAssetUrl } from '../../packages/cdn/src/index.ts';
import { coerceEnvValue } from '../../packages/settings/src/index.ts';

const hashes = { '/cats.gif': 'abc123def456', '/img/logo.svg': '0123456789ab' };

describe('assetUrl', () => {
  it('puts a public/ file on the CDN with its content hash', () => {
    const assetUrl = createAssetUrl({ url: 'https://cdn.example.com', rootUrlPathPrefix: '', hashes });
    assert.equal(assetUrl('cats.gif'), 'https://cdn.example.com/cats.gif?v=abc123def456');
  });

  it('treats a path with or without its leading slash alike (two slashes are a protocol-relative URL)', () => {
    const assetUrl = createAssetUrl({ url: 'https://cdn.example.com', hashes });
    assert.equal(assetUrl('/cats.gif'), assetUrl('cats.gif'));
    assert.equal(assetUrl('/img/logo.svg'), 'https://cdn.example.com/img/logo.svg?v=0123456789ab');
    assert.equal(assetUrl('//img.example/logo.svg'), '//img.example/logo.svg');
  });

  it('keeps an existing query string and fragment, adding the hash to the query', () => {
    const assetUrl = createAssetUrl({ url: 'https://cdn.example.com', hashes });
    assert.equal(assetUrl('img/logo.svg?color=red#icon'), 'https://cdn.example.com/img/logo.svg?color=red&v=0123456789ab#icon');
    assert.equal(assetUrl('img/logo.svg#icon'), 'https://cdn.example.com/img/logo.svg?v=0123456789ab#icon');
    assert.equal(assetUrl('cats.gif?'), 'https://cdn.example.com/cats.gif?v=abc123def456');
  });

  it('passes absolute, protocol-relative, data: and blob: URLs through untouched', () => {
    const assetUrl = createAssetUrl({ url: 'https://cdn.example.com', hashes });
    for (const url of ['https://other.example/cats.gif', 'http://x.test/a.png', '//static.example/a.png', 'data:image/gif;base64,R0lGODlh', 'blob:https://x.test/1234', 'mailto:a@b.c']) {
      assert.equal(assetUrl(url), url);
    }
  });

  it('adds no query for files it has no hash for, or when cache busting is off (no hashes)', () => {
    assert.equal(createAssetUrl({ url: 'https://cdn.example.com', hashes })('unknown.png'), 'https://cdn.example.com/unknown.png');
    assert.equal(createAssetUrl({ url: 'https://cdn.example.com' })('cats.gif'), 'https://cdn.example.com/cats.gif');
  });

  it("is relative to ROOT_URL's path prefix without a CDN, and keeps it with one", () => {
    assert.equal(createAssetUrl({ url: null, rootUrlPathPrefix: '/app', hashes })('cats.gif'), '/app/cats.gif?v=abc123def456');
    assert.equal(createAssetUrl({ rootUrlPathPrefix: '' })('cats.gif'), '/cats.gif');
    assert.equal(createAssetUrl({ url: 'https://cdn.example.com/static', rootUrlPathPrefix: '/app' })('a.png'), 'https://cdn.example.com/static/app/a.png');
  });

  it('does not mistake inherited object keys for hashes', () => {
    assert.equal(createAssetUrl({ hashes })('/constructor'), '/constructor');
  });
});

describe('the CDN URL and the bundle prefix', () => {
  it('normalises trailing slashes and the host case', () => {
    assert.equal(normalizeCdnUrl('https://CDN.Example.com/'), 'https://cdn.example.com');
    assert.equal(normalizeCdnUrl('https://cdn.example.com/static//'), 'https://cdn.example.com/static');
    assert.equal(normalizeCdnUrl(' http://127.0.0.1:8080 '), 'http://127.0.0.1:8080');
  });

  it('refuses what is not an http(s) URL without query or fragment, saying why', () => {
    assert.throws(() => normalizeCdnUrl('cdn.example.com'), /"cdn\.example\.com" is not a URL/);
    assert.throws(() => normalizeCdnUrl('ftp://cdn.example.com'), /must use http or https, not ftp/);
    assert.throws(() => normalizeCdnUrl('https://cdn.example.com/?v=1'), /must not have a query string/);
    assert.throws(() => normalizeCdnUrl('https://cdn.example.com/#x'), /must not have a fragment/);
    assert.throws(() => normalizeCdnUrl('https://user:pw@cdn.example.com'), /must not hold credentials/);
  });

  it("keeps ROOT_URL's path prefix and never doubles a slash", () => {
    assert.equal(bundledJsCssPrefix('https://cdn.example.com', '/app'), 'https://cdn.example.com/app');
    assert.equal(bundledJsCssPrefix('https://cdn.example.com/', ''), 'https://cdn.example.com');
    assert.equal(bundledJsCssPrefix('https://cdn.example.com', '/app') + '/abc.js', 'https://cdn.example.com/app/abc.js');
  });
});

describe('assetHashes', () => {
  it("keeps the public/ assets of Meteor's manifest, by URL path, with a short hash", () => {
    const manifest = [
      { type: 'js', url: '/f00.js?meteor_js_resource=true', hash: 'f'.repeat(40) },
      { type: 'asset', url: '/cats.gif', hash: '1234567890abcdef1234567890abcdef12345678' },
      { type: 'asset', url: '/fonts/a.woff2', hash: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd' },
    ];
    assert.deepEqual(assetHashes(manifest), { '/cats.gif': '1234567890ab', '/fonts/a.woff2': 'abcdefabcdef' });
  });

  it("leaves out package assets (/packages/promise/promise.d.ts...): only the app's public/ files go to every page", () => {
    const manifest = [
      { type: 'asset', path: 'packages/promise/promise.d.ts', url: '/packages/promise/promise.d.ts', hash: 'a'.repeat(40) },
      { type: 'asset', path: 'packages/flightdeck_cdn/README.md', url: '/packages/flightdeck_cdn/README.md', hash: 'b'.repeat(40) },
      { type: 'asset', path: 'app/images/logo.png', url: '/images/logo.png', hash: 'c'.repeat(40) },
      { type: 'asset', url: '/packages/no-path/x.json', hash: 'd'.repeat(40) },
    ];
    assert.deepEqual(assetHashes(manifest), { '/images/logo.png': 'cccccccccccc' });
  });

  it('leaves out the folders it is told to (Rspack output, hashed in its names already)', () => {
    const manifest = [
      { type: 'asset', path: 'app/build-chunks/1.ab12cd34ef.js', url: '/build-chunks/1.ab12cd34ef.js', hash: 'a'.repeat(40) },
      { type: 'asset', path: 'app/cats.gif', url: '/cats.gif', hash: 'b'.repeat(40) },
    ];
    assert.deepEqual(assetHashes(manifest, ['/build-chunks/', '/build-assets/']), { '/cats.gif': 'bbbbbbbbbbbb' });
  });
});

describe('assetUrl on the server before startup (settingsAssetUrl)', () => {
  const manifest = [{ type: 'asset', path: 'app/images/logo.png', url: '/images/logo.png', hash: '0123456789abcdef0123456789abcdef01234567' }];
  const rootUrl = 'https://app.example.com/app';

  it('gives the CDN URL with the hash from the first call, from the settings file and the manifest', () => {
    const assetUrl = settingsAssetUrl({ publicCdn: { url: 'https://cdn.example.com/' }, env: {}, rootUrl, manifest, coerceEnvValue });
    assert.equal(assetUrl('/images/logo.png'), 'https://cdn.example.com/app/images/logo.png?v=0123456789ab');
  });

  it('reads CDN_URL and CDN_CACHE_BUSTING over the file, as the settings spec declares them', () => {
    const assetUrl = settingsAssetUrl({ publicCdn: { url: 'https://old.example.com' }, env: { CDN_URL: 'https://cdn.example.com', CDN_CACHE_BUSTING: 'false' }, rootUrl, manifest, coerceEnvValue });
    assert.equal(assetUrl('images/logo.png'), 'https://cdn.example.com/app/images/logo.png');
  });

  it('serves from the app when the CDN is unset or unusable, keeping the prefix and the hash', () => {
    for (const publicCdn of [undefined, {}, { url: 'ftp://cdn.example.com' }, { url: 'https://app.example.com' }]) {
      const assetUrl = settingsAssetUrl({ publicCdn, env: {}, rootUrl, manifest, coerceEnvValue });
      assert.equal(assetUrl('/images/logo.png'), '/app/images/logo.png?v=0123456789ab', JSON.stringify(publicCdn));
    }
  });
});

