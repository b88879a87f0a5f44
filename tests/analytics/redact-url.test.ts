import assert from 'node:assert/strict';
import { redactedParams, redactUrl } from '../../packages/analytics/src/lib/redact-url.ts';
import { MAX_PROPERTY_DEPTH, redactEvent } from '../../packages/analytics/src/lib/redact-event.ts';
import type { AnalyticsEvent } from '../../packages/analytics/src/lib/analytics-event.ts';

// Meteor's Random.secret(): 43 characters of the base64url alphabet.
const SECRET = 'Zx81kQpLmT0s3cretT0kenAbCdEfGhIjKlMnOpQrStU';
const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('redactUrl: account tokens and secrets in every form a URL takes', () => {
  const leaks: Array<[string, string]> = [
    ['https://app.example.com/reset-password/SECRET', 'https://app.example.com/reset-password/[redacted]'],
    ['/verify-email/SECRET?utm_source=mail', '/verify-email/[redacted]?utm_source=mail'],
    ['https://app.example.com/#/enroll-account/SECRET', 'https://app.example.com/#/enroll-account/[redacted]'],
    ['https://app.example.com/#reset-password/SECRET', 'https://app.example.com/#reset-password/[redacted]'],
    ['/en/auth/verify_email/SECRET/', '/en/auth/verify_email/[redacted]/'],
    ['/Reset-Password/SECRET', '/Reset-Password/[redacted]'],
    ['/resetPassword/short1', '/resetPassword/[redacted]'],
    ['/magic-login/abc.def', '/magic-login/[redacted]'],
    ['/invitations/accept/inv42', '/invitations/accept/[redacted]'],
    ['/login?next=%2Freset-password%2FSECRET', '/login?next=%2Freset-password%2F[redacted]'],
    ['/reset?reset_token=abc123&lang=en', '/reset?reset_token=[redacted]&lang=en'],
    ['https://app.example.com/callback#access_token=ya29.abc&expires_in=3600', 'https://app.example.com/callback#access_token=[redacted]&expires_in=3600'],
    ['/oauth/callback?code=4%2F0AY0e&state=xyz', '/oauth/callback?code=[redacted]&state=xyz'],
    ['/s/SECRET', '/s/[redacted]'],
    [`/files/${HEX}/download`, '/files/[redacted]/download'],
    ['Open https://app.example.com/reset-password/SECRET to continue', 'Open https://app.example.com/reset-password/[redacted] to continue'],
    ['Reset your password · SECRET', 'Reset your password · [redacted]'],
    ['https://app.example.com/?loginToken=abc123&selector=ann%40example.com', 'https://app.example.com/?loginToken=[redacted]&selector=[redacted]'],
    ['/reset-password%252FSECRET', '/reset-password%25[redacted]'],
  ];
  for (const [input, expected] of leaks) {
    const url = input.replace('SECRET', SECRET);
    it(`redacts ${input}`, () => {
      const result = redactUrl(url);
      assert.equal(result, expected.replace('SECRET', SECRET));
      assert.ok(!result.includes(SECRET));
    });
  }

  const kept = [
    '/posts/introducing-flightdeck-analytics-2026',
    '/notes/aBc123XyZ9876543q',
    '/orders/507f1f77bcf86cd799439011',
    '/orders/3f2b8c1e-9a4d-4e5f-8a7b-1c2d3e4f5a6b',
    '/pricing?utm_source=mail&utm_campaign=spring',
    '/search?q=reset+password',
    'Reset your password',
    '/settings/password',
  ];
  for (const input of kept) it(`keeps ${input}`, () => assert.equal(redactUrl(input), input));

  it('replaces the values of configured query parameters, case-insensitively', () => {
    assert.equal(redactUrl('/invite?Email=ann%40example.com&ref=home', redactedParams(['email'])), '/invite?Email=[redacted]&ref=home');
  });
});

describe('redactEvent: every string at any depth, and nothing deeper than the limit', () => {
  const event = (properties: Record<string, unknown>): AnalyticsEvent => ({
    type: 'track',
    event: 'E',
    properties,
    anonymousId: 'a',
    messageId: 'm',
    timestamp: '2026-01-01T00:00:00.000Z',
    context: { page: { path: '/', url: 'https://x.test/', search: '', referrer: '', title: 'Home' } },
  });

  it('redacts a token five and more objects deep, and drops what is deeper than the limit', () => {
    const redact = redactEvent([]);
    const deep = { a: { b: { c: { d: { e: { link: `/reset-password/${SECRET}` } } } } } };
    let deeper: Record<string, unknown> = { link: `/reset-password/${SECRET}` };
    for (let i = 0; i < MAX_PROPERTY_DEPTH + 2; i += 1) deeper = { next: deeper };
    const { event: result, dropped } = redact(event({ deep, deeper }));
    const sent = JSON.stringify(result);
    assert.ok(!sent.includes(SECRET), sent);
    assert.equal((result.properties as { deep: typeof deep }).deep.a.b.c.d.e.link, '/reset-password/[redacted]');
    assert.equal(dropped, 1);
    assert.equal(JSON.stringify(result).split('"next"').length - 1, MAX_PROPERTY_DEPTH - 2, 'the levels within the limit are kept');
  });

  it('redacts the value of a property named like a secret, and leaves others as they are', () => {
    const { event: result } = redactEvent([])(event({ resetToken: SECRET, apiKey: 'k-123', author: 'Ann', plan: 'pro' }));
    assert.deepEqual(result.properties, { resetToken: '[redacted]', apiKey: '[redacted]', author: 'Ann', plan: 'pro' });
  });

  it('returns the event itself, not a copy, when nothing is redacted', () => {
    const input = event({ plan: 'pro', seats: 3, tags: ['a', 'b'] });
    assert.equal(redactEvent([])(input).event, input);
  });

  it('survives a cyclic object by dropping the cycle at the depth limit', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const { event: result } = redactEvent([])(event({ cyclic }));
    assert.doesNotThrow(() => JSON.stringify(result));
  });
});
