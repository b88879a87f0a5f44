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
  identify(userId: string): void;
  reset(): void;
}

/**
 * Identify once per login and reset on logout, driven by Meteor.userId(). A resume login on
 * reconnect keeps the same userId, and the identified user is remembered across page loads, so
 * neither identifies again. A page that loads logged out while the client still remembers a user
 * (a logout in another tab) resets.
 */
export function followLogin(analytics: Identifiable, source: LoginSource): void {
  let last: string | null | undefined;
  source.autorun(() => {
    const userId = source.userId();
    const loggingIn = source.loggingIn();
    if (userId === last) return;
    if (userId) {
      if (analytics.userId !== userId) analytics.identify(userId);
    } else if (last || (!loggingIn && analytics.userId)) {
      analytics.reset();
    }
    // While a resume login is under way, userId is still null: do not take that for a logout.
    if (userId || !loggingIn) last = userId;
  });
}
