// mdg:seo users' code and settings, unchanged: its `PrerenderIO` server global (prerender-node's
// middleware, configured with `set`) and its older `PrerenderIO.prerenderServiceUrl` setting.
import assert from 'node:assert/strict';
import { validateSettings } from '../../packages/settings/src/index.ts';
import {
  createPrerenderIOCompat,
  prerenderIOSettings,
  prerenderNodeIgnoredExtensions,
  prerenderNodeUserAgents,
  seoServerOptions,
  seoSettings,
  type SeoServerSettings,
} from '../../packages/seo/src/server-index.ts';

const ROOT = { ROOT_URL: 'https://app.example.com', NODE_ENV: 'production' };

function compat() {
  const warnings: string[] = [];
  const state = createPrerenderIOCompat({ crawlerUserAgents: prerenderNodeUserAgents(), extensionsToIgnore: prerenderNodeIgnoredExtensions(), warn: (message) => warnings.push(message) });
  return { ...state, warnings };
}

describe("mdg:seo's PrerenderIO, kept for its users", () => {
  it('PrerenderIO.prerenderServiceUrl in the settings is the service URL, with no warning', () => {
    const settings: Record<string, unknown> = { public: {}, PrerenderIO: { prerenderServiceUrl: 'http://127.0.0.1:3033/', token: 't0k' } };
    const report = validateSettings(settings, [seoSettings, prerenderIOSettings], { env: {} });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings, []);
    const options = seoServerOptions(compat().apply(settings as SeoServerSettings), ROOT);
    assert.equal(options.prerender?.prerenderServiceUrl, 'http://127.0.0.1:3033/');
  });

  it('serviceUrl wins when both names are set', () => {
    const settings = { PrerenderIO: { serviceUrl: 'http://127.0.0.1:4000/', prerenderServiceUrl: 'http://127.0.0.1:3033/' } } as SeoServerSettings;
    assert.equal(seoServerOptions(compat().apply(settings), ROOT).prerender?.prerenderServiceUrl, 'http://127.0.0.1:4000/');
  });

  it("PrerenderIO.set(...) calls made before startup configure the prerender middleware, chained as prerender-node's", () => {
    const { PrerenderIO, apply, warnings } = compat();
    PrerenderIO.set('prerenderToken', 'abc').set('prerenderServiceUrl', 'http://127.0.0.1:3033/').set('protocol', 'https').whitelisted(['^/blog', /^\/docs/]).blacklisted('^/admin');
    PrerenderIO.crawlerUserAgents.push('MyCrawler');
    const options = seoServerOptions(apply({}), ROOT);
    assert.equal(options.prerender?.prerenderToken, 'abc');
    assert.equal(options.prerender?.prerenderServiceUrl, 'http://127.0.0.1:3033/');
    assert.equal(options.prerender?.protocol, 'https');
    assert.deepEqual(options.prerender?.allowList?.map((pattern) => pattern.source), ['^\\/blog', '^\\/docs']);
    assert.deepEqual(options.prerender?.blockList?.map((pattern) => pattern.source), ['^\\/admin']);
    assert.ok(options.prerender?.crawlerUserAgents.includes('MyCrawler'));
    assert.deepEqual(warnings, []);
  });

  it("never takes the host from set('host'): it stays ROOT_URL's, and says so", () => {
    const { PrerenderIO, apply, warnings } = compat();
    PrerenderIO.set('prerenderToken', 'abc').set('host', 'evil.example');
    const options = seoServerOptions(apply({}), ROOT);
    assert.equal(options.prerender?.rootUrl, 'https://app.example.com');
    assert.match(warnings.join('\n'), /set\('host'\) is ignored/);
  });

  it('warns about a call after startup and changes nothing', () => {
    const { PrerenderIO, apply, freeze, warnings } = compat();
    freeze();
    PrerenderIO.set('prerenderToken', 'late');
    assert.equal(seoServerOptions(apply({}), ROOT).prerender, undefined);
    assert.match(warnings[0], /PrerenderIO\.set\('prerenderToken'\) after startup has no effect/);
  });

  it('names an option it does not support instead of dropping it silently', () => {
    const { PrerenderIO, warnings } = compat();
    PrerenderIO.set('beforeRender', () => {});
    assert.match(warnings[0], /PrerenderIO\.set\('beforeRender'\) is not supported/);
  });
});
