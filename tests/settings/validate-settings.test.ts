import assert from 'node:assert/strict';
import {
  SettingsSchemaError,
  SimpleSchema,
  validateSettings,
  type SettingsSpec,
} from '../../packages/settings/src/index.ts';

const cdnLike = {
  name: 'cdn',
  public: {
    url: { type: String, optional: true, env: 'CDN_URL', description: 'Where bundles are served from.' },
    cacheBusting: { type: Boolean, defaultValue: true },
    retries: { type: SimpleSchema.Integer, min: 0, max: 5, defaultValue: 2 },
  },
  private: {
    corsOrigins: { type: Array, defaultValue: [] },
    'corsOrigins.$': String,
    mode: { type: String, allowedValues: ['strict', 'loose'], optional: true },
  },
} as const satisfies SettingsSpec;

const analyticsLike = {
  name: 'analytics',
  public: { debug: { type: Boolean, optional: true } },
  private: {
    segment: { type: Object, optional: true },
    'segment.writeKey': { type: String, secret: true },
    'segment.flushAt': { type: Number, defaultValue: 20, env: 'SEGMENT_FLUSH_AT' },
  },
} as const satisfies SettingsSpec;

const appSpec = {
  name: 'app',
  scope: 'app',
  public: { siteName: { type: String } },
  private: { adminEmail: { type: String, regEx: /@/ } },
} as const satisfies SettingsSpec;

const specs = [cdnLike, analyticsLike, appSpec];

function paths(report: ReturnType<typeof validateSettings>, severity: 'error' | 'warning'): string[] {
  return report.problems.filter((problem) => problem.severity === severity).map((problem) => problem.path);
}

