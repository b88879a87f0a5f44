import nodeAssert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PACKAGES = ['settings', 'cdn', 'analytics', 'seo'];

describe("the packages' Meteor client tests' assert (no node:assert/strict in a Meteor browser build)", () => {
  it('is the same file in each package', () => {
    const copies = new Set(PACKAGES.map((name) => readFileSync(`packages/${name}/meteor-tests/assert.ts`, 'utf8')));
    nodeAssert.equal(copies.size, 1);
  });

  it('passes on equal values and data, and throws otherwise', async () => {
    const { assert } = await import('../../packages/settings/meteor-tests/assert.ts');
    assert.ok(1);
    assert.equal('a', 'a');
    assert.deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] });
    nodeAssert.throws(() => assert.ok(0, 'zero'), /^Error: zero$/);
    nodeAssert.throws(() => assert.equal(1, '1'), /expected 1, got 1/);
    nodeAssert.throws(() => assert.deepEqual({ a: 1 }, { a: 1, b: undefined }));
    nodeAssert.throws(() => assert.deepEqual([1], { 0: 1 }));
    nodeAssert.throws(() => assert.deepEqual({ a: { b: 2 } }, { a: { b: 3 } }), /expected \{"a":\{"b":3\}\}/);
  });
});
