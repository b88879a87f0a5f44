// The repository's own commands as a contributor meets them: `npm test -- <filter>` and
// `npm run example` on a machine without Meteor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectSpecs } from '../../scripts/select-specs.mjs';
import { repoRoot } from '../helpers/packed-tarballs.ts';

describe('npm test -- <filter>', () => {
  it('matches file names, not only directories: "head" selects the head specs', () => {
    const selected = selectSpecs(repoRoot, ['head']);
    assert.ok(selected.node.includes('tests/seo/server-head.test.ts'), selected.node.join(', '));
    assert.ok(selected.browser.includes('tests/seo/head.browser.ts'), selected.browser.join(', '));
    assert.deepEqual(selected.unmatched, []);
  });

  it('matches a directory and an exact spec path', () => {
    assert.ok(selectSpecs(repoRoot, ['tests/settings']).node.every((path) => path.startsWith('tests/settings/')));
    assert.deepEqual(selectSpecs(repoRoot, ['tests/settings/cli.test.ts']).node, ['tests/settings/cli.test.ts']);
  });

  it('says "no spec matched <filter>" for a typo, at once, with exit code 2', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, ['scripts/test.mjs', 'haed'], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'no spec matched haed\n');
    assert.doesNotMatch(result.stdout + result.stderr, /runner crashed/);
    assert.ok(Date.now() - started < 10_000, 'answered before any install or build');
  });
});

describe('npm run example without Meteor', () => {
  it('says Meteor is missing before installing or building anything', () => {
    // A PATH with node and npm but no meteor.
    const bin = mkdtempSync(join(tmpdir(), 'no-meteor-'));
    try {
      symlinkSync(process.execPath, join(bin, 'node'));
      const started = Date.now();
      const result = spawnSync(process.execPath, ['scripts/example.mjs'], { cwd: repoRoot, env: { PATH: bin, HOME: process.env.HOME ?? '' }, encoding: 'utf8', timeout: 30_000 });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^The example app needs Meteor 3\. Install it with:/);
      assert.doesNotMatch(result.stdout + result.stderr, /npm (ci|install)|> npm run build|added \d+ packages/);
      assert.ok(Date.now() - started < 10_000, `answered in ${Date.now() - started} ms`);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
