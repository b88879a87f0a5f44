import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { checkSettingsAtStartup, readMeteorSettings, SettingsError, SettingsParseError } from '../../packages/settings/src/index.ts';

const START_SERVER = 'tests/fixtures/settings/start-server.ts';

function startServer(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', START_SERVER], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BAD_SETTINGS = JSON.stringify({
  public: { siteName: 7, cdn: { cacheBusting: 'no' }, stripeSecretKey: 'sk_live_abcdefghijklmnopq' },
});

describe('settings at server startup', () => {
  it('refuses to start in production, with every problem and its full key path in the error', () => {
    const result = startServer({ NODE_ENV: 'production', METEOR_SETTINGS: BAD_SETTINGS });
    assert.notEqual(result.status, 0);
    assert.doesNotMatch(result.stdout, /listening/);
    assert.match(result.stderr, /SettingsError: flightdeck:settings refused to start the server/);
    assert.match(result.stderr, /public\.siteName: must be a string, not an integer/);
    assert.match(result.stderr, /public\.cdn\.cacheBusting: must be true or false, not a string/);
    assert.match(result.stderr, /public\.stripeSecretKey: has a secret-looking name/);
    assert.doesNotMatch(result.stderr, /sk_live_abcdefghijklmnopq/);
  });

  it('prints the production report once, with no dump of the report object after it', () => {
    const result = startServer({ NODE_ENV: 'production', METEOR_SETTINGS: BAD_SETTINGS });
    for (const line of ['public.siteName: must be a string', 'public.cdn.cacheBusting: must be', 'public.stripeSecretKey: has a secret-looking name', 'refused to start the server']) {
      assert.equal(result.stderr.split(line).length - 1, 1, `${line} printed once:\n${result.stderr}`);
    }
    assert.doesNotMatch(result.stderr, /report: \{|problems: \[/);
  });

  it("prints the production report once through Meteor's boot.js, which prints a startup error twice", () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'tests/fixtures/settings/meteor-boot-server.ts'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', METEOR_SETTINGS: JSON.stringify({ public: { siteName: 7 } }) },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 1);
    const output = result.stdout + result.stderr;
    for (const line of ['public.siteName: must be a string', 'writeKey: is required', 'Meteor.settings: 2 errors']) {
      assert.equal(output.split(line).length - 1, 1, `${line} printed once:\n${output}`);
    }
    assert.match(result.stderr, /^flightdeck:settings refused to start the server\.\nMeteor\.settings: 2 errors/);
    assert.match(result.stdout, /error on boot\.js SettingsError: flightdeck:settings refused to start the server: the settings report above says why\./);
    assert.doesNotMatch(output, /listening/);
  });

  it('starts in development, after logging the same report', () => {
    const result = startServer({ NODE_ENV: 'development', METEOR_SETTINGS: BAD_SETTINGS });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /listening \d+/);
    assert.match(result.stderr, /3 errors, 0 warnings/);
    assert.match(result.stderr, /in production the server would not start/);
  });

  it('starts in production with valid settings, env overrides and defaults applied to the same public object', () => {
    const result = startServer({
      NODE_ENV: 'production',
      METEOR_SETTINGS: JSON.stringify({ public: { siteName: 'Launch notes' } }),
      CDN_URL: 'https://cdn.example.com',
    });
    assert.equal(result.status, 0, result.stderr);
    const state = JSON.parse(result.stdout.split('\n')[1]);
    assert.deepEqual(state, {
      public: { siteName: 'Launch notes', cdn: { url: 'https://cdn.example.com', cacheBusting: true } },
      sameObject: true,
    });
    assert.equal(result.stderr, '');
  });

  it('names METEOR_SETTINGS and the line and column when it is not JSON', () => {
    const result = startServer({ NODE_ENV: 'production', METEOR_SETTINGS: '{\n  "public": {\n    "siteName": "x",\n  }\n}' });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /METEOR_SETTINGS is not valid JSON at line 4, column 3/);
  });

  it('reads a missing or empty METEOR_SETTINGS as empty settings, as Meteor does', () => {
    assert.deepEqual(readMeteorSettings({}), { public: {} });
    assert.deepEqual(readMeteorSettings({ METEOR_SETTINGS: '  ' }), { public: {} });
    assert.throws(() => readMeteorSettings({ METEOR_SETTINGS: '[1, 2]' }), SettingsParseError);
    assert.throws(() => readMeteorSettings({ METEOR_SETTINGS: '{"public": ' }), /METEOR_SETTINGS is not valid JSON at line 1, column 12/);
  });

  it('throws a SettingsError that carries the report, only for errors, not warnings', () => {
    const spec = { name: 'app', scope: 'app', private: { port: { type: Number } } } as const;
    assert.throws(
      () => checkSettingsAtStartup({ public: {} }, [spec], { production: true, env: {}, log: () => undefined }),
      (error: unknown) => error instanceof SettingsError && error.report.errors[0]?.path === 'port',
    );
    const logged: string[] = [];
    const report = checkSettingsAtStartup({ public: {}, port: 1, extra: true }, [spec], {
      production: true,
      env: {},
      log: (text) => logged.push(text),
    });
    assert.equal(report.ok, true);
    assert.match(logged.join('\n'), /warning extra: is not declared by any schema/);
  });
});
