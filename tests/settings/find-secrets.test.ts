import assert from 'node:assert/strict';
import { findSecretsInPublic, isSecretLookingName, secretKind, validateSettings } from '../../packages/settings/src/index.ts';

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
  ['a PKCS#8 PEM private key', join('-----BEGIN ', 'PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----')],
  ['an encrypted PEM private key', join('-----BEGIN ', 'ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0w')],
  ['a PGP private key block', join('-----BEGIN PGP ', 'PRIVATE KEY BLOCK-----\nlQOYBF')],
  ['a base64-encoded PEM private key', Buffer.from(join('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----\n')).toString('base64')],
  ['a base64-encoded PKCS#8 PEM key, wrapped at 64 columns', (Buffer.from(join('-----BEGIN ', 'PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n')).toString('base64').match(/.{1,64}/g) ?? []).join('\n')],
  ['a base64url-encoded PEM private key', Buffer.from(join('-----BEGIN ', 'EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n-----END EC PRIVATE KEY-----')).toString('base64url')],
  ['a DER RSA private key in base64 (no PEM armour)', Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00]), Buffer.alloc(60, 0xab)]).toString('base64')],
  ['a DER PKCS#8 private key in base64', Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xbd, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09]), Buffer.alloc(60, 0x2a)]).toString('base64')],
  ['a DER EC private key in base64', Buffer.concat([Buffer.from([0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]), Buffer.alloc(60, 0x11)]).toString('base64')],
  ['an OpenSSH private key body without armour', Buffer.concat([Buffer.from('openssh-key-v1\0'), Buffer.alloc(40, 0x01)]).toString('base64')],
  ['a base64 service-account JSON', Buffer.from(JSON.stringify({ type: 'service_account', private_key_id: 'abc', private_key: 'x' })).toString('base64')],
  ['a base64-encoded database URL with a password', Buffer.from(join('postgres://', 'app:correct-horse@db.example.com:5432/app')).toString('base64')],
  ['a Stripe test secret key', join('sk_', 'test_', '4eC39HqLyjWDarjtT1zdp7dc')],
  ['a Stripe webhook secret', join('whsec_', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')],
  ['an Anthropic API key', join('sk-', 'ant-api03-', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0')],
  ['an OpenAI project key', join('sk-', 'proj-', 'Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90')],
  ['a GitLab token', join('glpat-', 'xY9z8W7v6U5t4S3r2Q1p')],
  ['a fine-grained GitHub token', join('github_', 'pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz')],
  ['an npm token', join('npm_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8')],
  ['a Google OAuth access token', join('ya29.', 'a0AfH6SMBx1y2z3A4b5C6d7E8f9G0h')],
  ['a Slack webhook URL', join('https://hooks.slack.com/services/', 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX')],
  ['a Mailgun key', join('key-', '3ax6xnjp29jd6fds4gc373sgvjxteol0')],
  ['an unknown vendor key with a secret_ prefix', join('secret_', 'Q2h3Z1x9Vb7Nm4Kp0Lr8Ts6Wy')],
  ['an unknown vendor token with a tok- prefix and a random body', join('token-', 'live-', '9fK2mQ7xL4vB8nR1zT6wY3hC')],
  ['a Bearer header value', join('Bearer ', 'abcDEF123456ghiJKL789')],
  ['a Basic header value', join('Basic ', Buffer.from('admin:hunter2hunter2').toString('base64'))],
  ['a URL with an api_key in its query', join('https://api.example.com/v1/feed?format=json&', 'api_key=a1b2c3d4e5')],
  ['a presigned URL with a signature', join('https://bucket.s3.amazonaws.com/file.pdf?X-Amz-Expires=300&', 'X-Amz-Signature=0a1b2c3d')],
  ['an Azure connection string', join('DefaultEndpointsProtocol=https;AccountName=app;', 'AccountKey=bm90LWEtcmVhbC1rZXk=;EndpointSuffix=core.windows.net')],
  ['an ADO.NET connection string with a password', join('Server=db.example.com;Database=app;User Id=app;', 'Password=hunter2;')],
  ['an AMQP URL with a password', join('amqps://', 'worker:pa55word@rabbit.example.com/vhost')],
  ['a Redis URL with a password and no user', join('redis://', ':p4ssw0rd@redis.example.com:6379')],
];

const PUBLIC_VALUES: Array<[string, string]> = [
  ['a GA4 measurement id', 'G-ABC123XYZ9'],
  ['a Segment write key', 'x7Jd0fT3kP9qLm2Nv5Rb8Wc1Ye4Zh6Ua'],
  ['a Stripe publishable key', join('pk_', 'live_', '51HqLyjWDarjtT1zdp7dc')],
  ['a CDN URL', 'https://d1234abcd.cloudfront.net'],
  ['a URL with a user name but no password', 'https://user@example.com/path'],
  ['a URL with a port', 'http://localhost:3000/'],
  ['a plain sentence', 'Launch notes from the flight deck'],
  ['a git commit id', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'],
  ['a SHA-256 content hash', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['a UUID', '3b241101-e2bb-4255-8caf-4136c566a962'],
  ['a Firebase web config value', 'my-app-12345.firebaseapp.com'],
  ['a Mapbox public token', 'pk.eyJ1IjoiZXhhbXBsZSIsImEiOiJjazEyMzQ1Njc4OTAifQ.abcdefghijklmnopqrstuv'],
  ['a Sentry browser DSN (a user, no password)', 'https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/1234567'],
  ['a base64 SPKI public key', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0'],
  ['a base64-encoded PEM certificate', Buffer.from('-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq\n-----END CERTIFICATE-----\n').toString('base64')],
  ['a PEM public key', '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----'],
  ['a URL with a query of ordinary parameters', 'https://example.com/search?q=rockets&page=2&utm_source=newsletter'],
  ['a URL with an empty token parameter', 'https://example.com/?token='],
  ['a URL with a short flag in a token parameter', 'https://cdn.example.com/?token=1'],
  ['a base64 image', Buffer.from('\x89PNG\r\n\x1a\n' + 'IHDR'.repeat(20), 'latin1').toString('base64')],
  ['a words-and-dashes identifier after key-', 'key-value-store-configuration-name'],
  ['a CSS font stack', 'Inter, system-ui, -apple-system, sans-serif'],
  ['a semicolon-separated list', 'en;fr;de'],
  ['a long slug', 'token-based-authentication-for-single-page-applications'],
  ['an image URL whose file name starts with key-', 'https://cdn.example.com/assets/key-visual-2024-hero-banner-large.jpg'],
  ['an API host with a version', 'https://api-v2.example.com/path'],
  ['an SSH public key', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0 me@host'],
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

  const SECRET_NAMES = [
    'secret', 'clientSecret', 'apiSecret', 'password', 'dbPassword', 'token', 'authToken', 'access_token', 'privateKey',
    'private_key', 'credentials', 'signingKey', 'api-key', 'apiKey', 'API_KEY', 'x-api-key', 'apikey', 'APIKEY', 'APIKey',
    'X-API-KEY', 'stripe_secret_key', 'STRIPE_SECRET_KEY', 'smtp-password', 'SMTP_PASS', 'dbPwd', 'passphrase', 'jwtSecret',
    'JWT_SECRET', 'sessionSecret', 'cookie_secret', 'encryptionKey', 'ENCRYPTION_KEY', 'masterKey', 'hmacKey', 'accessKey',
    'secretAccessKey', 'aws_secret_access_key', 'refreshToken', 'oauth2Token', 'bearerToken', 'apiToken', 'personalAccessToken',
    'clientsecret', 'dbpassword', 'accesstoken', 'PIN_CODE_PASSWORD', 'passwordHash', 'apiKeyV2', 'apiKeyProd', 'SECRET_KEY_BASE',
    'privateKeyPem', 'webhookSecret', 'credential', 'creds', 'passwordValue', 'adminPassword', 'rootPassword', 'salt', 'authorization',
    'serviceAccountKey', 'sharedKey', 'AccountKey', 'passWord', 'PassPhrase', 'privKey', 'SECRETKEY', 'api_key_2', 'x-auth-token',
    'X-Api-Token', 'apiTokens', 'refreshTokens', 'GITHUB_TOKEN', 'slack-bot-token', 'DB_PASS', 'AWS_SECRET_ACCESS_KEY',
    'FACEBOOK_APP_SECRET', 'JWT_PRIVATE_KEY', 'ClientSecret',
  ];
  for (const name of SECRET_NAMES) {
    it(`refuses a key named ${name} under public`, () => {
      const problems = findSecretsInPublic({ service: { [name]: 'some-value' } });
      assert.deepEqual(problems.map((problem) => problem.path), [`public.service.${name}`]);
      assert.match(problems[0].hint ?? '', /private part \(service\./);
    });
  }

  const ORDINARY_NAMES = [
    'writeKey', 'measurementId', 'publishableKey', 'tokenizer', 'passwordMinLength', 'keyboard', 'url', 'publicKey', 'public_key',
    'PUBLIC_KEY', 'vapidPublicKey', 'publicApiKey', 'browserApiKey', 'searchOnlyApiKey', 'searchApiKey', 'siteKey', 'recaptchaSiteKey',
    'key', 'keys', 'keyId', 'apiKeyId', 'privateKeyPath', 'passwordResetUrl', 'secretName', 'tokenUrl', 'tokenEndpoint', 'passport',
    'compass', 'bypassCache', 'secretary', 'monkey', 'turkey', 'donkeyName', 'passwordPolicy', 'tokenLifetime', 'sessionTimeout',
    'primaryKey', 'sortKey', 'i18nKeys', 'hotkeys', 'passwordRules', 'credentialsPage', 'apiUrl', 'apiVersion', 'authDomain',
    'PASSWORD_MIN_LENGTH', 'secretsManagerRegion', 'token_type', 'designTokens', 'secretsManagerArn', 'accessKeyId', 'clientId',
    'maxPasswordAge', 'passThrough', 'tokenCount', 'apiBaseUrl', 'authProvider', 'keyPrefix',
  ];
  for (const name of ORDINARY_NAMES) {
    it(`lets a key named ${name} through`, () => {
      assert.deepEqual(findSecretsInPublic({ service: { [name]: name === 'passwordMinLength' ? 8 : 'value' } }), []);
    });
  }

  const SECRET_NAMED_VALUES: Array<[string, unknown]> = [
    ['a number', 98765432],
    ['a zero', 0],
    ['an object', { value: 'x' }],
    ['an object of objects', { current: { v: 1 } }],
    ['a list', ['one']],
  ];
  for (const [what, value] of SECRET_NAMED_VALUES) {
    it(`refuses a secret-named key holding ${what}, at any depth`, () => {
      const problems = findSecretsInPublic({ deep: { deeper: { PIN_CODE_PASSWORD: value, secret: value } } });
      assert.deepEqual(problems.map((problem) => problem.path), ['public.deep.deeper.PIN_CODE_PASSWORD', 'public.deep.deeper.secret']);
      assert.ok(!JSON.stringify(problems).includes(JSON.stringify(value)), 'the value is not echoed');
    });
  }

  for (const [what, value] of [['true', true], ['false', false], ['null', null], ['an empty string', ''], ['spaces', '   '], ['an empty object', {}], ['an empty list', []]] as Array<[string, unknown]>) {
    it(`lets a secret-named key holding ${what} through: it leaks nothing`, () => {
      assert.deepEqual(findSecretsInPublic({ service: { password: value, apiKey: value } }), []);
    });
  }

  it('reports a secret-named object once, not once per key inside it', () => {
    const problems = findSecretsInPublic({ secret: { value: 'a', other: { password: 'b' } } });
    assert.deepEqual(problems.map((problem) => problem.path), ['public.secret']);
  });

  it('refuses a secret pasted as a key name, and never prints it, not even in the "not declared" warning', () => {
    const key = join('sk_', 'live_', '51HqLyjWDarjtT1zdp7dcXyZ');
    const report = validateSettings({ public: { [key]: true, stripe: { [key]: 'x' } } }, [], { env: {} });
    assert.ok(!JSON.stringify(report).includes(key.slice(0, 12)), JSON.stringify(report));
    assert.deepEqual(
      report.problems.map((problem) => `${problem.path}: ${problem.message}`),
      [
        'public.[redacted]: has a key name that looks like a Stripe secret key, in the public settings',
        'public.stripe.[redacted]: has a key name that looks like a Stripe secret key, in the public settings',
        'public.stripe: is not declared by any schema',
      ],
    );
  });

  it('names the kind of secret a value is, and nothing for ordinary values', () => {
    assert.equal(secretKind(join('AKIA', 'IOSFODNN7EXAMPLE')), 'an AWS access key id');
    assert.equal(secretKind('G-ABC123XYZ9'), undefined);
    assert.equal(isSecretLookingName('x-api-key'), true);
    assert.equal(isSecretLookingName('publicKey'), false);
  });

  it('checks values built to make patterns backtrack in linear time (64 KB each)', function () {
    this.timeout(60_000);
    const hostile = ['eyJ-', 'a.', '-sk-v1', 'SG.-', 'QUJD', 'x://', 'Bearer ', 'key-', 'a=b;', '?a=', ':@', 'ghp_'].map((unit) => unit.repeat(Math.ceil(65536 / unit.length)));
    const started = process.hrtime.bigint();
    for (const value of hostile) {
      secretKind(value);
      isSecretLookingName(value);
      findSecretsInPublic({ [value.slice(0, 4096)]: value });
    }
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    // Quadratic patterns took 0.7-1.7 s per value at a quarter of this size (so ~10-30 s here);
    // linear ones take milliseconds to a few hundred on a loaded machine.
    assert.ok(milliseconds < 5000, `${milliseconds.toFixed(0)} ms`);
  });

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

// Credentials in a URL's userinfo, whatever the scheme and however it is written: [value, the kind, or undefined for none].
const URL_CREDENTIALS: Array<[string, string | undefined]> = [
  [join('redis://', ':p4ss', '@cache.example.com'), 'a URL with a password in it'],
  [join('redis://', ':pass', '@host'), 'a URL with a password in it'],
  [join('rediss://', ':hunter2', '@[::1]:6380/0'), 'a URL with a password in it'],
  [join('REDIS://', ':Secret', '@HOST:6379'), 'a URL with a password in it'],
  [join('redis://', ':p%40ss%2Fw', '@host'), 'a URL with a password in it'],
  [join('redis://', ':p@ss', '@host'), 'a URL with a password in it'],
  [join('mongodb+srv://', 'app:pw', '@cluster0.example.net/app?retryWrites=true'), 'a URL with a password in it'],
  [join('jdbc:mysql://', 'app:pw', '@db.internal:3306/app'), 'a URL with a password in it'],
  [join('git+ssh://', 'deploy:t0ken', '@git.example.com/repo.git'), 'a URL with a password in it'],
  [join('smtp://', 'apikey:SG.x', '@smtp.example.com:587'), 'a URL with a password in it'],
  [join('ldaps://', 'cn=admin:pw', '@ldap.example.com'), 'a URL with a password in it'],
  [join('postgres://', 'app%40corp:pa%24%24', '@db/app'), 'a URL with a password in it'],
  [join('//', 'user:pass', '@db.example.com/app'), 'a URL with a password in it'],
  [join('upstream=//', 'deploy:hunter2', '@db'), 'a URL with a password in it'],
  [join('primary ', 'amqp://', 'guest:guest', '@rabbit, replica amqp://rabbit2'), 'a URL with a password in it'],
  [join('https://', '9fK2mQ7xL4vB8nR1zT6wY3hC', '@hooks.example.com/in'), 'a URL with a token in it'],
  [join('https://', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0', '@github.com/org/repo.git'), 'a URL with a token in it'],
  [join('https://', 'x7Jd0fT3kP9qLm2Nv5Rb8Wc1:', '@api.example.com/v1'), 'a URL with a token in it'],
  [join('https://', 'ghp_', 'a1'.repeat(18), '@github.com/org/repo.git'), 'a GitHub token'],
  [join('redis%3A%2F%2F', '%3Apassw0rd%40', 'cache.internal%3A6379'), 'a URL with a password in it, percent-encoded'],
  [join('https://proxy.example.com/?target=', 'redis%3A%2F%2F%3Apass%40host'), 'a URL with a password in it, percent-encoded'],
  [join('https://', 'user%3Apass', '@host'), 'a URL with a password in it, percent-encoded'],
  [join('redis:\\/\\/', ':pass', '@host'), 'a URL with a password in it'],
  ['https://user@example.com/path', undefined],
  ['ssh://git@github.com/org/repo.git', undefined],
  ['ftp://anonymous@ftp.example.com/pub', undefined],
  ['http://u:@localhost:3000', undefined],
  ['https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/1234567', undefined],
  ['https://0123456789abcdef0123456789abcdef@sentry.example.com/api/7', undefined],
  ['https://medium.com/@flightdeck', undefined],
  ['https://example.com?email=ada@example.com', undefined],
  ['https://example.com:443?to=ada@example.com', undefined],
  ['git@github.com:org/repo.git', undefined],
  ['mailto:ada@example.com', undefined],
  ['https://example.com/search?q=a%20b%40c', undefined],
];

describe('credentials in URLs', () => {
  URL_CREDENTIALS.forEach(([value, kind], index) => {
    it(`finds ${kind ?? 'no credentials'} in sample ${index + 1} (${/^[^:%\\]*/.exec(value)?.[0]})`, () => {
      assert.equal(secretKind(value), kind);
      const problems = findSecretsInPublic({ service: { url: value } });
      assert.equal(problems.length, kind ? 1 : 0);
      if (kind) assert.match(problems[0].message, new RegExp(`looks like ${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.ok(!JSON.stringify(problems).includes(value), 'the value is not echoed');
    });
  });
});