describe('validateSettings', () => {
  it('reports every problem of every schema at once, each with its full key path', () => {
    const settings = {
      public: { siteName: 42, cdn: { cacheBusting: 'yes', retries: 9 }, analytics: { debug: 'on' } },
      adminEmail: 'nobody',
      cdn: { mode: 'fast', corsOrigins: ['https://a.example', 7] },
      analytics: { segment: { flushAt: 'often' } },
    };
    const report = validateSettings(settings, specs, { env: {} });
    assert.deepEqual(paths(report, 'error').sort(), [
      'adminEmail',
      'analytics.segment.flushAt',
      'analytics.segment.writeKey',
      'cdn.corsOrigins.1',
      'cdn.mode',
      'public.analytics.debug',
      'public.cdn.cacheBusting',
      'public.cdn.retries',
      'public.siteName',
    ]);
    assert.equal(report.ok, false);
    const byPath = new Map(report.problems.map((problem) => [problem.path, problem.message]));
    assert.equal(byPath.get('public.cdn.cacheBusting'), 'must be true or false, not a string');
    assert.equal(byPath.get('public.cdn.retries'), 'must be at most 5');
    assert.equal(byPath.get('analytics.segment.writeKey'), 'is required');
    assert.equal(byPath.get('cdn.mode'), 'is not one of the allowed values');
    assert.equal(byPath.get('adminEmail'), 'does not have the expected format');
  });

  it('never echoes a value back in a message or hint', () => {
    const secret = 'sk_live_51HqLyjWDarjtT1zdp7dcXYZ';
    const settings = {
      public: { siteName: 'x', cdn: { retries: secret } },
      adminEmail: secret,
      cdn: { mode: secret },
      analytics: { segment: { writeKey: 12345 } },
    };
    const report = validateSettings(settings, specs, { env: {} });
    assert.ok(report.problems.length >= 4);
    for (const problem of report.problems) {
      assert.doesNotMatch(`${problem.message} ${problem.hint ?? ''}`, /sk_live|12345/);
    }
  });

  it('gives a hint from the key description and names its env override', () => {
    const spec = { name: 'cdn', public: { url: { type: String, env: 'CDN_URL', description: 'Where bundles are served from.' } } } as const;
    const report = validateSettings({ public: { cdn: {} } }, [spec], { env: {} });
    const [problem] = report.errors;
    assert.equal(problem.path, 'public.cdn.url');
    assert.match(problem.hint ?? '', /Where bundles are served from/);
    assert.match(problem.hint ?? '', /CDN_URL/);
  });

  it('applies defaults in place, keeping the identity of Meteor.settings.public', () => {
    const publicSettings: Record<string, unknown> = { siteName: 'Launch notes', cdn: { url: 'https://cdn.example.com' } };
    const cdnPublic = publicSettings.cdn;
    const settings = { public: publicSettings, adminEmail: 'ops@example.com' };
    const report = validateSettings(settings, specs, { env: {} });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(settings.public, publicSettings);
    assert.equal(publicSettings.cdn, cdnPublic);
    assert.deepEqual(publicSettings.cdn, { url: 'https://cdn.example.com', cacheBusting: true, retries: 2 });
    assert.deepEqual((settings as Record<string, unknown>).cdn, { corsOrigins: [] });
    assert.ok(report.defaulted.includes('public.cdn.cacheBusting'));
  });

  it('does not create an optional object the user left out, so its required keys are not demanded', () => {
    const settings = { public: { siteName: 'x' }, adminEmail: 'a@b.c' };
    const report = validateSettings(settings, specs, { env: {} });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal((settings as Record<string, unknown>).analytics, undefined);
  });

  it('keeps a value the user set over the default, including false and 0', () => {
    const settings = { public: { siteName: 'x', cdn: { cacheBusting: false, retries: 0 } }, adminEmail: 'a@b.c' };
    validateSettings(settings, specs, { env: {} });
    assert.deepEqual(settings.public.cdn, { cacheBusting: false, retries: 0 });
  });

  it('warns about unknown keys by default, and suggests the key that was meant', () => {
    const settings = { public: { siteName: 'x', cdn: { ulr: 'https://cdn.example.com' }, extra: 1 }, adminEmail: 'a@b.c' };
    const report = validateSettings(settings, specs, { env: {} });
    assert.equal(report.ok, true);
    assert.deepEqual(paths(report, 'warning').sort(), ['public.cdn.ulr', 'public.extra']);
    const typo = report.warnings.find((problem) => problem.path === 'public.cdn.ulr');
    assert.match(typo?.hint ?? '', /Did you mean public\.cdn\.url\?/);
    assert.deepEqual(settings.public.cdn, { ulr: 'https://cdn.example.com', cacheBusting: true, retries: 2 });
  });

  it('fails on unknown keys with strict: true, from the option, the setting or its env variable', () => {
    const make = (): Record<string, unknown> => ({ public: { siteName: 'x', extra: 1 }, adminEmail: 'a@b.c' });
    assert.deepEqual(paths(validateSettings(make(), specs, { env: {}, strict: true }), 'error'), ['public.extra']);
    const flightdeck = { name: 'flightdeck', private: { strict: { type: Boolean, defaultValue: false, env: 'FLIGHTDECK_SETTINGS_STRICT' } } } as const;
    const viaSetting = { ...make(), flightdeck: { strict: true } };
    assert.deepEqual(paths(validateSettings(viaSetting, [...specs, flightdeck], { env: {} }), 'error'), ['public.extra']);
    const viaEnv = validateSettings(make(), [...specs, flightdeck], { env: { FLIGHTDECK_SETTINGS_STRICT: 'true' } });
    assert.deepEqual(paths(viaEnv, 'error'), ['public.extra']);
  });

  it("validates two app-scope specs side by side without calling each other's keys unknown", () => {
    const legacy = { name: 'legacy', scope: 'app', public: { analyticsSettings: { type: Object, blackbox: true, optional: true } } } as const;
    const settings = { public: { siteName: 'x', analyticsSettings: { 'Google Analytics': {} } }, adminEmail: 'a@b.c' };
    const report = validateSettings(settings, [...specs, legacy], { env: {}, strict: true });
    assert.deepEqual(report.problems, []);
  });

  it("always allows Meteor's own keys: packages.*, public.packages.* and galaxy.meteor.com", () => {
    const settings = {
      public: { siteName: 'x', packages: { 'dynamic-import': { useLocationOrigin: true } } },
      adminEmail: 'a@b.c',
      packages: { mongo: { options: { tls: true } }, 'service-configuration': { google: { clientId: 'x' } } },
      'galaxy.meteor.com': { env: { production: { ROOT_URL: 'https://example.com' } } },
    };
    const report = validateSettings(settings, specs, { env: {}, strict: true });
    assert.deepEqual(report.problems, []);
  });
});

