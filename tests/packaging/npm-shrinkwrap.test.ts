// The npm-shrinkwrap.json each Meteor package with Npm.depends commits, in the format Meteor 3
// writes (tools/isobuild/meteor-npm.js, lockfileVersion 4), so transitive versions do not float.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmDepends, shrinkwrapTree } from '../../scripts/npm-shrinkwrap.mjs';
import { repoRoot } from '../helpers/packed-tarballs.ts';

interface ShrinkwrapEntry {
  version: string;
  resolved: string;
  integrity: string;
  dependencies?: Record<string, ShrinkwrapEntry>;
}

const repoLock = (JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> }).packages;

/** What a package needs, as npm recorded it for that version in the repository's lock. */
function declaredDependencies(name: string, version: string): Record<string, string> | undefined {
  const key = Object.keys(repoLock).find((path) => path.endsWith(`node_modules/${name}`) && repoLock[path].version === version);
  return key ? (repoLock[key].dependencies ?? {}) : undefined;
}

describe('the npm-shrinkwrap.json of each package with Npm.depends', () => {
  for (const name of ['settings', 'seo']) {
    describe(`flightdeck:${name}`, () => {
      const file = join(repoRoot, 'packages', name, '.npm', 'package', 'npm-shrinkwrap.json');

      it("is committed in Meteor 3's format, with the exact Npm.depends versions at the top", () => {
        assert.ok(existsSync(file), file);
        const shrinkwrap = JSON.parse(readFileSync(file, 'utf8')) as { lockfileVersion: number; dependencies: Record<string, ShrinkwrapEntry> };
        assert.deepEqual(Object.keys(shrinkwrap), ['lockfileVersion', 'dependencies']);
        assert.equal(shrinkwrap.lockfileVersion, 4);
        const depends = npmDepends(join(repoRoot, 'packages', name, 'package.js')) ?? {};
        for (const [dependency, version] of Object.entries(depends)) assert.equal(shrinkwrap.dependencies[dependency]?.version, version, dependency);
      });

      it('pins every package it installs: a registry tarball and its sha512, and what each one needs is in the tree', () => {
        const shrinkwrap = JSON.parse(readFileSync(file, 'utf8')) as { dependencies: Record<string, ShrinkwrapEntry> };
        const visit = (level: Record<string, ShrinkwrapEntry>, ancestors: Array<Record<string, ShrinkwrapEntry>>) => {
          for (const [dependency, entry] of Object.entries(level)) {
            assert.match(entry.resolved, new RegExp(`^https://registry\\.npmjs\\.org/${dependency.replace('/', '\\/')}/-/`), dependency);
            assert.match(entry.integrity, /^sha512-/, dependency);
            const scopes = [entry.dependencies ?? {}, level, ...ancestors];
            for (const needed of Object.keys(declaredDependencies(dependency, entry.version) ?? {})) {
              const found = scopes.find((scope) => scope[needed])?.[needed];
              assert.ok(found, `${dependency}@${entry.version} needs ${needed}, which the shrinkwrap does not install`);
            }
            if (entry.dependencies) visit(entry.dependencies, [level, ...ancestors]);
          }
        };
        visit(shrinkwrap.dependencies, []);
      });

      it('keeps node_modules out of git', () => {
        const ignored = execFileSync('git', ['check-ignore', `packages/${name}/.npm/package/node_modules/x/index.js`], { cwd: repoRoot, encoding: 'utf8' });
        assert.equal(ignored.trim(), `packages/${name}/.npm/package/node_modules/x/index.js`);
      });
    });
  }

  it('nests a package where npm nests it, one level per node_modules folder, as Meteor does', () => {
    const tree = shrinkwrapTree({
      '': {},
      'node_modules/a': { version: '1.0.0', resolved: 'r-a', integrity: 'i-a' },
      'node_modules/a/node_modules/debug': { version: '3.2.7', resolved: 'r-d3', integrity: 'i-d3' },
      'node_modules/@s/b': { version: '2.0.0', resolved: 'r-b', integrity: 'i-b' },
      'node_modules/debug': { version: '4.4.0', resolved: 'r-d4', integrity: 'i-d4' },
    });
    assert.deepEqual(tree, {
      a: { version: '1.0.0', resolved: 'r-a', integrity: 'i-a', dependencies: { debug: { version: '3.2.7', resolved: 'r-d3', integrity: 'i-d3' } } },
      '@s/b': { version: '2.0.0', resolved: 'r-b', integrity: 'i-b' },
      debug: { version: '4.4.0', resolved: 'r-d4', integrity: 'i-d4' },
    });
  });
});
