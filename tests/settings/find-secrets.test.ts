import assert from 'node:assert/strict';
import { findSecretsInPublic, validateSettings } from '../../packages/settings/src/index.ts';

// Samples are built from pieces, so no scanner mistakes this file for a leak.
const join = (...parts: string[]): string => parts.join('');

const SECRET_VALUES: Array<[string, string]> = [
  ['a PEM private key', join('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----')],
  ['an OpenSSH private key', join('-----BEGIN ', 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA')],
  ['an AWS access key id', join('AKIA', 'IOSFODNN7EXAMPLE')],
  ['a Stripe live secret key', join('sk_', 'live_', '51HqLyjWDarjtT1zdp7dc')],
  ['a Stripe restricted key', join('rk_', 'live_', '51HqLyjWDarjtT1zdp7dc')],
  ['a MongoDB URL with a password', join('mongodb+srv://', 'admin:hunter2@cluster0.example.net/app')],
  ['a Redis URL with a password', join('redis://', 'default:s3cret@redis.example.com:6379')],
  ['a JWT', join('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c')],
  ['a GitHub token', join('ghp_', 'a'.repeat(36))],
  ['a Slack token', join('xoxb-', '123456789012-abcdefghijkl')],
];

const PUBLIC_VALUES: Array<[string, string]> = [
  ['a GA4 measurement id', 'G-ABC123XYZ9'],
  ['a Segment write key', 'x7Jd0fT3kP9qLm2Nv5Rb8Wc1Ye4Zh6Ua'],
  ['a Stripe publishable key', join('pk_', 'live_', '51HqLyjWDarjtT1zdp7dc')],
  ['a CDN URL', 'https://d1234abcd.cloudfront.net'],
  ['a URL with a user name but no password', 'https://user@example.com/path'],
  ['a URL with a port', 'http://localhost:3000/'],
  ['a plain sentence', 'Launch notes from the flight deck'],
];

describe('secrets in public settings', () => {
  for (const [kind, value] of SECRET_VALUES) {
    it(`refuses ${kind} under public, whatever the key is called`, () => {
      const problems = findSecretsInPublic({ integration: { value } });
      assert.equal(problems.length, 1, kind);
      assert.equal(problems[0].path, 'public.integration.value');
      assert.equal(problems[0].severity, 'error');
      assert.ok(!JSON.stringify(problems).includes(value.slice(0, 12)), 'the value is not echoed');
    });
  }

  for (const [kind, value] of PUBLIC_VALUES) {
    it(`lets ${kind} through`, () => {
      assert.deepEqual(findSecretsInPublic({ integration: { value } }), []);
    });
  }

  const SECRET_NAMES = ['secret', 'clientSecret', 'apiSecret', 'password', 'dbPassword', 'token', 'authToken', 'access_token', 'privateKey', 'private_key', 'credentials', 'signingKey'];
  for (const name of SECRET_NAMES) {
    it(`refuses a key named ${name} under public`, () => {
      const problems = findSecretsInPublic({ service: { [name]: 'some-value' } });
      assert.deepEqual(problems.map((problem) => problem.path), [`public.service.${name}`]);
      assert.match(problems[0].hint ?? '', /private part \(service\./);
    });
  }

  const ORDINARY_NAMES = ['writeKey', 'measurementId', 'publishableKey', 'tokenizer', 'passwordMinLength', 'keyboard', 'url'];
  for (const name of ORDINARY_NAMES) {
    it(`lets a key named ${name} through`, () => {
      assert.deepEqual(findSecretsInPublic({ service: { [name]: name === 'passwordMinLength' ? 8 : 'value' } }), []);
    });
  }

  it('finds secrets inside lists', () => {
    const problems = findSecretsInPublic({ backends: [{ url: 'https://a.example' }, { url: join('postgres://', 'app:pw@db.example/app') }] });
    assert.deepEqual(problems.map((problem) => problem.path), ['public.backends.1.url']);
  });

  it('lets a key its schema marks notSecret through the name check, never through the value check', () => {
    const spec = {
      name: 'maps',
      public: {
        token: { type: String, notSecret: true },
        other: { type: String, optional: true, notSecret: true },
      },
    } as const;
    const ok = validateSettings({ public: { maps: { token: 'pk.eyJ1IjoiZXhhbXBsZSJ9.abc' } } }, [spec], { env: {} });
    assert.deepEqual(ok.problems, []);
    const leaked = validateSettings({ public: { maps: { token: 'x', other: join('sk_', 'live_', 'abcdefghijklmnop') } } }, [spec], { env: {} });
    assert.deepEqual(leaked.errors.map((problem) => problem.path), ['public.maps.other']);
  });

  it('lets notSecret on a free-form block cover the names inside it, never the values', () => {
    const spec = { name: 'app', scope: 'app', public: { providers: { type: Object, blackbox: true, notSecret: true } } } as const;
    const ok = validateSettings({ public: { providers: { Mixpanel: { token: 'abc123' } } } }, [spec], { env: {} });
    assert.deepEqual(ok.problems, []);
    const leaked = validateSettings({ public: { providers: { Other: { key: join('sk_', 'live_', 'abcdefghijklmnop') } } } }, [spec], { env: {} });
    assert.deepEqual(leaked.errors.map((problem) => problem.path), ['public.providers.Other.key']);
  });

  it('does not flag the same secret-looking name in the private part', () => {
    const spec = { name: 'stripe', private: { secretKey: { type: String } } } as const;
    const report = validateSettings({ public: {}, stripe: { secretKey: join('sk_', 'live_', 'abcdefghijklmnop') } }, [spec], { env: {} });
    assert.deepEqual(report.problems, []);
  });
});