describe('environment variable overrides', () => {
  const typed = {
    name: 'typed',
    private: {
      url: { type: String, optional: true, env: 'TYPED_URL' },
      port: { type: SimpleSchema.Integer, optional: true, env: 'TYPED_PORT' },
      ratio: { type: Number, optional: true, env: 'TYPED_RATIO' },
      enabled: { type: Boolean, optional: true, env: 'TYPED_ENABLED' },
      hosts: { type: Array, optional: true, env: 'TYPED_HOSTS' },
      'hosts.$': String,
      limits: { type: Array, optional: true, env: 'TYPED_LIMITS' },
      'limits.$': Number,
      extra: { type: Object, optional: true, blackbox: true, env: 'TYPED_EXTRA' },
    },
  } as const satisfies SettingsSpec;

  it('coerces each variable to its key type and writes it in place', () => {
    const settings: Record<string, unknown> = { public: {}, typed: { url: 'https://from-file.example' } };
    const report = validateSettings(settings, [typed], {
      env: {
        TYPED_URL: 'https://from-env.example',
        TYPED_PORT: '8080',
        TYPED_RATIO: '0.25',
        TYPED_ENABLED: 'false',
        TYPED_HOSTS: 'a.example, b.example',
        TYPED_LIMITS: '[1, 2.5]',
        TYPED_EXTRA: '{"region":"eu"}',
      },
    });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(settings.typed, {
      url: 'https://from-env.example',
      port: 8080,
      ratio: 0.25,
      enabled: false,
      hosts: ['a.example', 'b.example'],
      limits: [1, 2.5],
      extra: { region: 'eu' },
    });
    assert.equal(report.overridden.get('typed.port'), 'TYPED_PORT');
  });

  it('reports a variable that does not coerce, naming the variable and the key but not the value', () => {
    const settings: Record<string, unknown> = { public: {}, typed: { port: 3000 } };
    const report = validateSettings(settings, [typed], {
      env: { TYPED_PORT: '80.5', TYPED_ENABLED: 'maybe', TYPED_RATIO: 'sk_live_abcdefghijklmnop', TYPED_EXTRA: '[1]' },
    });
    const messages = new Map(report.errors.map((problem) => [problem.path, problem.message]));
    assert.equal(messages.get('typed.port'), 'the environment variable TYPED_PORT cannot be read as an integer');
    assert.equal(messages.get('typed.enabled'), 'the environment variable TYPED_ENABLED cannot be read as true or false');
    assert.equal(messages.get('typed.ratio'), 'the environment variable TYPED_RATIO cannot be read as a number');
    assert.equal(messages.get('typed.extra'), 'the environment variable TYPED_EXTRA cannot be read as an object');
    assert.equal(report.errors.length, 4);
    assert.equal((settings.typed as Record<string, unknown>).port, 3000, 'the file value is kept');
    for (const problem of report.problems) assert.doesNotMatch(JSON.stringify(problem), /sk_live/);
  });

  it('treats an empty variable as unset', () => {
    const settings: Record<string, unknown> = { public: {}, typed: { url: 'https://from-file.example' } };
    validateSettings(settings, [typed], { env: { TYPED_URL: '' } });
    assert.equal((settings.typed as Record<string, unknown>).url, 'https://from-file.example');
  });
});

