// The example app's Meteor project files: what `meteor run` resolves before any code runs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const APP = 'example-app';

/** .meteor/packages as Meteor reads it: one package a line, `#` comments, an optional constraint. */
function meteorPackages(): Map<string, string | undefined> {
  const packages = new Map<string, string | undefined>();
  for (const line of readFileSync(`${APP}/.meteor/packages`, 'utf8').split('\n')) {
    const entry = line.replace(/#.*/, '').trim();
    if (!entry) continue;
    const [name, constraint] = entry.split('@');
    packages.set(name, constraint);
  }
  return packages;
}

function versionParts(version: string): number[] {
  return version.replace(/^=/, '').split(/[-+]/)[0].split('.').map(Number);
}

/** The lowest version a constraint allows (`1.2.3` and `=1.2.3` both allow 1.2.3 first). */
function atLeast(constraint: string, minimum: string): boolean {
  const actual = versionParts(constraint);
  const wanted = versionParts(minimum);
  for (let index = 0; index < wanted.length; index += 1) {
    if ((actual[index] ?? 0) !== wanted[index]) return (actual[index] ?? 0) > wanted[index];
  }
  return true;
}

describe("the example app's Meteor project", () => {
  it('runs on a Meteor 3 release', () => {
    assert.match(readFileSync(`${APP}/.meteor/release`, 'utf8').trim(), /^METEOR@3\.\d+(\.\d+)*$/);
  });

  it('requires ostrio:flow-router-extra 3.12.1 or later in 3.x (earlier deadlocks Meteor 3 module loading)', () => {
    const constraint = meteorPackages().get('ostrio:flow-router-extra');
    assert.ok(constraint, 'ostrio:flow-router-extra has a version constraint');
    assert.ok(atLeast(constraint, '3.12.1'), constraint);
    assert.equal(versionParts(constraint)[0], 3, constraint);
  });

  it('has jquery, which Blaze needs, as a Meteor package and as the npm package it wraps', () => {
    assert.ok(meteorPackages().has('blaze-html-templates'));
    assert.ok(meteorPackages().has('jquery'));
    const manifest = JSON.parse(readFileSync(`${APP}/package.json`, 'utf8'));
    assert.ok(manifest.dependencies.jquery, 'package.json dependencies has jquery');
  });

  it('pins every community package to a version', () => {
    const unpinned = [...meteorPackages()].filter(([name, constraint]) => name.includes(':') && !name.startsWith('flightdeck:') && !constraint);
    assert.deepEqual(unpinned, []);
  });

  it('declares in package.json every @types package its tsconfig names', () => {
    const tsconfig = JSON.parse(readFileSync(`${APP}/tsconfig.json`, 'utf8'));
    const manifest = JSON.parse(readFileSync(`${APP}/package.json`, 'utf8'));
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    const missing = (tsconfig.compilerOptions.types as string[]).map((name) => `@types/${name}`).filter((name) => !declared[name]);
    assert.deepEqual(missing, []);
  });

  it('leaves .meteor/versions to Meteor (it resolves core packages from the release on the first run)', () => {
    assert.equal(existsSync(`${APP}/.meteor/versions`), false);
  });
});
