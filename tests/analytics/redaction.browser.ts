import assert from 'node:assert/strict';
import { createAnalyticsClient } from '../../packages/analytics/src/lib/analytics-client.ts';
import { trackHistoryPageViews } from '../../packages/analytics/src/lib/history-page-views.ts';
import { recordingDestination } from '../fixtures/analytics/recording-destination.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('what leaves the browser (Chromium)', () => {
  let stop: (() => void) | undefined;
  beforeEach(() => {
    history.replaceState({}, '', '/');
    localStorage.clear();
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
  });

  it("never sends Meteor's reset-password, verify-email or enroll-account tokens, in url, path or referrer", async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    stop = trackHistoryPageViews({ page: analytics.page, settleDelay: 20, hashChanges: true });
    await sleep(40);
    location.hash = '#/reset-password/Zx81kQpLmT0secretToken';
    await sleep(60);
    analytics.track('Password Reset Opened');
    location.hash = '#/verify-email/Vv92aaaTokenVerify';
    await sleep(60);
    history.pushState({}, '', '/welcome#/enroll-account/EnrollTok3n');
    await sleep(60);
    await analytics.ready();
    const sent = JSON.stringify(destination.events);
    for (const token of ['Zx81kQpLmT0secretToken', 'Vv92aaaTokenVerify', 'EnrollTok3n']) assert.ok(!sent.includes(token), `${token} was sent`);
    const pages = destination.events.filter((event) => event.type === 'page');
    assert.equal(pages[1].properties.url, `${location.origin}/#/reset-password/[redacted]`);
    assert.equal(pages[2].properties.referrer, `${location.origin}/#/reset-password/[redacted]`);
    assert.equal(pages[3].properties.url, `${location.origin}/welcome#/enroll-account/[redacted]`);
    const track = destination.events.find((event) => event.type === 'track');
    assert.equal(track?.context.page?.url, `${location.origin}/#/reset-password/[redacted]`);
  });

  it('never sends path-style account tokens (/reset-password/<token>, /verify-email/<token>?utm_source=mail) in url, path, referrer, title or properties', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    const secret = 'Zx81kQpLmT0s3cretT0kenAbCdEfGhIjKlMnOpQrStU';
    stop = trackHistoryPageViews({ page: analytics.page, settleDelay: 20 });
    await sleep(40);
    history.pushState({}, '', `/reset-password/${secret}`);
    document.title = `Reset ${location.href}`;
    await sleep(60);
    analytics.track('Reset Link Opened', { link: location.href, nested: { a: { b: { c: { d: { e: { url: location.pathname } } } } } } });
    history.pushState({}, '', `/verify-email/Vv92aaaTokenVerify?utm_source=mail`);
    await sleep(60);
    history.pushState({}, '', '/welcome');
    await sleep(60);
    await analytics.ready();
    const sent = JSON.stringify(destination.events);
    for (const token of [secret, 'Vv92aaaTokenVerify']) assert.ok(!sent.includes(token), `${token} was sent: ${sent}`);
    const pages = destination.events.filter((event) => event.type === 'page');
    assert.equal(pages[1].properties.path, '/reset-password/[redacted]');
    assert.equal(pages[2].properties.url, `${location.origin}/verify-email/[redacted]?utm_source=mail`);
    assert.deepEqual(pages[2].context.campaign, { source: 'mail' });
    assert.equal(pages[3].properties.referrer, `${location.origin}/verify-email/[redacted]?utm_source=mail`);
    document.title = '';
  });

  it('refuses an event over 32 KB at track(), saying so once, and sends the others', async () => {
    const destination = recordingDestination();
    const logs: string[] = [];
    const analytics = createAnalyticsClient({ destinations: [destination], log: (message) => logs.push(message) });
    analytics.track('Huge', { blob: 'x'.repeat(40 * 1024) });
    analytics.track('Huge', { blob: 'é'.repeat(17 * 1024) }); // 17 K characters, 34 KB of UTF-8
    analytics.track('Small', { ok: true });
    await analytics.ready();
    assert.deepEqual(destination.events.map((event) => event.event), ['Small']);
    assert.equal(logs.filter((line) => /over 32 KB: not sent/.test(line)).length, 1, logs.join('\n'));
  });

  it('replaces the values of configured query parameters, wherever a URL appears, and keeps the rest', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination], redactQueryParams: ['token', 'email'] });
    history.pushState({}, '', '/invite?token=abc123&email=ann%40example.com&utm_source=mail&utm_campaign=spring');
    analytics.page();
    analytics.track('Link Shared', { link: 'https://app.example.com/join?token=zzz999&ref=home' });
    await analytics.ready();
    const sent = JSON.stringify(destination.events);
    assert.ok(!sent.includes('abc123') && !sent.includes('ann%40example.com') && !sent.includes('zzz999'), sent);
    assert.equal(destination.events[0].properties.search, '?token=[redacted]&email=[redacted]&utm_source=mail&utm_campaign=spring');
    assert.equal(destination.events[1].properties.link, 'https://app.example.com/join?token=[redacted]&ref=home');
    assert.deepEqual(destination.events[0].context.campaign, { source: 'mail', name: 'spring' });
  });

  it('enriches events with page context, the anonymous id, the library and a unique messageId', async () => {
    const destination = recordingDestination();
    document.title = 'Pricing';
    history.pushState({}, '', '/pricing');
    const analytics = createAnalyticsClient({ destinations: [destination] });
    analytics.track('Plan Chosen', { plan: 'pro' });
    analytics.track('Plan Chosen', { plan: 'team' });
    await analytics.ready();
    const [first, second] = destination.events;
    assert.equal(first.context.page?.path, '/pricing');
    assert.equal(first.context.page?.title, 'Pricing');
    assert.equal(first.context.library?.name, 'flightdeck:analytics');
    assert.equal(first.anonymousId, localStorage.getItem('flightdeck.analytics.anonymousId'));
    assert.notEqual(first.messageId, second.messageId);
    assert.deepEqual(first.properties, { plan: 'pro' });
  });

  it('drops events on excluded paths and outside the include list', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination], include: ['/app/**', '/'], exclude: ['/app/admin/**'] });
    for (const path of ['/', '/app/projects/1', '/app/admin/users', '/blog/post']) {
      history.pushState({}, '', path);
      analytics.page();
    }
    await analytics.ready();
    assert.deepEqual(destination.events.map((event) => event.properties.path), ['/', '/app/projects/1']);
  });

  it('identifies, then forgets the user and takes a new anonymous id on reset', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    const before = analytics.anonymousId;
    analytics.identify('user-1', { plan: 'pro' });
    analytics.track('While Logged In');
    analytics.reset();
    analytics.track('After Logout');
    await analytics.ready();
    assert.deepEqual(
      destination.events.map((event) => [event.type, event.userId ?? null, event.anonymousId === before]),
      [
        ['identify', 'user-1', true],
        ['track', 'user-1', true],
        ['track', null, false],
      ],
    );
  });

  it('remembers optOut in the browser and sends nothing until optIn', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    analytics.optOut();
    analytics.track('Hidden');
    analytics.page();
    assert.equal(localStorage.getItem('flightdeck.analytics.optOut'), '1');
    const later = createAnalyticsClient({ destinations: [destination] });
    assert.equal(later.isOptedOut(), true, 'a client created later (the next page load) is opted out');
    later.track('Still Hidden');
    later.optIn();
    later.track('Visible');
    await later.ready();
    assert.deepEqual(destination.events.map((event) => event.event), ['Visible']);
  });
});
