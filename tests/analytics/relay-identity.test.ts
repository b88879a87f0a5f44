import assert from 'node:assert/strict';
import { ConnectionIdentities } from '../../packages/analytics/src/lib/connection-identities.ts';
import { createRelayHandler } from '../../packages/analytics/src/lib/relay-handler.ts';
import type { SegmentMessage } from '../../packages/analytics/src/lib/segment-message.ts';
import { relayRefusal } from '../helpers/relay-refusal.ts';

// A clock the test moves; the browser's clock is the server's minus `skew`.
function setup(skew = 0) {
  let time = 1_700_000_000_000;
  const forwarded: SegmentMessage[] = [];
  const logs: string[] = [];
  const identities = new ConnectionIdentities({ now: () => time });
  const relay = createRelayHandler({ forward: (message) => forwarded.push(message), identities, maxBytes: 256 * 1024, now: () => time, log: (line) => logs.push(line) });
  return {
    forwarded,
    logs,
    identities,
    relay,
    advance: (ms: number) => void (time += ms),
    /** each forwarded event from index `from` on: its name (or type), userId and anonymousId */
    whoAfter: (from: number) => forwarded.slice(from).map((message) => [message.event ?? message.type, message.userId, message.anonymousId]),
    /** what the browser's clock reads now */
    browserNow: () => new Date(time - skew).toISOString(),
    serverNow: () => time,
  };
}

