import assert from 'node:assert/strict';
import { followLogin } from '../../packages/analytics/src/lib/follow-login.ts';

/** Meteor.userId() / Meteor.loggingIn() as reactive values, with autorun re-running on change as Tracker does. */
function accountsState(initial: { userId: string | null; loggingIn: boolean }) {
  let state = { ...initial };
  const runs: Array<() => void> = [];
  return {
    source: {
      userId: () => state.userId,
      loggingIn: () => state.loggingIn,
      autorun: (run: () => void) => {
        runs.push(run);
        run();
      },
    },
    set(next: Partial<typeof state>) {
      state = { ...state, ...next };
      for (const run of runs) run();
    },
  };
}

function recordingAnalytics(remembered?: string) {
  const calls: string[] = [];
  const analytics = {
    userId: remembered,
    identify(id: string, traits?: Record<string, unknown>) {
      calls.push(`identify ${id}${traits ? ` ${JSON.stringify(traits)}` : ''}`);
      analytics.userId = id;
    },
    track(event: string) {
      calls.push(`track ${event}`);
    },
    reset() {
      calls.push('reset');
      analytics.userId = undefined;
    },
  };
  return { analytics, calls };
}

describe('identify on login, reset on logout', () => {
  it('identifies once when a user logs in, and resets when they log out', () => {
    const { analytics, calls } = recordingAnalytics();
    const accounts = accountsState({ userId: null, loggingIn: false });
    followLogin(analytics, accounts.source);
    accounts.set({ loggingIn: true });
    accounts.set({ userId: 'u1', loggingIn: false });
    accounts.set({ userId: null });
    assert.deepEqual(calls, ['identify u1', 'reset']);
  });

  it('does not identify again on a reconnect (resume login keeps the userId)', () => {
    const { analytics, calls } = recordingAnalytics();
    const accounts = accountsState({ userId: 'u1', loggingIn: false });
    followLogin(analytics, accounts.source);
    for (let reconnect = 0; reconnect < 3; reconnect += 1) {
      accounts.set({ loggingIn: true });
      accounts.set({ loggingIn: false });
    }
    assert.deepEqual(calls, ['identify u1']);
  });

  it('does not identify again after a page reload for the user it already identified', () => {
    const { analytics, calls } = recordingAnalytics('u1');
    // On load, a stored login token is resumed: userId null while loggingIn, then the user.
    const accounts = accountsState({ userId: null, loggingIn: true });
    followLogin(analytics, accounts.source);
    accounts.set({ userId: 'u1', loggingIn: false });
    assert.deepEqual(calls, []);
  });

  it('resets a remembered user when the page loads logged out (a logout in another tab)', () => {
    const { analytics, calls } = recordingAnalytics('u1');
    const accounts = accountsState({ userId: null, loggingIn: false });
    followLogin(analytics, accounts.source);
    assert.deepEqual(calls, ['reset']);
  });

  it('identifies the new user when another one logs in on the same tab', () => {
    const { analytics, calls } = recordingAnalytics();
    const accounts = accountsState({ userId: 'u1', loggingIn: false });
    followLogin(analytics, accounts.source);
    accounts.set({ userId: null });
    accounts.set({ userId: 'u2' });
    assert.deepEqual(calls, ['identify u1', 'reset', 'identify u2']);
  });

  it('says "Signed in" after a new login and "Signed out" before the reset, as okgrow:analytics did, when asked', () => {
    const { analytics, calls } = recordingAnalytics('u1');
    const accounts = accountsState({ userId: null, loggingIn: true });
    followLogin(analytics, accounts.source, { events: true });
    accounts.set({ userId: 'u1', loggingIn: false });
    accounts.set({ userId: null });
    accounts.set({ userId: 'u2' });
    assert.deepEqual(calls, ['track Signed out', 'reset', 'identify u2', 'track Signed in'], 'a resumed login on reload is no new sign-in');
  });

  it("identifies with the user's email once the user document has arrived, when traits are asked for", () => {
    const { analytics, calls } = recordingAnalytics();
    const accounts = accountsState({ userId: null, loggingIn: false });
    let user: { emails?: Array<{ address: string }> } | undefined;
    followLogin(analytics, accounts.source, { traits: () => (user ? { email: user.emails?.[0]?.address } : undefined) });
    accounts.set({ userId: 'u1' });
    assert.deepEqual(calls, [], 'waits for Meteor.user()');
    user = { emails: [{ address: 'ann@example.com' }] };
    accounts.set({});
    accounts.set({});
    assert.deepEqual(calls, ['identify u1 {"email":"ann@example.com"}']);
  });
});
