import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const APP = 'example-app';

function check(file: string, environment: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    'npx',
    ['--no-install', 'flightdeck-settings', 'check', file, '--schema', `${APP}/settings.schema.ts`, '--env', environment],
    { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8', timeout: 30_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// What a deploy pipeline provides from its secret store; never in the files.
const DEPLOY_SECRETS = { SEGMENT_WRITE_KEY: 'ci-placeholder-write-key' };

describe("the example app's settings files", () => {
  for (const environment of ['development', 'staging', 'production']) {
    it(`passes the deploy check for ${environment}, with the app's own schema`, () => {
      const result = check(`${APP}/settings.${environment}.json`, environment, environment === 'development' ? {} : DEPLOY_SECRETS);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      // problem lines start at column 0; each one's hint is indented below it
      assert.doesNotMatch(result.stdout, /^(?! )(?!.*\(warning\)$).+$/m, 'no errors, only warnings');
    });
  }

  it('holds no secret: production fails the check until the deploy provides SEGMENT_WRITE_KEY', () => {
    const text = readFileSync(`${APP}/settings.production.json`, 'utf8');
    assert.doesNotMatch(text, /writeKey|password|secret/i);
    const result = check(`${APP}/settings.production.json`, 'production');
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^analytics\.segment\.writeKey: is required$/m);
  });

  it('fails for a broken copy, naming each broken key of each package and of the app', () => {
    const settings = JSON.parse(readFileSync(`${APP}/settings.production.json`, 'utf8'));
    settings.public.cdn.url = 'ftp://cdn.example.com';
    settings.public.supportEmail = 'nobody';
    settings.public.analytics.destinations.googleAnalytics.measurementId = 42;
    settings.public.stripeSecretKey = 'sk_live_abcdefghijklmnopqrstuv';
    settings.seo.prerender.timeout = 'soon';
    const file = join(mkdtempSync(join(tmpdir(), 'flightdeck-example-')), 'settings.production.json');
    writeFileSync(file, JSON.stringify(settings, null, 2));
    const result = check(file, 'production', DEPLOY_SECRETS);
    assert.equal(result.status, 1);
    const errors = result.stdout.split('\n').filter((line) => line && !line.startsWith(' ') && !line.endsWith('(warning)'));
    assert.deepEqual(errors.map((line) => line.split(':')[0]), [
      'public.analytics.destinations.googleAnalytics.measurementId',
      'public.cdn.url',
      'public.stripeSecretKey',
      'public.supportEmail',
      'seo.prerender.timeout',
    ]);
    assert.doesNotMatch(result.stdout + result.stderr, /sk_live_/);
  });
});
