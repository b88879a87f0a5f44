// `node:assert/strict` for browser specs: the browser spec runner's esbuild bundle resolves
// `node:assert`, `node:assert/strict`, `assert` and `assert/strict` to this file, so a spec is
// written the same way in Node and in Chromium. Strict semantics everywhere (`equal` is
// `strictEqual`, `deepEqual` is `deepStrictEqual`), as with `node:assert/strict`.

type ErrorClass = abstract new (...args: never[]) => unknown;
type ErrorCheck = RegExp | ErrorClass | ((error: unknown) => boolean) | Record<string, unknown> | Error;

export class AssertionError extends Error {
  override name = 'AssertionError';
  readonly code = 'ERR_ASSERTION';
  readonly actual: unknown;
  readonly expected: unknown;
  readonly operator: string;
  readonly generatedMessage: boolean;

  constructor(options: { message?: string | Error; actual?: unknown; expected?: unknown; operator: string; generated: string }) {
    super(typeof options.message === 'string' ? options.message : options.generated);
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator;
    this.generatedMessage = options.message === undefined;
  }
}

function raise(operator: string, generated: string, message: string | Error | undefined, actual?: unknown, expected?: unknown): never {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, actual, expected, operator, generated });
}

/** A readable, bounded rendering of any value for assertion messages. */
export function inspect(value: unknown, depth = 0, seen: unknown[] = []): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'function') return `[Function: ${value.name || '(anonymous)'}]`;
  const object = value as object;
  if (seen.includes(object)) return '[Circular]';
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof RegExp) return String(object);
  if (object instanceof Error) return `[${object.name}: ${object.message}]`;
  if (typeof Node !== 'undefined' && object instanceof Node) {
    const html = object instanceof Element ? object.outerHTML : String(object.textContent);
    return html.length > 200 ? `${html.slice(0, 200)}…` : html;
  }
  if (depth > 3) return Array.isArray(object) ? '[Array]' : '[Object]';
  const inner = [...seen, object];
  const show = (item: unknown): string => inspect(item, depth + 1, inner);
  if (Array.isArray(object)) return `[${object.map(show).join(', ')}]`;
  if (object instanceof Map) return `Map(${object.size}) {${[...object].map(([k, v]) => `${show(k)} => ${show(v)}`).join(', ')}}`;
  if (object instanceof Set) return `Set(${object.size}) {${[...object].map(show).join(', ')}}`;
  if (ArrayBuffer.isView(object)) return `${object.constructor.name} [${Array.from(object as unknown as ArrayLike<number>).join(', ')}]`;
  const prototype = Object.getPrototypeOf(object) as object | null;
  const name = prototype === null ? '[Object: null prototype] ' : prototype === Object.prototype ? '' : `${prototype.constructor?.name ?? 'Object'} `;
  const keys = Reflect.ownKeys(object).filter((key) => Object.prototype.propertyIsEnumerable.call(object, key));
  const body = keys.map((key) => `${typeof key === 'symbol' ? `[${String(key)}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${show((object as Record<PropertyKey, unknown>)[key])}`);
  return `${name}{${body.length ? ` ${body.join(', ')} ` : ''}}`;
}

function ownEnumerableKeys(value: object): PropertyKey[] {
  return Reflect.ownKeys(value).filter((key) => Object.prototype.propertyIsEnumerable.call(value, key));
}

/** Node's `isDeepStrictEqual` for the values tests compare: primitives, arrays, plain and class objects, Date, RegExp, Map, Set, typed arrays, errors. */
export function isDeepStrictEqual(actual: unknown, expected: unknown, pairs: [unknown, unknown][] = []): boolean {
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false;
  if (Object.prototype.toString.call(actual) !== Object.prototype.toString.call(expected)) return false;
  if (pairs.some(([a, b]) => a === actual && b === expected)) return true;
  const memo: [unknown, unknown][] = [...pairs, [actual, expected]];
  const equal = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b, memo);

  if (actual instanceof Date && !Object.is((actual).getTime(), (expected as Date).getTime())) return false;
  if (actual instanceof RegExp && String(actual) !== String(expected)) return false;
  if (actual instanceof Error && (actual.message !== (expected as Error).message || actual.name !== (expected as Error).name)) return false;
  if (ArrayBuffer.isView(actual)) {
    const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
    const b = new Uint8Array((expected as ArrayBufferView).buffer, (expected as ArrayBufferView).byteOffset, (expected as ArrayBufferView).byteLength);
    if (a.length !== b.length || a.some((byte, index) => byte !== b[index])) return false;
  }
  if (actual instanceof Map) {
    const other = expected as Map<unknown, unknown>;
    if (actual.size !== other.size) return false;
    for (const [key, value] of actual) {
      if (other.has(key)) {
        if (!equal(value, other.get(key))) return false;
      } else if (![...other].some(([otherKey, otherValue]) => equal(key, otherKey) && equal(value, otherValue))) {
        return false;
      }
    }
  }
  if (actual instanceof Set) {
    const other = expected as Set<unknown>;
    if (actual.size !== other.size) return false;
    for (const item of actual) {
      if (!other.has(item) && ![...other].some((otherItem) => equal(item, otherItem))) return false;
    }
  }
  if (ArrayBuffer.isView(actual)) return true;
  const actualKeys = ownEnumerableKeys(actual);
  const expectedKeys = ownEnumerableKeys(expected);
  if (actualKeys.length !== expectedKeys.length) return false;
  return actualKeys.every(
    (key) =>
      Object.prototype.propertyIsEnumerable.call(expected, key) &&
      equal((actual as Record<PropertyKey, unknown>)[key], (expected as Record<PropertyKey, unknown>)[key]),
  );
}

function comparison(actual: unknown, expected: unknown): string {
  return `\n  actual:   ${inspect(actual)}\n  expected: ${inspect(expected)}`;
}

function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) raise('==', `The expression evaluated to a falsy value: ${inspect(value)}`, message, value, true);
}

function strictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) raise('strictEqual', `Expected values to be strictly equal:${comparison(actual, expected)}`, message, actual, expected);
}

function notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) raise('notStrictEqual', `Expected "actual" to be strictly unequal to: ${inspect(expected)}`, message, actual, expected);
}

function deepStrictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!isDeepStrictEqual(actual, expected)) raise('deepStrictEqual', `Expected values to be strictly deep-equal:${comparison(actual, expected)}`, message, actual, expected);
}

function notDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (isDeepStrictEqual(actual, expected)) raise('notDeepStrictEqual', `Expected "actual" not to be strictly deep-equal to: ${inspect(expected)}`, message, actual, expected);
}

function match(value: string, pattern: RegExp, message?: string | Error): void {
  if (typeof value !== 'string') raise('match', `The "string" argument must be of type string. Received ${inspect(value)}`, message, value, pattern);
  if (!pattern.test(value)) raise('match', `The input did not match the regular expression ${String(pattern)}. Input:\n\n${inspect(value)}\n`, message, value, pattern);
}

function doesNotMatch(value: string, pattern: RegExp, message?: string | Error): void {
  if (typeof value !== 'string') raise('doesNotMatch', `The "string" argument must be of type string. Received ${inspect(value)}`, message, value, pattern);
  if (pattern.test(value)) raise('doesNotMatch', `The input was expected to not match the regular expression ${String(pattern)}. Input:\n\n${inspect(value)}\n`, message, value, pattern);
}

function fail(message: string | Error = 'Failed'): never {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, operator: 'fail', generated: message });
}

function ifError(value: unknown): void {
  if (value !== null && value !== undefined) {
    if (value instanceof Error) throw value;
    raise('ifError', `ifError got unwanted exception: ${inspect(value)}`, undefined, value, null);
  }
}

function checkError(error: unknown, expected: ErrorCheck | undefined, operator: string, message: string | undefined): void {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (!expected.test(String(error))) raise(operator, `The error did not match the regular expression ${String(expected)}. Error: ${inspect(error)}`, message, error, expected);
    return;
  }
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && error instanceof (expected as ErrorClass)) return;
    if (Error.isPrototypeOf(expected) || expected === Error) {
      raise(operator, `The error is expected to be an instance of "${expected.name}". Received ${inspect(error)}`, message, error, expected);
    }
    if ((expected as (error: unknown) => boolean)(error) !== true) {
      raise(operator, `The ${expected.name ? `"${expected.name}" ` : ''}validation function is expected to return "true". Received ${inspect(error)}`, message, error, expected);
    }
    return;
  }
  const wanted = expected as Record<string, unknown>;
  const keys = expected instanceof Error ? ['name', 'message', ...Object.keys(expected)] : Object.keys(expected);
  for (const key of keys) {
    const got = (error as Record<string, unknown> | null | undefined)?.[key];
    const want = wanted[key];
    const same = want instanceof RegExp && typeof got === 'string' ? want.test(got) : isDeepStrictEqual(got, want);
    if (!same) raise(operator, `The error's "${key}" did not match:${comparison(got, want)}`, message, error, expected);
  }
}

