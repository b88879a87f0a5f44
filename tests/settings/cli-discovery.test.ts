import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { meteorWarehouseDir } from '../../packages/settings/src/cli/installed-isopack.ts';
import { installIsopack } from '../helpers/atmosphere-isopack.ts';

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

  describe('packages Meteor installed from Atmosphere', () => {
    /** A home directory whose ~/.meteor/packages holds these packages' isopacks. */
    function homeWith(packages: Array<{ dir: string; version: string; npmModules?: Record<string, string> }>): string {
      const home = mkdtempSync(join(tmpdir(), 'flightdeck-home-'));
      apps.push(home);
      for (const { dir, ...options } of packages) installIsopack(join(home, '.meteor'), dir, options);
      return home;
    }

    it("reads ~/.meteor/packages/<author>_<name>/<version>, at the version in .meteor/versions, and a local package wins", () => {
      const home = homeWith([{ dir: join(PACKAGES, 'cdn'), version: '0.1.0' }, { dir: join(PACKAGES, 'seo'), version: '0.1.0' }]);
      const app = makeApp({
        meteorPackages: ['meteor-base@1.5.2', 'flightdeck:cdn', 'flightdeck:seo'],
        files: { '.meteor/versions': 'flightdeck:cdn@0.1.0\nflightdeck:seo@0.1.0\nflightdeck:settings@0.1.0\nmeteor-base@1.5.2\n' },
        settings: { public: { cdn: { cacheBusting: 'no' } }, seo: { prerender: { timeout: -1 } } },
      });
      const result = check(app, [], { HOME: home });
      assert.equal(result.status, 1, result.stderr);
      assert.deepEqual(result.lines, ['public.cdn.cacheBusting: must be true or false, not a string', 'seo.prerender.timeout: must be a whole number greater than 0']);
      assert.match(result.stderr, /cdn \(~\/\.meteor\/packages\/flightdeck_cdn\/0\.1\.0\)/);
      assert.match(result.stderr, /PrerenderIO \(~\/\.meteor\/packages\/flightdeck_seo\/0\.1\.0\), seo \(~\/\.meteor\/packages\/flightdeck_seo\/0\.1\.0\)/);
      assert.doesNotMatch(result.stderr, /warning:/);

      const withLocal = makeApp({
        meteorPackages: ['flightdeck:cdn'],
        files: { '.meteor/versions': 'flightdeck:cdn@0.1.0\n' },
        links: { 'packages/cdn': join(PACKAGES, 'cdn') },
        settings: { public: {} },
      });
      assert.match(check(withLocal, [], { HOME: home }).stderr, /cdn \(packages\/cdn\)/);
    });

    it('reads the warehouse METEOR_WAREHOUSE_DIR names, as meteor does', () => {
      const warehouse = join(homeWith([{ dir: join(PACKAGES, 'analytics'), version: '0.1.0' }]), '.meteor');
      const app = makeApp({
        meteorPackages: ['flightdeck:analytics@=0.1.0'],
        files: { '.meteor/versions': 'flightdeck:analytics@0.1.0\n' },
        settings: { analytics: { segment: {} } },
      });
      const result = check(app, [], { HOME: tmpdir(), METEOR_WAREHOUSE_DIR: warehouse });
      assert.equal(result.status, 1, result.stderr);
      assert.deepEqual(result.lines, ['analytics.segment.writeKey: is required']);
      assert.match(result.stderr, /analytics \(.*flightdeck_analytics\/0\.1\.0\), analytics-okgrow \(.*flightdeck_analytics\/0\.1\.0\)/);
    });

    it("finds a fourth-party package's spec in the npm core its isopack carries (Npm.depends), and says which packages have none", () => {
      const source = mkdtempSync(join(tmpdir(), 'flightdeck-acme-'));
      apps.push(source);
      const write = (path: string, content: string): void => {
        mkdirSync(dirname(join(source, path)), { recursive: true });
        writeFileSync(join(source, path), content);
      };
      write('maps/package.js', "Package.describe({ name: 'acme:maps' });\nNpm.depends({ 'acme-maps-core': '1.0.0' });\nPackage.onUse((api) => { api.use('flightdeck:settings'); api.mainModule('server.js', 'server'); });\n");
      write('maps/server.js', "export const maps = true;\n");
      write('maps-core/package.json', JSON.stringify({ name: 'acme-maps-core', type: 'module', flightdeck: { meteorPackage: 'acme:maps', settingsSpec: './spec.js' } }));
      write('maps-core/spec.js', "export default { name: 'maps', public: { style: { type: String } } };\n");
      write('billing/package.js', "Package.describe({ name: 'acme:billing' });\nPackage.onUse((api) => { api.use(['ecmascript', 'flightdeck:settings']); api.mainModule('server.js', 'server'); });\n");
      write('billing/server.js', "export const billing = true;\n");
      const home = homeWith([
        { dir: join(source, 'maps'), version: '1.0.0', npmModules: { 'acme-maps-core': join(source, 'maps-core') } },
        { dir: join(source, 'billing'), version: '2.0.0' },
      ]);
      const app = makeApp({
        meteorPackages: ['acme:maps', 'acme:billing', 'flightdeck:cdn'],
        files: { '.meteor/versions': 'acme:maps@1.0.0\nacme:billing@2.0.0\nflightdeck:cdn@0.2.0\n' },
        settings: { public: { maps: {} } },
      });
      const result = check(app, [], { HOME: home });
      assert.equal(result.status, 1, result.stderr);
      assert.deepEqual(result.lines, ['public.maps.style: is required']);
      assert.match(result.stderr, /maps \(~\/\.meteor\/packages\/acme_maps\/1\.0\.0\/npm\/node_modules\/acme-maps-core\)/);
      assert.match(result.stderr, /warning: acme:billing@2\.0\.0 is installed from Atmosphere \(~\/\.meteor\/packages\/acme_billing\/2\.0\.0\) but ships no settings spec \(a settings-spec\.js or settings-spec\.mjs or settings-spec\.ts at its root\), so its keys cannot be checked: pass its schema with --schema <module>/);
      assert.match(result.stderr, /warning: flightdeck:cdn is in \.meteor\/packages but its settings spec was not found, so its keys cannot be checked: npm install --save-dev @flightdeck\/cdn \(its npm core ships the spec\), or pass its schema with --schema <module> \(Meteor has not downloaded flightdeck:cdn to ~\/\.meteor\/packages\/flightdeck_cdn\/0\.2\.0 yet: run the app once with meteor\)/);
    });

    it('looks where meteor does: METEOR_WAREHOUSE_DIR, else ~/.meteor (on Windows, next to METEOR_INSTALLATION)', () => {
      assert.equal(meteorWarehouseDir({ HOME: '/home/ada' }, 'linux'), '/home/ada/.meteor');
      assert.equal(meteorWarehouseDir({ HOME: '/home/ada', METEOR_WAREHOUSE_DIR: '/srv/meteor' }, 'linux'), '/srv/meteor');
      assert.equal(meteorWarehouseDir({ METEOR_INSTALLATION: 'C:/Users/ada/AppData/Local/.meteor/' }, 'win32'), join('C:/Users/ada/AppData/Local', '.meteor'));
    });
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

  it("each Flightdeck package's settings-spec.ts, which Atmosphere installs keep, exports the specs its npm core does", async () => {
    for (const name of ['cdn', 'analytics', 'seo']) {
      const manifest = JSON.parse(readFileSync(join(PACKAGES, name, 'package.json'), 'utf8')) as { flightdeck: { settingsSpec: string | string[] } };
      const npm: unknown[] = [];
      for (const module of [manifest.flightdeck.settingsSpec].flat()) npm.push(...Object.values((await import(join(PACKAGES, name, module))) as object));
      const atmosphere = Object.values((await import(join(PACKAGES, name, 'settings-spec.ts'))) as object);
      const names = (specs: unknown[]): string[] => specs.map((spec) => (spec as { name: string }).name).sort();
      assert.deepEqual(names(atmosphere), names(npm), name);
    }
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
