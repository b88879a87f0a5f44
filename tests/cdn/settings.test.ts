// Bad input in the settings: each problem is reported by flightdeck:settings with the key it is about.
import assert from 'node:assert/strict';
import { validateSettings, type SettingsReport } from '../../packages/settings/src/index.ts';
import { cdnSettings } from '../../packages/cdn/src/index.ts';

const ROOT_URL = 'https://app.example.com';

function check(settings: Record<string, unknown>, env: Record<string, string> = {}): SettingsReport {
  return validateSettings(settings, [cdnSettings], { env: { ROOT_URL, ...env } });
}

function lines(problems: SettingsReport['problems']): string[] {
  return problems.map((problem) => `${problem.path}: ${problem.message}`);
}

describe('flightdeck:cdn settings', () => {
  it('accepts no CDN at all, silently, and fills in the defaults', () => {
    const settings: Record<string, any> = { public: {} };
    const report = check(settings);
    assert.deepEqual(report.problems, []);
    assert.equal(settings.public.cdn.cacheBusting, true);
    assert.equal(settings.cdn.corsCredentials, false);
    assert.equal(settings.cdn.notFoundForMissingFiles, true);
  });

  it('reads the CDN from CDN_URL', () => {
    const settings: Record<string, any> = { public: {} };
    const report = check(settings, { CDN_URL: 'https://cdn.example.com/' });
    assert.deepEqual(report.problems, []);
    assert.equal(settings.public.cdn.url, 'https://cdn.example.com/');
    assert.equal(report.overridden.get('public.cdn.url'), 'CDN_URL');
  });

  it('names public.cdn.url and CDN_URL when CDN_URL is not a URL', () => {
    const report = check({ public: {} }, { CDN_URL: 'cdn.example.com' });
    assert.deepEqual(lines(report.errors), ['public.cdn.url: is not a URL: expected an absolute http(s) URL such as https://cdn.example.com']);
    assert.match(report.errors[0].hint ?? '', /CDN_URL/);
  });

  it('refuses a CDN URL with a query string', () => {
    const report = check({ public: { cdn: { url: 'https://cdn.example.com/?token=1' } } });
    assert.deepEqual(lines(report.errors), ['public.cdn.url: must not have a query string: assetUrl and Meteor append paths to it']);
  });

  it('refuses an ftp:// CDN URL', () => {
    const report = check({ public: {} }, { CDN_URL: 'ftp://cdn.example.com' });
    assert.deepEqual(lines(report.errors), ['public.cdn.url: must use http or https, not ftp']);
  });

  it("warns, without failing, when the CDN is on ROOT_URL's own host", () => {
    const report = check({ public: {} }, { CDN_URL: 'https://app.example.com/' });
    assert.equal(report.ok, true);
    assert.deepEqual(lines(report.warnings), [
      "public.cdn.url: is on the app's own host (app.example.com, as ROOT_URL): the CDN is off and the app serves its files itself",
    ]);
  });

  it('refuses * as a CORS origin together with credentials, and origins with a path', () => {
    const report = check({ public: {}, cdn: { corsOrigins: ['*'], corsCredentials: true } });
    assert.deepEqual(report.errors.map((problem) => problem.path), ['cdn.corsCredentials']);
    const paths = check({ public: {}, cdn: { corsOrigins: ['https://app.example.com', 'https://app.example.com/page'] } });
    assert.deepEqual(lines(paths.errors), ['cdn.corsOrigins.1: is not an origin: expected scheme://host[:port] without a path, such as https://app.example.com, or *']);
  });

  it('reads CORS origins and extensions from comma-separated env variables', () => {
    const settings: Record<string, any> = { public: {} };
    const report = check(settings, { CDN_CORS_ORIGINS: 'https://a.example.com,https://b.example.com', CDN_CORS_EXTENSIONS: 'woff2,.svg' });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(settings.cdn.corsOrigins, ['https://a.example.com', 'https://b.example.com']);
    assert.deepEqual(settings.cdn.extensions, ['woff2', '.svg']);
  });

  it('refuses extensions that are not extensions and a fractional preflight max age', () => {
    const report = check({ public: {}, cdn: { extensions: ['woff2', '*.ttf'], corsMaxAge: 1.5 } });
    assert.deepEqual(report.errors.map((problem) => problem.path).sort(), ['cdn.corsMaxAge', 'cdn.extensions.1']);
  });

  it('describes every key, for the README table and the JSON Schema', () => {
    for (const part of [cdnSettings.public, cdnSettings.private]) {
      for (const [key, definition] of Object.entries(part)) {
        if (key.endsWith('.$')) continue;
        assert.ok((definition as { description?: string }).description, `${key} has no description`);
        assert.ok((definition as { env?: string }).env, `${key} has no env override`);
      }
    }
  });
});
