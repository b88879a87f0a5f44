// The assertions the client tests use. Not `node:assert/strict`: in a Meteor browser build Node
// built-ins come from meteor-node-stubs, whose map has "assert" but not "assert/strict", and only
// when the app installed it; meteortesting:mocha brings mocha, no assertion library. Each package
// keeps its own copy because a Meteor package cannot import files outside its directory.
function fail(message: string): never {
  throw new Error(message);
}

function sameData(actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  if (Array.isArray(actual) !== Array.isArray(expected) || Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false;
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  return actualKeys.length === expectedKeys.length
    && actualKeys.every((key) => Object.prototype.hasOwnProperty.call(expected, key) && sameData((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]));
}

export const assert = {
  ok(value: unknown, message?: string): void {
    if (!value) fail(message ?? `expected a truthy value, got ${String(value)}`);
  },
  equal(actual: unknown, expected: unknown, message?: string): void {
    if (!Object.is(actual, expected)) fail(message ?? `expected ${String(expected)}, got ${String(actual)}`);
  },
  deepEqual(actual: unknown, expected: unknown, message?: string): void {
    if (!sameData(actual, expected)) fail(message ?? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  },
};