const NOTHING = Symbol('nothing thrown');

function throws(fn: () => unknown, expected?: ErrorCheck | string, message?: string): void {
  if (typeof expected === 'string') [expected, message] = [undefined, expected];
  let error: unknown = NOTHING;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  if (error === NOTHING) raise('throws', `Missing expected exception${message ? `: ${message}` : '.'}`, undefined, undefined, expected);
  checkError(error, expected, 'throws', message);
}

function doesNotThrow(fn: () => unknown, message?: string): void {
  try {
    fn();
  } catch (error) {
    raise('doesNotThrow', `Got unwanted exception${message ? `: ${message}` : '.'}\nActual message: "${error instanceof Error ? error.message : String(error)}"`, undefined, error);
  }
}

async function rejects(promiseOrFn: Promise<unknown> | (() => Promise<unknown>), expected?: ErrorCheck | string, message?: string): Promise<void> {
  if (typeof expected === 'string') [expected, message] = [undefined, expected];
  let error: unknown = NOTHING;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (caught) {
    error = caught;
  }
  if (error === NOTHING) raise('rejects', `Missing expected rejection${message ? `: ${message}` : '.'}`, undefined, undefined, expected);
  checkError(error, expected, 'rejects', message);
}

async function doesNotReject(promiseOrFn: Promise<unknown> | (() => Promise<unknown>), message?: string): Promise<void> {
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    raise('doesNotReject', `Got unwanted rejection${message ? `: ${message}` : '.'}\nActual message: "${error instanceof Error ? error.message : String(error)}"`, undefined, error);
  }
}

const assert = Object.assign(
  function assert(value: unknown, message?: string | Error): asserts value {
    ok(value, message);
  },
  {
    AssertionError,
    ok,
    equal: strictEqual,
    notEqual: notStrictEqual,
    strictEqual,
    notStrictEqual,
    deepEqual: deepStrictEqual,
    notDeepEqual: notDeepStrictEqual,
    deepStrictEqual,
    notDeepStrictEqual,
    match,
    doesNotMatch,
    throws,
    doesNotThrow,
    rejects,
    doesNotReject,
    fail,
    ifError,
  },
);

export const strict = assert;
Object.assign(assert, { strict });

export {
  ok,
  strictEqual as equal,
  notStrictEqual as notEqual,
  strictEqual,
  notStrictEqual,
  deepStrictEqual as deepEqual,
  notDeepStrictEqual as notDeepEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  match,
  doesNotMatch,
  throws,
  doesNotThrow,
  rejects,
  doesNotReject,
  fail,
  ifError,
};
export default assert;
