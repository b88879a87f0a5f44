import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkMeteorSources,
  formatFailures,
  repositoryMeteorSources,
  type MeteorCompileReport,
} from '../helpers/meteor-compile.ts';

const ROOT = process.cwd();
const FIXTURES = join(ROOT, 'tests/fixtures/meteor-compile');

function fixture(name: string): Promise<MeteorCompileReport> {
  return checkMeteorSources({ root: ROOT, packages: [join(FIXTURES, name)], apps: [] });
}

function failuresOf(report: MeteorCompileReport, path: string): Array<{ arch: string; message: string }> {
  return report.failures.filter((failure) => failure.path === path).map(({ arch, message }) => ({ arch, message }));
}

function libFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name).slice(ROOT.length + 1));
}

describe('the Meteor compile check (Meteor 3 Babel: server on Node 20, modern and legacy browsers)', function () {
  this.timeout(120_000);

  describe("the repository's packages and example app", () => {
    let report: MeteorCompileReport;
    before(async () => {
      report = await checkMeteorSources({ root: ROOT, ...repositoryMeteorSources(ROOT) });
    });

    it('compile with no error', () => {
      assert.equal(formatFailures(report.failures), '');
    });

    it("compile each package's entries for the arches its package.js names, tests included", () => {
      for (const name of ['settings', 'cdn', 'analytics', 'seo']) {
        assert.deepEqual([...report.compiled.get(`packages/${name}/src/server.ts`) ?? []], ['os'], name);
        assert.deepEqual([...report.compiled.get(`packages/${name}/src/client.ts`) ?? []].sort(), ['web.browser', 'web.browser.legacy'], name);
        assert.deepEqual([...report.compiled.get(`packages/${name}/meteor-tests/server.ts`) ?? []], ['os'], name);
        assert.deepEqual([...report.compiled.get(`packages/${name}/meteor-tests/client.ts`) ?? []].sort(), ['web.browser', 'web.browser.legacy'], name);
      }
    });

    it("compile flightdeck:analytics' sub-path module (meteor/flightdeck:analytics/tracked) for the server and both browsers", () => {
      assert.deepEqual([...report.compiled.get('packages/analytics/tracked.ts') ?? []].sort(), ['os', 'web.browser', 'web.browser.legacy']);
      assert.ok(report.compiled.has('packages/analytics/src/lib/create-tracked-subscribe.ts'));
    });

    it('compile every core file found in the tree, imported or not', () => {
      const packages = readdirSync(join(ROOT, 'packages'));
      const files = packages.flatMap((name) => libFiles(join(ROOT, 'packages', name, 'src', 'lib')));
      assert.ok(files.length > 50, `found ${files.length} core files`);
      const missing = files.filter((file) => !report.compiled.has(file));
      assert.deepEqual(missing, []);
    });

    it("compile the example app's client for the browsers and its server for Node", () => {
      assert.deepEqual([...report.compiled.get('example-app/client/main.ts') ?? []].sort(), ['web.browser', 'web.browser.legacy']);
      assert.deepEqual([...report.compiled.get('example-app/server/main.ts') ?? []], ['os']);
      assert.ok(report.compiled.has('example-app/imports/ui/pages.ts'));
    });
  });

  describe('a package with class private members', () => {
    let report: MeteorCompileReport;
    before(async () => {
      report = await fixture('private-members');
    });

    it("fails on a private method, on the server that imports it, with Babel's message", () => {
      const failures = failuresOf(report, 'tests/fixtures/meteor-compile/private-members/src/lib/ticker.ts');
      assert.deepEqual(failures.map((failure) => failure.arch), ['os']);
      assert.match(failures[0].message, /^packages\/fixture:private-members\/src\/lib\/ticker\.ts: Class private methods are not enabled\./);
      assert.match(failures[0].message, /> \s*\d+ \|\s+#advance\(\)/);
    });

    it('fails on a private getter, in both browser builds that import it', () => {
      const failures = failuresOf(report, 'tests/fixtures/meteor-compile/private-members/src/lib/gauge.ts');
      assert.deepEqual(failures.map((failure) => failure.arch), ['web.browser', 'web.browser.legacy']);
      for (const failure of failures) assert.match(failure.message, /Class private methods are not enabled/);
    });

    it('accepts private and static fields everywhere', () => {
      assert.deepEqual(failuresOf(report, 'tests/fixtures/meteor-compile/private-members/src/lib/counter.ts'), []);
      assert.deepEqual([...report.compiled.get('tests/fixtures/meteor-compile/private-members/src/lib/counter.ts') ?? []].sort(), ['os', 'web.browser', 'web.browser.legacy']);
      assert.equal(report.failures.length, 3, formatFailures(report.failures));
    });
  });

  it('fails a browser import of a Node built-in that meteor-node-stubs does not provide, and allows it on the server', async () => {
    const report = await fixture('client-builtins');
    const messages = report.failures.map((failure) => `${failure.path} (${failure.arch}): ${failure.message}`);
    assert.deepEqual(messages, [
      'tests/fixtures/meteor-compile/client-builtins/src/client.ts (web.browser): imports "node:assert/strict", which meteor-node-stubs does not provide in the browser',
      'tests/fixtures/meteor-compile/client-builtins/src/client.ts (web.browser): imports "node:fs", which is an empty object in the browser (meteor-node-stubs)',
      'tests/fixtures/meteor-compile/client-builtins/src/client.ts (web.browser.legacy): imports "node:assert/strict", which meteor-node-stubs does not provide in the browser',
      'tests/fixtures/meteor-compile/client-builtins/src/client.ts (web.browser.legacy): imports "node:fs", which is an empty object in the browser (meteor-node-stubs)',
    ]);
  });

  it("fails a package's import of an npm module that is not in its Npm.depends, and allows the listed ones and type-only imports", async () => {
    const report = await fixture('npm-imports');
    const messages = report.failures.map((failure) => `${failure.path} (${failure.arch}): ${failure.message}`);
    const notListed = "which is not in its Npm.depends (Meteor would look for it in the app's node_modules)";
    assert.deepEqual(messages, [
      `tests/fixtures/meteor-compile/npm-imports/src/client.ts (web.browser): imports "not-listed", ${notListed}`,
      `tests/fixtures/meteor-compile/npm-imports/src/client.ts (web.browser.legacy): imports "not-listed", ${notListed}`,
      `tests/fixtures/meteor-compile/npm-imports/src/server.ts (os): imports "@scope/unlisted", ${notListed}`,
    ]);
  });

  it('fails a package.js that Meteor cannot run as a plain script', async () => {
    const report = await fixture('package-js-module');
    assert.equal(report.failures.length, 1);
    assert.equal(report.failures[0].path, 'tests/fixtures/meteor-compile/package-js-module/package.js');
    assert.match(report.failures[0].message, /Cannot use import statement outside a module/);
  });
});
