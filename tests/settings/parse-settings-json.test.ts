import assert from 'node:assert/strict';
import { jsonSyntaxError, parseSettingsJson, SettingsParseError, validateSettings, MAX_SETTINGS_DEPTH } from '../../packages/settings/src/index.ts';

const SECRET = 'hunter2hunter2';

function parseError(text: string): SettingsParseError {
  try {
    parseSettingsJson(text, 'settings.json');
  } catch (error) {
    assert.ok(error instanceof SettingsParseError, String(error));
    return error;
  }
  assert.fail('expected a parse error');
}

describe('a settings file that is not JSON', () => {
  const BROKEN: Array<[string, string, RegExp]> = [
    ['an unquoted value next to a password', `{\n  "db": {\n    "password": ${SECRET}\n  }\n}`, /at line 3, column 17 \(in db\.password\): expected a value/],
    ['a string not closed before the end of its line', `{ "password": "${SECRET}\n}`, /at line 1, column 15 \(in password\): a string runs past the end of its line/],
    ['a string never closed', `{ "password": "${SECRET}`, /\(in password\): a string is not closed/],
    ['a single-quoted value', `{ "password": '${SECRET}' }`, /\(in password\): expected a value .*found a single quote/],
    ['a value glued to a number', `{ "pin": 12${SECRET} }`, /\(in pin\): expected "," or "}", found a letter/],
    ['a missing colon', `{ "password" "${SECRET}" }`, /\(in password\): expected ":" after the key/],
    ['a bad escape', `{ "password": "${SECRET}\\q" }`, /\(in password\): a bad escape/],
    ['a trailing comma in an object', '{ "a": 1, }', /line 1, column 11 \(in a\): a comma before "}"/],
    ['a trailing comma in a list', '{ "a": [1, 2, ] }', /\(in a\.2\): a comma before "\]"/],
    ['text after the settings object', `{ "a": 1 } ${SECRET}`, /found a letter after the end of the settings object/],
    ['an empty file', '   ', /at line 1, column 4: the text is empty/],
  ];
  for (const [what, text, expected] of BROKEN) {
    it(`gives the line, the column and the key for ${what}, and never quotes the text`, () => {
      const error = parseError(text);
      assert.match(error.message, expected);
      assert.doesNotMatch(error.message, /hunter|unter2/);
    });
  }

  it('masks a secret used as a key name in the error', () => {
    const key = ['sk_', 'live_', '51HqLyjWDarjtT1zdp7dc'].join('');
    const error = parseError(`{ "public": { "${key}": tru } }`);
    assert.match(error.message, /\(in public\.\[redacted\]\)/);
    assert.ok(!error.message.includes(key.slice(0, 10)));
  });

  it('agrees with JSON.parse on which texts are JSON, over thousands of one-character edits of a settings file', () => {
    const sample = JSON.stringify({ public: { a: [1, -2.5e3, true, null, 'x\\"y\u00e9'], b: { c: '' } }, d: false }, null, 2);
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', '1', '-', 'e', '.', 't', ' ', '\n', 'u', '0', 'a'];
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 4000; round += 1) {
      const at = random(sample.length);
      const edit = random(3);
      const char = alphabet[random(alphabet.length)];
      const text = edit === 0 ? sample.slice(0, at) + sample.slice(at + 1) : edit === 1 ? sample.slice(0, at) + char + sample.slice(at) : sample.slice(0, at) + char + sample.slice(at + 1);
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      assert.equal(jsonSyntaxError(text) === undefined, valid, JSON.stringify(text));
    }
  });
});

describe('settings nested thousands of levels deep', () => {
  const nested = (levels: number): Record<string, unknown> => {
    let value: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < levels; i += 1) value = { a: value };
    return value;
  };

  it('are one problem naming the depth limit, not a RangeError', () => {
    const report = validateSettings({ public: { deep: nested(2500) }, other: nested(5000) }, [], { env: {} });
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.errors.map((problem) => problem.path),
      ['other.a.a.a', 'public.deep.a.a'],
    );
    assert.match(report.errors[0].message, new RegExp(`nests more than ${MAX_SETTINGS_DEPTH} levels deep .*\\(depth limit\\)`));
  });

  it(`are read as usual up to ${MAX_SETTINGS_DEPTH} levels`, () => {
    const spec = { name: 'app', scope: 'app', private: { deep: { type: Object, blackbox: true } } } as const;
    assert.equal(validateSettings({ public: {}, deep: nested(MAX_SETTINGS_DEPTH - 2) }, [spec], { env: {} }).ok, true);
  });
});
