export interface LoginSource {
  /** reactive: Meteor.userId() */
  userId(): string | null;
  /** reactive: Meteor.loggingIn() */
  loggingIn(): boolean;
  /** Tracker.autorun */
  autorun(run: () => void): unknown;
}

export interface Identifiable {
  readonly userId: string | undefined;
  identify(userId: string, traits?: Record<string, unknown>): void;
  track(event: string): void;
  reset(): void;
}

export interface FollowLoginOptions {
  /**
   * reactive: the traits to identify with (e.g. the user's email from Meteor.user()), or undefined
   * while the user document has not arrived, which delays the identify until it has
   */
  traits?: () => Record<string, unknown> | undefined;
  /** a "Signed in" event after a new login's identify and "Signed out" before the reset (okgrow:analytics' events) */
  events?: boolean;
}

/**
 * Identify once per login and reset on logout, driven by Meteor.userId(). A resume login on
 * reconnect keeps the same userId, and the identified user is remembered across page loads, so
 * neither identifies again (nor says "Signed in"). A page that loads logged out while the client
 * still remembers a user (a logout in another tab) resets.
 */
export function followLogin(analytics: Identifiable, source: LoginSource, options?: FollowLoginOptions): void {
  const { traits, events } = options || {};
  let last: string | null | undefined;
  source.autorun(() => {
    const userId = source.userId();
    const loggingIn = source.loggingIn();
    const userTraits = userId && traits ? traits() : undefined;
    if (userId === last || (userId && traits && !userTraits)) return;
    if (userId) {
      if (analytics.userId !== userId) {
        analytics.identify(userId, userTraits);
        if (events) analytics.track('Signed in');
      }
    } else if (last || (!loggingIn && analytics.userId)) {
      // Before the reset, so the event is the user's who signed out.
      if (events) analytics.track('Signed out');
      analytics.reset();
    }
    // While a resume login is under way, userId is still null: do not take that for a logout.
    if (userId || !loggingIn) last = userId;
  });
}
