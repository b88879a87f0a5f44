import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSettings } from '../../packages/settings/src/index.ts';
import { prerenderIOSettings, seoServerOptions, seoSettings } from '../../packages/seo/src/index.ts';

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
      concurrency: 4,
      queueSize: 16,
      queryParams: [],
      maxBodyBytes: 5 * 1024 * 1024,
      cacheBytes: 50 * 1024 * 1024,
      linkPreviewBots: true,
      detectUnlistedCrawlers: true,
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

  it('is indexable only when seo.indexable is true, whatever NODE_ENV says', () => {
    assert.equal(seoServerOptions({ seo: { indexable: true } }, { ROOT_URL: 'https://a.example', NODE_ENV: 'production' }).indexable, true);
    assert.equal(seoServerOptions({ seo: { indexable: false } }, { ROOT_URL: 'https://a.example', NODE_ENV: 'production' }).indexable, false);
    assert.equal(seoServerOptions({}, { ROOT_URL: 'https://a.example', NODE_ENV: 'production' }).indexable, false);
    assert.equal(seoServerOptions({}, { ROOT_URL: 'https://a.example', NODE_ENV: 'development' }).indexable, false);
    assert.equal(seoServerOptions({ seo: { indexable: true } }, { ROOT_URL: 'https://a.example', NODE_ENV: 'development' }).indexable, true);
  });

  it('reports an invalid seo.indexable, then falls back to the default (false), never to true', () => {
    const settings: Record<string, unknown> = { public: {}, seo: { indexable: 'yes-please' } };
    const report = validateSettings(settings, specs, { env: {}, environment: 'development' });
    assert.ok(report.errors.some((problem) => problem.path === 'seo.indexable'), JSON.stringify(report.errors));
    assert.equal(seoServerOptions(settings as never, { ROOT_URL: 'https://a.example', NODE_ENV: 'development' }).indexable, false);
    assert.equal(seoServerOptions({ seo: { indexable: 1 as never } }, { ROOT_URL: 'https://a.example', NODE_ENV: 'production' }).indexable, false);
  });

  it('falls back to each default for every other value that failed validation, and never throws', () => {
    const options = seoServerOptions(
      {
        PrerenderIO: { serviceUrl: 'http://127.0.0.1:3033/', allowList: ['(unclosed', '^/ok'], protocol: 'gopher' as never, forwardHeaders: 'yes' as never },
        seo: { prerender: { timeout: -1, concurrency: 'many' as never, queueSize: 1.5, queryParams: 'page' as never, cacheBytes: -5 }, sitemap: { timeout: 0 }, robots: { disallow: [3 as never, '/x'] } },
      },
      { ROOT_URL: 'https://a.example', NODE_ENV: 'development' },
    );
    assert.equal(options.prerender?.timeout, 5000);
    assert.equal(options.prerender?.concurrency, 4);
    assert.equal(options.prerender?.queueSize, 16);
    assert.deepEqual(options.prerender?.queryParams, []);
    assert.equal(options.prerender?.cacheBytes, 50 * 1024 * 1024);
    assert.equal(options.prerender?.protocol, undefined);
    assert.equal(options.prerender?.forwardHeaders, false);
    assert.deepEqual(options.prerender?.allowList?.map(String), ['/^\\/ok/']);
    assert.equal(options.sitemapTimeout, 10_000);
    assert.deepEqual(options.robots.disallow, ['/x']);
    assert.equal(seoServerOptions({ PrerenderIO: { serviceUrl: 'ftp://x' } }, { ROOT_URL: 'https://a.example' }).prerender, undefined);
  });

  it('in production, an unset seo.indexable is a settings error with a hint', () => {
    const report = validateSettings({ public: {} }, specs, { env: {}, environment: 'production' });
    const problem = report.errors.find((candidate) => candidate.path === 'seo.indexable');
    assert.ok(problem, JSON.stringify(report.errors));
    assert.match(problem.message, /must be set when NODE_ENV is production: true on production, false on staging/);
    assert.match(problem.hint ?? '', /staging deploy runs with NODE_ENV=production/);
    for (const indexable of [true, false]) {
      assert.deepEqual(validateSettings({ public: {}, seo: { indexable } }, specs, { env: {}, environment: 'production' }).errors, []);
    }
    assert.deepEqual(validateSettings({ public: {} }, specs, { env: { SEO_INDEXABLE: 'false' }, environment: 'production' }).errors, []);
    assert.deepEqual(validateSettings({ public: {} }, specs, { env: {}, environment: 'development' }).errors, []);
  });

  it('the settings CLI reports the unset seo.indexable for --env production the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seo-indexable-'));
    try {
      const file = join(dir, 'settings.production.json');
      writeFileSync(file, JSON.stringify({ PrerenderIO: { serviceUrl: 'http://127.0.0.1:3033/' } }));
      const cli = (args: string[]) => spawnSync(process.execPath, ['packages/settings/bin/flightdeck-settings.js', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      const production = cli(['check', file, '--env', 'production']);
      assert.equal(production.status, 1, production.stdout + production.stderr);
      assert.match(production.stdout, /^seo\.indexable: must be set when NODE_ENV is production/m);
      assert.match(production.stdout + production.stderr, /true on production, false on staging/);
      const staging = cli(['check', file, '--env', 'staging']);
      assert.equal(staging.status, 0, staging.stdout + staging.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start without ROOT_URL, saying so', () => {
    assert.throws(() => seoServerOptions({}, {}), /flightdeck:seo needs ROOT_URL/);
  });
});
