import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const BIN = resolve('packages/settings/bin/flightdeck-settings.js');
const PACKAGES = resolve('packages');

interface AppLayout {
  meteorPackages?: string[];
  /** files to write, path → content (a string, or an object written as JSON) */
  files?: Record<string, string | object>;
  /** symlinks, path in the app → target */
  links?: Record<string, string>;
  settings: object;
}

const apps: string[] = [];

/** A throwaway Meteor app directory, laid out as a user's would be. */
function makeApp(layout: AppLayout): string {
  const dir = mkdtempSync(join(tmpdir(), 'flightdeck-app-'));
  apps.push(dir);
  const write = (path: string, content: string | object): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  if (layout.meteorPackages) write('.meteor/packages', `# Meteor packages used by this project\n${layout.meteorPackages.join('\n')}\n`);
  for (const [path, content] of Object.entries(layout.files ?? {})) write(path, content);
  for (const [path, target] of Object.entries(layout.links ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  write('settings.json', layout.settings);
  return dir;
}

function check(app: string, args: string[] = [], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; lines: string[] } {
  const result = spawnSync(process.execPath, [BIN, 'check', 'settings.json', ...args], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stdout.split('\n').filter((line) => line && !line.startsWith(' ')) };
}

describe('flightdeck-settings finds the specs of the packages an app uses', function () {
  this.timeout(60_000);

  after(() => {
    for (const dir of apps) rmSync(dir, { recursive: true, force: true });
  });

  it("reads a package in the app's packages/ folder that .meteor/packages names, and no other", () => {
    const app = makeApp({
      meteorPackages: ['meteor-base@1.5.2', 'flightdeck:cdn@0.1.0 # the CDN', 'mongo'],
      links: { 'packages/cdn': join(PACKAGES, 'cdn'), 'packages/analytics': join(PACKAGES, 'analytics') },
      settings: { public: { cdn: { ulr: 'https://cdn.example.com', cacheBusting: 'no' } }, analytics: { segment: {} } },
    });
    const result = check(app);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.lines, [
      'public.cdn.cacheBusting: must be true or false, not a string',
      'analytics: is not declared by any schema (warning)',
      'public.cdn.ulr: is not declared by any schema (warning)',
    ]);
    assert.match(result.stdout, /Did you mean public\.cdn\.url\?/);
    assert.match(result.stderr, /schemas: flightdeck \(built in\), cdn \(packages\/cdn\)\n/);
  });

  it('reads the packages in METEOR_PACKAGE_DIRS that .meteor/packages names', () => {
    const app = makeApp({
      meteorPackages: ['flightdeck:analytics', 'flightdeck:seo'],
      settings: { public: { cdn: { url: 'x' } }, analytics: { segment: {} }, PrerenderIO: { serviceUrl: 'ftp://render' } },
    });
    const result = check(app, [], { METEOR_PACKAGE_DIRS: PACKAGES });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.lines, [
      'PrerenderIO.serviceUrl: must be an http(s) URL',
      'analytics.segment.writeKey: is required',
      'public.cdn: is not declared by any schema (warning)',
    ]);
    assert.match(result.stderr, /analytics \(.*packages\/analytics\), analytics-okgrow \(.*packages\/analytics\)/);
    assert.match(result.stderr, /PrerenderIO \(.*packages\/seo\), seo \(.*packages\/seo\)/);
  });

  it("reads installed @flightdeck/* packages and any dependency whose package.json declares a spec (a fourth-party package)", () => {
    const app = makeApp({
      files: {
        'package.json': { name: 'my-app', dependencies: { 'acme-maps': '1.0.0' } },
        'node_modules/acme-maps/package.json': { name: 'acme-maps', type: 'module', flightdeck: { meteorPackage: 'acme:maps', settingsSpec: './settings-spec.js' } },
        'node_modules/acme-maps/settings-spec.js': "export const mapsSettings = { name: 'maps', public: { style: { type: String, description: 'The map style.' } } };\n",
        // declares a spec but the app does not depend on it: not read
        'node_modules/stray/package.json': { name: 'stray', flightdeck: { settingsSpec: './spec.js' } },
        'node_modules/stray/spec.js': "export default { name: 'stray', private: { must: { type: String } } };\n",
      },
      links: { 'node_modules/@flightdeck/seo': join(PACKAGES, 'seo') },
      settings: { public: { maps: {} }, seo: { prerender: { timeout: -1 } } },
    });
    const result = check(app);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.lines, ['public.maps.style: is required', 'seo.prerender.timeout: must be a whole number greater than 0']);
    assert.match(result.stdout, /The map style\. Add it to the settings file\./);
    assert.match(result.stderr, /maps \(node_modules\/acme-maps\)/);
    assert.doesNotMatch(result.stderr, /stray/);
  });

  it('says what to do about a package in .meteor/packages whose spec it cannot find', () => {
    const app = makeApp({
      meteorPackages: ['flightdeck:cdn', 'acme:billing'],
      files: {
        'packages/billing/package.js': "Package.describe({ name: 'acme:billing', version: '1.0.0' });\nPackage.onUse((api) => { api.use('flightdeck:settings'); });\n",
        'packages/declared/package.js': "Package.describe({ name: 'acme:declared' });\n",
        'packages/declared/package.json': { name: 'declared', flightdeck: { meteorPackage: 'acme:declared', settingsSpec: './dist/spec.js' } },
      },
      settings: { public: {} },
    });
    const result = check(app);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /warning: flightdeck:cdn is in \.meteor\/packages but its settings spec was not found, so its keys cannot be checked: npm install --save-dev @flightdeck\/cdn \(its npm core ships the spec\), or pass its schema with --schema <module>/);
    assert.match(result.stderr, /warning: acme:billing is in \.meteor\/packages but its settings spec was not found.*: pass its schema with --schema <module>/);
    // acme:declared is not used by the app: its missing file is not its problem
    assert.doesNotMatch(result.stderr, /declared/);

    const used = makeApp({
      meteorPackages: ['acme:declared'],
      files: {
        'packages/declared/package.js': "Package.describe({ name: 'acme:declared' });\n",
        'packages/declared/package.json': { name: 'declared', flightdeck: { meteorPackage: 'acme:declared', settingsSpec: './dist/spec.js' } },
      },
      settings: { public: {} },
    });
    assert.match(check(used).stderr, /packages\/declared\/dist\/spec\.js is declared as a settings spec but is not there: build the package, or pass its schema with --schema/);
  });

  it('does not load a spec module a package.json points at outside its package', () => {
    const app = makeApp({
      files: {
        'package.json': { name: 'my-app', dependencies: { sneaky: '1.0.0' } },
        'node_modules/sneaky/package.json': { name: 'sneaky', flightdeck: { settingsSpec: '../../outside.mjs' } },
        'outside.mjs': "export default { name: 'outside', private: { must: { type: String } } };\n",
      },
      settings: { public: {} },
    });
    const result = check(app);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /node_modules\/sneaky\/package\.json names a settings spec outside its package \(\.\.\/\.\.\/outside\.mjs\): not loaded/);
  });

  it('lets --schema replace a found spec of the same name', () => {
    const app = makeApp({
      meteorPackages: ['flightdeck:cdn'],
      links: { 'packages/cdn': join(PACKAGES, 'cdn') },
      files: { 'cdn-override.mjs': "export default { name: 'cdn', public: { host: { type: String } } };\n" },
      settings: { public: { cdn: { host: 'x', url: 'https://cdn.example.com' } } },
    });
    const result = check(app, ['--schema', 'cdn-override.mjs']);
    assert.deepEqual(result.lines, ['public.cdn.url: is not declared by any schema (warning)']);
    assert.match(result.stderr, /cdn \(cdn-override\.mjs\)/);
  });

  it('finds the app through --app from another directory', () => {
    const app = makeApp({ meteorPackages: ['flightdeck:cdn'], links: { 'packages/cdn': join(PACKAGES, 'cdn') }, settings: { public: { cdn: { cacheBusting: 1 } } } });
    const elsewhere = mkdtempSync(join(tmpdir(), 'flightdeck-ci-'));
    apps.push(elsewhere);
    const result = spawnSync(process.execPath, [BIN, 'check', join(app, 'settings.json'), '--app', app], { cwd: elsewhere, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^public\.cdn\.cacheBusting: must be true or false, not an integer/m);
  });

  it("prints what the settings README's CLI example shows, line for line", () => {
    const readme = readFileSync(join(PACKAGES, 'settings', 'README.md'), 'utf8');
    const example = /```\n\$ npx flightdeck-settings (check [^\n]+)\n([\s\S]*?)```/.exec(readme);
    assert.ok(example, 'the README has a CLI example');
    const app = makeApp({
      files: { 'settings.schema.js': readFileSync('tests/fixtures/settings/app-schema.mjs', 'utf8'), 'package.json': { name: 'app', type: 'module' } },
      links: { 'node_modules/@flightdeck/cdn': join(PACKAGES, 'cdn') },
      settings: { public: { siteName: 7, cdn: { ulr: 'https://cdn.example.com' } } },
    });
    const result = spawnSync(process.execPath, [BIN, ...example[1].split(' ')], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    assert.equal(result.stdout + result.stderr, example[2]);
  });

  it("each Flightdeck package's package.json names a built spec module exporting its specs", async () => {
    const expected: Record<string, string[]> = { cdn: ['cdn'], analytics: ['analytics', 'analytics-okgrow'], seo: ['seo', 'PrerenderIO'] };
    for (const [name, specNames] of Object.entries(expected)) {
      const manifest = JSON.parse(readFileSync(join(PACKAGES, name, 'package.json'), 'utf8')) as { flightdeck: { meteorPackage: string; settingsSpec: string | string[] } };
      assert.equal(manifest.flightdeck.meteorPackage, `flightdeck:${name}`);
      const found: string[] = [];
      for (const module of [manifest.flightdeck.settingsSpec].flat()) {
        const exports = (await import(join(PACKAGES, name, module))) as Record<string, { name?: string }>;
        found.push(...Object.values(exports).map((value) => value.name).filter((value): value is string => typeof value === 'string'));
      }
      assert.deepEqual(found.sort(), [...specNames].sort(), name);
    }
  });
});
