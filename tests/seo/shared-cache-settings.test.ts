import assert from 'node:assert/strict';
import { validateSettings } from '../../packages/settings/src/index.ts';
import { prerenderIOSettings, seoServerOptions, seoSettings } from '../../packages/seo/src/server-index.ts';

const specs = [seoSettings, prerenderIOSettings];
const ROOT = { ROOT_URL: 'https://app.example', NODE_ENV: 'development' };

describe('seo.prerender.redis settings', () => {
  it('reads the Redis URL, prefix, TTL and command timeout from PRERENDER_REDIS_* and hands them on in milliseconds', () => {
    const settings: Record<string, unknown> = { public: {}, PrerenderIO: { serviceUrl: 'http://127.0.0.1:3033/' } };
    const report = validateSettings(settings, specs, {
      env: { PRERENDER_REDIS_URL: 'rediss://:pw-123456@cache.internal:6380/1', PRERENDER_REDIS_KEY_PREFIX: 'shop:', PRERENDER_REDIS_TTL: '3600', PRERENDER_REDIS_COMMAND_TIMEOUT: '300' },
    });
    assert.deepEqual(report.errors, []);
    const options = seoServerOptions(settings as never, ROOT);
    assert.deepEqual(options.prerender?.redis, { url: 'rediss://:pw-123456@cache.internal:6380/1', keyPrefix: 'shop:', commandTimeout: 300, ttl: 3_600_000 });
  });

  it('falls back to REDIS_URL, and stays in memory when neither is set or REDIS_URL is not a Redis URL', () => {
    const settings = { PrerenderIO: { serviceUrl: 'http://127.0.0.1:3033/' } };
    assert.equal(seoServerOptions(settings, { ...ROOT, REDIS_URL: 'redis://10.0.0.5:6379' }).prerender?.redis?.url, 'redis://10.0.0.5:6379');
    assert.equal(seoServerOptions(settings, ROOT).prerender?.redis, undefined);
    assert.equal(seoServerOptions(settings, { ...ROOT, REDIS_URL: 'memcached://x' }).prerender?.redis, undefined);
  });

  it('refuses a URL that is not redis:// with the full key and never echoes it (credentials included)', () => {
    const settings: Record<string, unknown> = { public: {}, seo: { prerender: { redis: { url: 'http://user:hunter22@cache:6379' } } } };
    const report = validateSettings(settings, specs, { env: {} });
    const problem = report.errors.find((error) => error.path === 'seo.prerender.redis.url');
    assert.ok(problem, JSON.stringify(report.errors));
    assert.match(problem.message, /must be a redis:\/\/ or rediss:\/\/ URL/);
    assert.doesNotMatch(JSON.stringify(report), /hunter22/);
  });
});