describe('spec checks and schema errors', () => {
  it("runs a spec's check with the environment and reports its warnings and errors", () => {
    const spec: SettingsSpec = {
      name: 'cdn',
      public: { url: { type: String, optional: true } },
      check({ settings, env, warn, error, environment }) {
        const url = (settings.public.cdn as { url?: string } | undefined)?.url;
        if (url && env.ROOT_URL && new URL(url).host === new URL(env.ROOT_URL).host) {
          warn('public.cdn.url', 'is the same host as ROOT_URL: the CDN is off');
        }
        if (environment === 'production' && !url) error('public.cdn.url', 'is required in production');
      },
    };
    const same = validateSettings({ public: { cdn: { url: 'https://x.example/' } } }, [spec], { env: { ROOT_URL: 'https://x.example' } });
    assert.deepEqual(same.warnings.map((problem) => problem.message), ['is the same host as ROOT_URL: the CDN is off']);
    const production = validateSettings({ public: {} }, [spec], { env: {}, environment: 'production' });
    assert.deepEqual(production.errors.map((problem) => problem.path), ['public.cdn.url']);
  });

  it("uses a spec's messages for the error types of its custom validators", () => {
    const spec: SettingsSpec = {
      name: 'cdn',
      public: {
        url: {
          type: String,
          custom(this: { value: unknown }) {
            return typeof this.value === 'string' && !/^https?:/.test(this.value) ? 'notHttpUrl' : undefined;
          },
        },
      },
      messages: { notHttpUrl: 'must be an http(s) URL' },
    };
    const report = validateSettings({ public: { cdn: { url: 'ftp://cdn.example' } } }, [spec], { env: {} });
    assert.deepEqual(report.errors.map((problem) => `${problem.path}: ${problem.message}`), ['public.cdn.url: must be an http(s) URL']);
  });

  it('refuses a schema that is itself invalid, naming the spec', () => {
    const broken = { name: 'broken', public: { url: { type: 'string' } } } as unknown as SettingsSpec;
    assert.throws(() => validateSettings({ public: {} }, [broken]), (error: Error) => {
      assert.ok(error instanceof SettingsSchemaError);
      assert.match(error.message, /the schema "broken" is invalid/);
      return true;
    });
  });

  it('refuses two specs that declare the same key, and a package named like a reserved key', () => {
    const one = { name: 'one', scope: 'app', private: { shared: { type: String } } } as const;
    const two = { name: 'two', scope: 'app', private: { shared: { type: String } } } as const;
    assert.throws(() => validateSettings({}, [one, two]), /"shared" is declared by both "one" and "two"/);
    assert.throws(() => validateSettings({}, [{ name: 'public', private: {} }]), /cannot name a package's settings/);
  });
});

describe('a report per key', () => {
  it('names a key once, even when the schema and a spec check both find it (analytics.segment.writeKey)', async () => {
    const { analyticsSettings } = await import('../../packages/analytics/src/index.ts');
    const report = validateSettings({ public: { analytics: { destinations: { relay: true } } }, analytics: { segment: {} } }, [analyticsSettings], { env: {} });
    assert.deepEqual(
      report.problems.map((problem) => `${problem.path}: ${problem.message}`),
      ['analytics.segment.writeKey: is required'],
    );
    assert.equal(report.problems[0].hint, "The server source's write key. Add it to the settings file, or set SEGMENT_WRITE_KEY.");
  });

  it('writes hints as sentences, whether or not the description ends in a full stop', () => {
    const spec = {
      name: 'app',
      scope: 'app',
      private: {
        withStop: { type: String, description: 'Ends in a stop.', env: 'WITH_STOP' },
        withoutStop: { type: String, description: 'Ends in no stop' },
        typed: { type: Number, optional: true, description: 'A number.', env: 'TYPED' },
      },
    } as const;
    const report = validateSettings({ public: {}, typed: 'x' }, [spec], { env: {} });
    assert.deepEqual(
      report.problems.map((problem) => problem.hint),
      ['A number. It can also come from TYPED.', 'Ends in a stop. Add it to the settings file, or set WITH_STOP.', 'Ends in no stop. Add it to the settings file.'],
    );
    for (const problem of report.problems) assert.doesNotMatch(problem.hint ?? '', /\.;|;\s*;|\.\./);
  });
});

describe('validation cost', () => {
  const manyKeys = (count: number): { spec: SettingsSpec; settings: () => Record<string, unknown> } => {
    const definition: Record<string, unknown> = {};
    const values: Record<string, unknown> = {};
    for (let i = 0; i < count; i += 1) {
      definition[`group${i % 20}`] = { type: Object, optional: true };
      definition[`group${i % 20}.key${i}`] = { type: String, optional: true };
      values[`group${i % 20}`] = { ...(values[`group${i % 20}`] as object), [`key${i}`]: 'v' };
    }
    return { spec: { name: 'big', private: definition }, settings: () => ({ public: {}, big: structuredClone(values) }) };
  };

  it("asks simpl-schema for no key-by-key scan (allowsKey, keyIsInBlackBox, objectKeys' map rebuild)", () => {
    const { spec, settings } = manyKeys(400);
    validateSettings(settings(), [spec], { env: {} });
    const proto = SimpleSchema.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const counts: Record<string, number> = { allowsKey: 0, keyIsInBlackBox: 0, objectKeys: 0, getDefinition: 0 };
    const originals = Object.fromEntries(Object.keys(counts).map((name) => [name, proto[name]]));
    for (const name of Object.keys(counts)) {
      proto[name] = function (this: unknown, ...args: unknown[]) {
        if (name !== 'objectKeys' || args[0] != null) counts[name] += 1;
        return originals[name].apply(this, args);
      };
    }
    try {
      const report = validateSettings(settings(), [spec], { env: {} });
      assert.equal(report.ok, true);
    } finally {
      Object.assign(proto, originals);
    }
    // simpl-schema's own validation asks keyIsInBlackBox once per field it visits (a lookup per
    // ancestor, not a scan): linear in the keys. Ours asks nothing.
    const { keyIsInBlackBox, ...scans } = counts;
    assert.deepEqual(scans, { allowsKey: 0, objectKeys: 0, getDefinition: 0 });
    assert.ok(keyIsInBlackBox <= 2 * (400 + 20), `keyIsInBlackBox called ${keyIsInBlackBox} times`);
  });

  it('builds each spec\'s schema once, not on every validation', () => {
    const { spec, settings } = manyKeys(50);
    const proto = SimpleSchema.prototype as unknown as { extend(...args: unknown[]): unknown };
    const extend = proto.extend;
    let built = 0;
    proto.extend = function (this: unknown, ...args: unknown[]) {
      built += 1;
      return extend.apply(this, args);
    };
    try {
      validateSettings(settings(), [spec], { env: {} });
      const afterFirst = built;
      for (let i = 0; i < 5; i += 1) validateSettings(settings(), [spec], { env: {} });
      assert.ok(afterFirst > 0);
      assert.equal(built, afterFirst);
    } finally {
      proto.extend = extend;
    }
  });
});

describe("simpl-schema's objectKeys, built once", () => {
  it('answers every prefix as simpl-schema 3.4.6 itself does, nested schemas and arrays included', async () => {
    const { memoizeObjectKeys } = await import('../../packages/settings/src/lib/memoize-object-keys.ts');
    const address = new SimpleSchema({ street: String, 'geo.lat': Number, 'geo.lng': Number, geo: Object });
    const definition = {
      name: String,
      tags: Array,
      'tags.$': String,
      homes: Array,
      'homes.$': address,
      work: address,
      limits: Object,
      'limits.max': Number,
      'limits.window': Object,
      'limits.window.seconds': Number,
      box: { type: Object, blackbox: true },
    };
    const plain = new SimpleSchema(definition);
    const memoized = memoizeObjectKeys(new SimpleSchema(definition));
    const prefixes = [undefined, '', 'name', 'tags', 'tags.$', 'homes', 'homes.$', 'homes.$.geo', 'work', 'work.geo', 'limits', 'limits.window', 'box', 'nowhere'];
    for (const prefix of prefixes) {
      assert.deepEqual(memoized.objectKeys(prefix as string), plain.objectKeys(prefix as string), String(prefix));
    }
  });
});

describe('a key whose type is a SimpleSchema', () => {
  it("declares that schema's keys under it, in arrays too, and calls the others unknown", () => {
    const address = new SimpleSchema({ street: String, geo: { type: Object, optional: true }, 'geo.lat': Number });
    const spec = { name: 'app', scope: 'app', private: { work: address, homes: { type: Array, optional: true }, 'homes.$': address } } as const;
    const report = validateSettings({ public: {}, work: { street: 'a', geo: { lat: 1, alt: 2 }, floor: 3 }, homes: [{ street: 'b', zip: 1 }, { geo: { lat: 'x' } }] }, [spec], { env: {} });
    assert.deepEqual(
      report.problems.map((problem) => `${problem.path}: ${problem.message}`),
      [
        'homes.1.geo.lat: must be a number, not a string',
        'homes.1.street: is required',
        'homes.0.zip: is not declared by any schema',
        'work.floor: is not declared by any schema',
        'work.geo.alt: is not declared by any schema',
      ],
    );
  });
});

describe("a spec's own check that throws", () => {
  it('is one problem naming the spec, and the rest of the report stands', () => {
    const spec = {
      name: 'fragile',
      private: { origins: { type: Array, optional: true }, 'origins.$': String },
      check({ settings }: { settings: Record<string, unknown> }) {
        (settings.fragile as { origins: string[] }).origins.map((origin) => origin.toLowerCase());
      },
    };
    const report = validateSettings({ public: {}, fragile: { origins: [1] } }, [spec], { env: {} });
    assert.deepEqual(
      report.problems.map((problem) => `${problem.path}: ${problem.message}`),
      ['fragile: could not be checked: the "fragile" spec\'s check threw TypeError', 'fragile.origins.0: must be a string, not an integer'],
    );
  });
});