describe('the relay owns the identity of what it forwards', () => {
  it('credits a page view queued before login and sent after it to no one, and later events to the user', () => {
    const t = setup();
    const queuedAt = t.browserNow();
    t.advance(2000);
    t.identities.loggedIn('c1', 'user-1');
    t.advance(500);
    const after = t.browserNow();
    t.advance(500);
    t.relay({ userId: 'user-1', connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [
      { type: 'page', anonymousId: 'anon-1', timestamp: queuedAt, properties: { path: '/pricing' } },
      { type: 'track', event: 'Plan Chosen', anonymousId: 'anon-1', timestamp: after },
    ] });
    assert.deepEqual(t.forwarded.map((message) => [message.type, message.userId]), [['page', undefined], ['track', 'user-1']]);
  });

  it("uses the connection's logins on the server's clock when the browser's clock is an hour behind", () => {
    const t = setup(60 * 60 * 1000);
    const beforeLogin = t.browserNow();
    t.advance(1000);
    t.identities.loggedIn('c1', 'user-1');
    t.advance(1000);
    t.relay({ userId: 'user-1', connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [
      { type: 'page', anonymousId: 'anon-1', timestamp: beforeLogin },
      { type: 'track', event: 'After', anonymousId: 'anon-1', timestamp: t.browserNow() },
    ] });
    assert.deepEqual(t.forwarded.map((message) => message.userId), [undefined, 'user-1']);
    assert.equal(t.forwarded[1].timestamp, new Date(t.serverNow()).toISOString(), "timestamps are on the server's clock");
  });

  it('keeps events made after a logout anonymous, even when the batch arrives while the user is logged in again', () => {
    const t = setup();
    t.identities.loggedIn('c1', 'user-1');
    t.advance(1000);
    t.identities.loggedOut('c1');
    t.advance(1000);
    const loggedOut = t.browserNow();
    t.advance(1000);
    t.identities.loggedIn('c1', 'user-2');
    t.advance(1000);
    t.relay({ userId: 'user-2', connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [{ type: 'track', event: 'Browsed', anonymousId: 'anon-2', timestamp: loggedOut }] });
    assert.equal(t.forwarded[0].userId, undefined);
  });

  it('credits events from before a reconnect to the user a resume login brings back', () => {
    const t = setup();
    const offline = t.browserNow();
    t.advance(5000);
    t.identities.loggedIn('c2', 'user-1', { resume: true });
    t.relay({ userId: 'user-1', connectionId: 'c2' }, { sentAt: t.browserNow(), batch: [{ type: 'track', event: 'Offline Click', anonymousId: 'anon-1', timestamp: offline }] });
    assert.equal(t.forwarded[0].userId, 'user-1');
  });

  it("binds the anonymousId to the connection: another visitor's id in a later batch is replaced", () => {
    const t = setup();
    t.relay({ userId: null, connectionId: 'c1' }, [{ type: 'page', anonymousId: 'mine' }]);
    t.relay({ userId: null, connectionId: 'c1' }, [{ type: 'track', event: 'Spoof', anonymousId: 'someone-else' }]);
    t.relay({ userId: null, connectionId: 'c9' }, [{ type: 'page', anonymousId: 'someone-else' }]);
    assert.deepEqual(t.forwarded.map((message) => message.anonymousId), ['mine', 'mine', 'someone-else']);
  });

  it('binds a new anonymousId after a logout on the connection (the browser resets its id then)', () => {
    const t = setup();
    t.identities.loggedIn('c1', 'user-1');
    t.relay({ userId: 'user-1', connectionId: 'c1' }, [{ type: 'page', anonymousId: 'before-logout' }]);
    t.advance(1000);
    t.identities.loggedOut('c1');
    t.advance(1000);
    t.relay({ userId: null, connectionId: 'c1' }, [{ type: 'page', anonymousId: 'after-logout', timestamp: t.browserNow() }]);
    t.relay({ userId: null, connectionId: 'c1' }, [{ type: 'page', anonymousId: 'before-logout', timestamp: t.browserNow() }]);
    assert.deepEqual(t.forwarded.map((message) => message.anonymousId), ['before-logout', 'after-logout', 'after-logout']);
  });

  // Seen in a real Meteor 3.0.4 app: the browser's "Signed out" (tracked when Meteor.userId()
  // turns null, before its reset) was stamped 13 ms before Accounts.onLogout ran in one run and
  // 3 ms after it in the next. After it, the stretch took the old anonymousId, and every later
  // event lost the browser's new id.
  it("credits the browser's Signed out, made with its old id just after onLogout, to the user, and keeps its new id after it", () => {
    const t = setup();
    t.identities.loggedIn('c1', 'user-1');
    t.relay({ userId: 'user-1', connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [{ type: 'identify', anonymousId: 'before-logout', timestamp: t.browserNow() }] });
    t.advance(1000);
    t.identities.loggedOut('c1');
    t.advance(3);
    const signedOut = t.browserNow();
    t.advance(1);
    const afterReset = t.browserNow();
    t.advance(1000);
    t.relay({ userId: null, connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [
      { type: 'track', event: 'Signed out', anonymousId: 'before-logout', timestamp: signedOut },
      { type: 'page', anonymousId: 'after-logout', timestamp: afterReset },
    ] });
    t.advance(1000);
    t.relay({ userId: null, connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [{ type: 'track', event: 'Browsed', anonymousId: 'after-logout', timestamp: t.browserNow() }] });
    assert.deepEqual(t.whoAfter(1), [
      ['Signed out', 'user-1', 'before-logout'],
      ['page', undefined, 'after-logout'],
      ['Browsed', undefined, 'after-logout'],
    ]);
  });

  it('credits the old id to the signed-out user only moments after the logout, before the browser has sent its new id', () => {
    const t = setup();
    t.identities.loggedIn('c1', 'user-1');
    t.relay({ userId: 'user-1', connectionId: 'c1' }, [{ type: 'page', anonymousId: 'before-logout' }]);
    t.advance(1000);
    t.identities.loggedOut('c1');
    t.advance(60_000);
    t.relay({ userId: null, connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [{ type: 'track', event: 'Late', anonymousId: 'before-logout', timestamp: t.browserNow() }] });
    assert.equal(t.forwarded[1].userId, undefined, 'a minute after the logout it is not the user any more');
  });

  // The mirror of the case above, also seen in the real Meteor 3.0.4 app: the reset browser's first
  // event, with its new id, mapped onto the server's clock a little before Accounts.onLogout ran.
  it("credits the reset browser's first event, its new id stamped moments before onLogout, to no one, with its new id", () => {
    const t = setup();
    t.identities.loggedIn('c1', 'user-1');
    t.relay({ userId: 'user-1', connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [{ type: 'identify', anonymousId: 'before-logout', timestamp: t.browserNow() }] });
    t.advance(1000);
    const clicked = t.browserNow();
    t.advance(900);
    const earlyStamp = t.browserNow();
    t.advance(100);
    t.identities.loggedOut('c1');
    t.advance(1000);
    t.relay({ userId: null, connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [
      { type: 'track', event: 'Clicked', anonymousId: 'before-logout', timestamp: clicked },
      { type: 'page', anonymousId: 'after-logout', timestamp: earlyStamp },
    ] });
    t.advance(1000);
    t.relay({ userId: null, connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [{ type: 'track', event: 'Browsed', anonymousId: 'after-logout', timestamp: t.browserNow() }] });
    assert.deepEqual(t.whoAfter(1), [
      ['Clicked', 'user-1', 'before-logout'],
      ['page', undefined, 'after-logout'],
      ['Browsed', undefined, 'after-logout'],
    ]);
  });

  it('keeps an other id claimed long before a logout, or after the next stretch has its id, the logged-in user\'s bound id', () => {
    const t = setup();
    t.identities.loggedIn('c1', 'user-1');
    t.relay({ userId: 'user-1', connectionId: 'c1' }, [{ type: 'page', anonymousId: 'mine', timestamp: t.browserNow() }]);
    t.advance(1000);
    const longBefore = t.browserNow();
    t.advance(60_000);
    const justBefore = t.browserNow();
    t.advance(50);
    t.identities.loggedOut('c1');
    t.advance(1000);
    t.relay({ userId: null, connectionId: 'c1' }, { sentAt: t.browserNow(), batch: [
      { type: 'track', event: 'Spoof long before', anonymousId: 'someone-else', timestamp: longBefore },
      { type: 'page', anonymousId: 'after-logout', timestamp: justBefore },
      { type: 'track', event: 'Spoof just before', anonymousId: 'someone-else', timestamp: justBefore },
    ] });
    assert.deepEqual(t.whoAfter(1), [
      ['Spoof long before', 'user-1', 'mine'],
      ['page', undefined, 'after-logout'],
      ['Spoof just before', 'user-1', 'mine'],
    ]);
  });

  it('takes context.ip and the user agent from the connection and drops what the client claims about them', () => {
    const t = setup();
    t.relay({ userId: null, connectionId: 'c1', clientAddress: '203.0.113.9', userAgent: 'Mozilla/5.0 Real' }, [
      { type: 'page', anonymousId: 'a', context: { ip: '1.2.3.4', userAgent: 'Fake', traits: { userId: 'admin', email: 'x@y' }, page: { path: '/p' }, locale: 'fr-FR' } },
    ]);
    assert.deepEqual(t.forwarded[0].context, { page: { path: '/p' }, locale: 'fr-FR', ip: '203.0.113.9', userAgent: 'Mozilla/5.0 Real' });
  });

  it("replaces the client's messageId with one the server derives: stable for a retried call, never another event's", () => {
    const t = setup();
    const event = { type: 'track', event: 'Paid', anonymousId: 'a', messageId: 'chosen-id' };
    t.relay({ userId: null, connectionId: 'c1' }, [event]);
    t.relay({ userId: null, connectionId: 'c1' }, [event]);
    t.relay({ userId: null, connectionId: 'c2' }, [{ ...event, anonymousId: 'b' }]);
    t.relay({ userId: null, connectionId: 'c1' }, [{ type: 'track', event: 'Paid', anonymousId: 'a' }]);
    const [first, retried, other, unnamed] = t.forwarded.map((message) => message.messageId);
    assert.notEqual(first, 'chosen-id');
    assert.match(first!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(retried, first, 'the same call sent twice deduplicates');
    assert.notEqual(other, first, 'another visitor cannot collide with it');
    assert.notEqual(unnamed, first);
  });

  it('answers values that cannot be serialised with a RelayError naming the field, never a RangeError or TypeError', () => {
    const t = setup();
    const cyclic: Record<string, unknown> = { a: { b: 1 } };
    (cyclic.a as Record<string, unknown>).self = cyclic;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 6000; i += 1) deep = { next: deep };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ properties: { order: cyclic } }, /batch\[0\]\.properties\.order\.a\.self refers back to itself/],
      [{ properties: { total: 10n } }, /batch\[0\]\.properties\.total is a BigInt/],
      [{ properties: { nested: deep } }, /batch\[0\]\.properties\.nested(\.next)+ nests deeper than 16 levels/],
      [{ properties: { when: new Map() } }, /batch\[0\]\.properties\.when must be a plain object/],
      [{ properties: { n: Number.NaN } }, /batch\[0\]\.properties\.n is NaN/],
      [{ context: { page: { fn: () => 1 } } }, /batch\[0\]\.context\.page\.fn is a function/],
    ];
    for (const [extra, message] of cases) {
      const error = relayRefusal(() => t.relay({ userId: null, connectionId: 'c1' }, [{ type: 'track', event: 'E', anonymousId: 'a', ...extra }]));
      assert.equal(error.error, 'analytics-batch-invalid');
      assert.match(error.reason, message);
    }
    assert.equal(t.forwarded.length, 0);
  });

  it('drops an event over 32 KB alone, logged once, and forwards the rest of its batch', () => {
    const t = setup();
    const result = t.relay({ userId: null, connectionId: 'c1' }, [
      { type: 'track', event: 'Small', anonymousId: 'a' },
      { type: 'track', event: 'Huge', anonymousId: 'a', properties: { blob: 'x'.repeat(40 * 1024) } },
      { type: 'track', event: 'Small Too', anonymousId: 'a' },
    ]);
    t.relay({ userId: null, connectionId: 'c1' }, [{ type: 'track', event: 'Huge', anonymousId: 'a', properties: { blob: 'x'.repeat(40 * 1024) } }]);
    assert.deepEqual(result, { accepted: 2, refused: 1 });
    assert.deepEqual(t.forwarded.map((message) => message.event), ['Small', 'Small Too']);
    assert.equal(t.logs.length, 1);
    assert.match(t.logs[0], /batch\[1\] is \d+ bytes, over Segment's 32768-byte limit/);
  });

  it('forgets a closed connection, and remembers a bounded number of connections', () => {
    const identities = new ConnectionIdentities({ maxConnections: 3 });
    for (const id of ['c1', 'c2', 'c3', 'c4']) identities.loggedIn(id, `user-${id}`);
    assert.equal(identities.size, 3);
    assert.equal(identities.userIdAt('c1', Date.now(), null), null, 'the oldest was forgotten');
    identities.closed('c4');
    assert.equal(identities.size, 2);
  });
});
