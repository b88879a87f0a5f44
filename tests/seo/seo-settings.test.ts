import assert from 'node:assert/strict';
import { validateSettings } from '../../packages/settings/src/index.ts';
import { prerenderIOSettings, seoServerOptions, seoSettings } from '../../packages/seo/src/server-index.ts';

const specs = [seoSettings, prerenderIOSettings];

describe('flightdeck:seo settings', () => {
  it('accepts mdg:seo\'s PrerenderIO settings as they are and fills our defaults in place', () => {
    const settings: Record<string, unknown> = { public: {}, PrerenderIO: { token: 'abc123', protocol: 'https' } };
    const publicSettings = settings.public;
    const report = validateSettings(settings, specs, { env: {} });
    assert.deepEqual(report.errors, []);
    assert.equal(settings.public, publicSettings);
    assert.deepEqual((settings.seo as { prerender: unknown }).prerender, {
      enabled: true,
      timeout: 5000,
      cacheSize: 500,
      cacheLifetime: 600,
      linkPreviewBots: true,
      crawlerUserAgents: [],
    });
    assert.equal((settings.public as { seo: { readyTimeout: number } }).seo.readyTimeout, 10000);
  });

  it('reads the PRERENDERIO_* and SEO_* environment variables', () => {
    const settings: Record<string, unknown> = { public: {} };
    const report = validateSettings(settings, specs, {
      env: { PRERENDERIO_SERVICE_URL: 'http://127.0.0.1:3033/', PRERENDERIO_TOKEN: 't0k', SEO_PRERENDER_TIMEOUT: '2500', SEO_INDEXABLE: 'true' },
    });
    assert.deepEqual(report.errors, []);
    assert.equal((settings.PrerenderIO as { serviceUrl: string }).serviceUrl, 'http://127.0.0.1:3033/');
    assert.equal((settings.PrerenderIO as { token: string }).token, 't0k');
    assert.equal((settings.seo as { prerender: { timeout: number } }).prerender.timeout, 2500);
    assert.equal((settings.seo as { indexable: boolean }).indexable, true);
  });

  it('names the full key of each bad value', () => {
    const settings = {
      public: { seo: { readyTimeout: -1 } },
      PrerenderIO: { serviceUrl: 'ftp://renderer', protocol: 'gopher', allowList: ['(unclosed'] },
      seo: { prerender: { timeout: 1.5 } },
    };
    const report = validateSettings(settings, specs, { env: {} });
    const lines = report.errors.map((problem) => `${problem.path}: ${problem.message}`);
    assert.ok(lines.some((line) => line.startsWith('PrerenderIO.serviceUrl: must be an http(s) URL')), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('PrerenderIO.protocol:')), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('PrerenderIO.allowList.0: must be a valid regular expression')), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('seo.prerender.timeout: must be a whole number')), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('public.seo.readyTimeout: must be a whole number')), lines.join('\n'));
  });

  it('mounts no prerender without a service URL or a token, and a self-hosted service needs no token', () => {
    const none = seoServerOptions({}, { ROOT_URL: 'https://app.example', NODE_ENV: 'production' });
    assert.equal(none.prerender, undefined);
    const selfHosted = seoServerOptions({ PrerenderIO: { serviceUrl: 'http://127.0.0.1:3033/' } }, { ROOT_URL: 'https://app.example' });
    assert.equal(selfHosted.prerender?.prerenderServiceUrl, 'http://127.0.0.1:3033/');
    assert.equal(selfHosted.prerender?.prerenderToken, undefined);
    const prerenderIO = seoServerOptions({ PrerenderIO: { token: 'x' } }, { ROOT_URL: 'https://app.example' });
    assert.equal(prerenderIO.prerender?.prerenderServiceUrl, undefined);
    assert.equal(prerenderIO.prerender?.prerenderToken, 'x');
  });

  it('is indexable only in production unless seo.indexable says otherwise', () => {
    assert.equal(seoServerOptions({}, { ROOT_URL: 'https://a.example', NODE_ENV: 'production' }).indexable, true);
    assert.equal(seoServerOptions({}, { ROOT_URL: 'https://a.example', NODE_ENV: 'development' }).indexable, false);
    assert.equal(seoServerOptions({}, { ROOT_URL: 'https://a.example' }).indexable, false);
    assert.equal(seoServerOptions({ seo: { indexable: false } }, { ROOT_URL: 'https://a.example', NODE_ENV: 'production' }).indexable, false);
  });

  it('refuses to start without ROOT_URL, saying so', () => {
    assert.throws(() => seoServerOptions({}, {}), /flightdeck:seo needs ROOT_URL/);
  });
});
