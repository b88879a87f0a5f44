import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURES = 'tests/fixtures/settings';

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  // npx resolves the bin npm linked for the workspace, as it would in an app.
  const result = spawnSync('npx', ['--no-install', 'flightdeck-settings', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm warn.*\n/gm, '') };
}

/** The problem lines of a check's output, without the hints indented below them. */
function problemLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line !== '' && !line.startsWith(' '));
}

describe('the flightdeck-settings command', function () {
  // Each case starts npx and node up to six times: seconds each on a loaded machine.
  this.timeout(90_000);

  before(function () {
    if (!existsSync('packages/settings/dist/cli.js')) throw new Error('packages/settings/dist/cli.js is missing: run npm run build');
  });

  it('exits 0 for a valid file, with the app schema from --schema', () => {
    const result = cli(['check', `${FIXTURES}/valid.json`, '--schema', `${FIXTURES}/app-schema.mjs`]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /valid\.json: valid for development/);
  });

  it('exits 1 for an invalid file, one `<full.key.path>: <message>` line per problem, no value echoed', () => {
    const result = cli(['check', `${FIXTURES}/invalid.json`, '--schema', `${FIXTURES}/app-schema.mjs`, '--env', 'production']);
    assert.equal(result.status, 1);
    assert.deepEqual(problemLines(result.stdout), [
      'adminEmail: does not have the expected format',
      'flightdeck.strict: must be true or false, not a string',
      'public.siteName: must be a string, not an integer',
      'public.stripeSecretKey: has a secret-looking name, in the public settings',
      'extraKey: is not declared by any schema (warning)',
    ]);
    assert.doesNotMatch(result.stdout + result.stderr, /sk_live_|not-an-email/);
    assert.match(result.stderr, /4 errors for production/);
  });

  it('prints each hint under its problem, as the README shows: the description, the env variable, the key that was meant', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flightdeck-')), 'settings.json');
    writeFileSync(file, JSON.stringify({ public: { siteName: 7, cdn: { ulr: 'https://cdn.example.com' } } }));
    const result = cli(['check', file, '--schema', `${FIXTURES}/app-schema.mjs`]);
    assert.equal(result.status, 1);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'adminEmail: is required',
      '    Add it to the settings file, or set ADMIN_EMAIL.',
      'public.siteName: must be a string, not an integer',
      '    Shown in titles.',
      'public.cdn.ulr: is not declared by any schema (warning)',
      '    Did you mean public.cdn.url?',
    ]);
    assert.match(result.stderr, /: 2 errors for development \(1 warning\)/);
  });

  it('counts in the singular: 1 error, 1 warning', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flightdeck-')), 'settings.json');
    writeFileSync(file, JSON.stringify({ adminEmail: 'a@b.c', public: { siteName: 7, extra: 1 } }));
    const result = cli(['check', file, '--schema', `${FIXTURES}/app-schema.mjs`]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /: 1 error for development \(1 warning\)/);
    assert.doesNotMatch(result.stderr, /1 errors|1 warnings/);
  });

  for (const flag of ['--help', '-h', 'help']) {
    it(`prints its usage and exits 0 for ${flag}, also after a command`, () => {
      for (const args of [[flag], ['check', flag]]) {
        const result = cli(args);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /^Usage:\n  flightdeck-settings check/);
        assert.match(result.stdout, /Exit codes: 0 valid, 1 invalid, 2 usage error/);
        assert.doesNotMatch(result.stderr, /unknown option/);
      }
    });
  }

  it('refuses a mistyped option or command in one line, naming what it probably meant, and exits 2', () => {
    const option = cli(['check', `${FIXTURES}/valid.json`, '--strcit']);
    assert.equal(option.status, 2);
    assert.equal(option.stderr, 'flightdeck-settings: unknown option "--strcit": did you mean --strict? (see flightdeck-settings --help)\n');
    const command = cli(['chek', `${FIXTURES}/valid.json`]);
    assert.equal(command.status, 2);
    assert.equal(command.stderr, 'flightdeck-settings: unknown command "chek": did you mean check? (see flightdeck-settings --help)\n');
    assert.equal(cli(['check', '--zzz']).stderr, 'flightdeck-settings: unknown option "--zzz" (see flightdeck-settings --help)\n');
    const bare = cli([]);
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /^flightdeck-settings: no command given\nUsage:\n {2}flightdeck-settings check/);
  });

  it('turns unknown keys into errors with --strict', () => {
    const result = cli(['check', `${FIXTURES}/valid.json`, '--strict']);
    assert.equal(result.status, 1);
    assert.deepEqual(problemLines(result.stdout), ['adminEmail: is not declared by any schema', 'public.siteName: is not declared by any schema']);
  });

  it('applies env overrides from its environment, unless --ignore-env', () => {
    const bad = cli(['check', `${FIXTURES}/valid.json`, '--schema', `${FIXTURES}/app-schema.mjs`], { ADMIN_EMAIL: 'nope' });
    assert.equal(bad.status, 1);
    assert.deepEqual(problemLines(bad.stdout), ['adminEmail: does not have the expected format']);
    const ignored = cli(['check', `${FIXTURES}/valid.json`, '--schema', `${FIXTURES}/app-schema.mjs`, '--ignore-env'], { ADMIN_EMAIL: 'nope' });
    assert.equal(ignored.status, 0);
  });

  it('loads a TypeScript schema module', () => {
    const result = cli(['check', `${FIXTURES}/valid.json`, '--schema', `${FIXTURES}/app-schema.ts`]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('checks METEOR_SETTINGS when no file is given', () => {
    const settings = readFileSync(`${FIXTURES}/invalid.json`, 'utf8');
    const result = cli(['check', '--schema', `${FIXTURES}/app-schema.mjs`], { METEOR_SETTINGS: settings });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^public\.siteName: must be a string/m);
  });

  it('exits 2 with the line and column for a file that is not JSON', () => {
    const result = cli(['check', `${FIXTURES}/not-json.json`]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /not-json\.json is not valid JSON at line 5, column 25/);
  });

  it('exits 2 for a settings file larger than 16 MB, without reading it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flightdeck-')), 'huge.json');
    writeFileSync(file, Buffer.alloc(17 << 20, 0x20));
    const result = cli(['check', file]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /huge\.json is larger than 16 MB: that is not a settings file/);
  });

  it('exits 2 for a missing file, an unknown command or option, and a schema module that exports no schema', () => {
    assert.match(cli(['check', 'nowhere.json']).stderr, /cannot read nowhere\.json: no such file/);
    assert.equal(cli(['check', 'nowhere.json']).status, 2);
    assert.equal(cli(['deploy']).status, 2);
    assert.equal(cli(['check', `${FIXTURES}/valid.json`, '--fast']).status, 2);
    assert.equal(cli([]).status, 2);
    const noSchema = cli(['check', `${FIXTURES}/valid.json`, '--schema', `${FIXTURES}/valid.json`]);
    assert.equal(noSchema.status, 2);
    assert.match(noSchema.stderr, /cannot load the schema module|exports no settings schema/);
  });

  it('prints the merged JSON Schema, with descriptions, defaults and env overrides, for editors', () => {
    const result = cli(['json-schema', '--schema', `${FIXTURES}/app-schema.mjs`]);
    assert.equal(result.status, 0, result.stderr);
    const schema = JSON.parse(result.stdout);
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(schema.required, ['adminEmail']);
    assert.deepEqual(schema.properties.adminEmail, { type: 'string', pattern: '@', description: 'Environment override: ADMIN_EMAIL.' });
    assert.deepEqual(schema.properties.public.properties.siteName, { type: 'string', description: 'Shown in titles.' });
    assert.equal(schema.properties.flightdeck.properties.strict.default, false);
    assert.equal(schema.additionalProperties, false);
    assert.ok(schema.properties['galaxy.meteor.com']);
    const out = join(mkdtempSync(join(tmpdir(), 'flightdeck-')), 'schema.json');
    assert.equal(cli(['json-schema', '--out', out]).status, 0);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).title, 'Meteor.settings');
  });
});
