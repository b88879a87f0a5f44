export interface ConnectionIdentitiesOptions {
  /** connections remembered at most; the oldest is forgotten first (default 100,000) */
  maxConnections?: number;
  /** logins / logouts remembered per connection (default 16) */
  maxChanges?: number;
  now?: () => number;
}

/**
 * How long after a logout an event may still carry the id the browser had before it and be the
 * signed-out user's: the browser's own "Signed out", tracked when Meteor.userId() turns null and
 * before its reset, which a real Meteor 3.0.4 client made from 13 ms before to 3 ms after
 * Accounts.onLogout ran on the server.
 */
export const SIGN_OUT_GRACE_MS = 10_000;

interface Change {
  at: number;
  userId: string | null;
}

interface ConnectionRecord {
  /** who the connection was before its first recorded change: a resume login proves the browser was logged in */
  before: string | null;
  changes: Change[];
  /** anonymousId bound per stretch between logouts: key = logouts before the event */
  anonymousIds: Map<number, string>;
  /** times of the latest logouts, and how many there were in all */
  logouts: number[];
  logoutTotal: number;
}

/**
 * Who each DDP connection was logged in as, and when, so a relayed event gets the userId the
 * connection had when the event happened, not when its batch arrived (a page view queued before
 * login and sent after it stays anonymous). Fed by Accounts.onLogin / onLogout; bounded in
 * connections and in changes per connection.
 */
export class ConnectionIdentities {
  readonly #connections = new Map<string, ConnectionRecord>();
  readonly #maxConnections: number;
  readonly #maxChanges: number;
  readonly #now: () => number;

  constructor(options: ConnectionIdentitiesOptions = {}) {
    this.#maxConnections = options.maxConnections ?? 100_000;
    this.#maxChanges = options.maxChanges ?? 16;
    this.#now = options.now ?? Date.now;
  }

  /** Accounts.onLogin: `resume` is a reconnect with a stored token, so the browser was this user before. */
  loggedIn(connectionId: string, userId: string, options: { resume?: boolean; at?: number } = {}): void {
    const record = this.record(connectionId, options.resume && this.#connections.get(connectionId) === undefined ? userId : null);
    this.change(record, { at: options.at ?? this.#now(), userId });
  }

  /** Accounts.onLogout (and a failed login that leaves the connection logged out). */
  loggedOut(connectionId: string, options: { at?: number } = {}): void {
    const record = this.#connections.get(connectionId);
    if (!record) return;
    const at = options.at ?? this.#now();
    this.change(record, { at, userId: null });
    record.logouts.push(at);
    record.logoutTotal += 1;
    if (record.logouts.length > this.#maxChanges) record.logouts.shift();
  }

  /** The connection closed: forget it. */
  closed(connectionId: string): void {
    this.#connections.delete(connectionId);
  }

  /**
   * The userId the connection had at `time` (server clock), or `current` when nothing was recorded
   * for it (no accounts package: the method's this.userId).
   */
  userIdAt(connectionId: string | undefined, time: number, current: string | null): string | null {
    const record = connectionId === undefined ? undefined : this.#connections.get(connectionId);
    if (!record) return current;
    for (let i = record.changes.length - 1; i >= 0; i -= 1) if (record.changes[i].at <= time) return record.changes[i].userId;
    return record.before;
  }

  /**
   * Who an event at `time` is about: `userIdAt` and `anonymousIdAt`, except for an event made
   * moments after a logout (SIGN_OUT_GRACE_MS) with the id the connection had before it, while the
   * browser has sent nothing with a new one: that is the browser's own event about its logout
   * ("Signed out", made before its reset), so it is the signed-out user's, with the old id, and it
   * does not bind the old id to the stretch after the logout. And the mirror case: an event made
   * moments before a logout with an id other than the one bound before it is the reset browser's
   * first event after the logout (its clock mapped early): no user, and its id binds that stretch.
   */
  identityAt(connectionId: string | undefined, time: number, claimed: string | undefined, current: string | null): { userId: string | null; anonymousId: string | undefined } {
    const userId = this.userIdAt(connectionId, time, current);
    const record = connectionId === undefined ? undefined : this.#connections.get(connectionId);
    if (record && claimed !== undefined) {
      let key = record.logoutTotal;
      let index = record.logouts.length;
      while (index > 0 && record.logouts[index - 1] > time) {
        key -= 1;
        index -= 1;
      }
      const logoutAt = index > 0 ? record.logouts[index - 1] : undefined;
      if (
        logoutAt !== undefined &&
        time - logoutAt <= SIGN_OUT_GRACE_MS &&
        key > 0 &&
        record.anonymousIds.get(key) === undefined &&
        record.anonymousIds.get(key - 1) === claimed
      ) {
        return { userId: this.userIdAt(connectionId, logoutAt - 1, current), anonymousId: claimed };
      }
      // The other way round: an event with a new id stamped moments before the next logout. The
      // browser changes its id only when it resets after the logout, so the event is the
      // signed-out browser's, its clock mapped a little early: it opens the stretch after it.
      const nextLogoutAt = index < record.logouts.length ? record.logouts[index] : undefined;
      const bound = record.anonymousIds.get(key);
      const next = record.anonymousIds.get(key + 1);
      if (nextLogoutAt !== undefined && nextLogoutAt - time <= SIGN_OUT_GRACE_MS && bound !== undefined && bound !== claimed && (next === undefined || next === claimed)) {
        if (next === undefined) this.bind(record, key + 1, claimed);
        return { userId: this.userIdAt(connectionId, nextLogoutAt, current), anonymousId: claimed };
      }
    }
    return { userId, anonymousId: this.anonymousIdAt(connectionId, time, claimed) };
  }

  /**
   * The anonymousId of this connection for an event at `time`: the first one it sent since its
   * last logout before `time` (a logout resets the browser's id), whatever later events claim.
   */
  anonymousIdAt(connectionId: string | undefined, time: number, claimed: string | undefined): string | undefined {
    if (connectionId === undefined) return claimed;
    const record = this.record(connectionId, null);
    let key = record.logoutTotal;
    for (const at of record.logouts) if (at > time) key -= 1;
    const bound = record.anonymousIds.get(key);
    if (bound !== undefined || claimed === undefined) return bound;
    this.bind(record, key, claimed);
    return claimed;
  }

  private bind(record: ConnectionRecord, key: number, anonymousId: string): void {
    record.anonymousIds.set(key, anonymousId);
    if (record.anonymousIds.size > this.#maxChanges) record.anonymousIds.delete(record.anonymousIds.keys().next().value!);
  }

  get size(): number {
    return this.#connections.size;
  }

  private record(connectionId: string, before: string | null): ConnectionRecord {
    let record = this.#connections.get(connectionId);
    if (!record) {
      record = { before, changes: [], anonymousIds: new Map(), logouts: [], logoutTotal: 0 };
      this.#connections.set(connectionId, record);
      if (this.#connections.size > this.#maxConnections) this.#connections.delete(this.#connections.keys().next().value!);
    }
    return record;
  }

  private change(record: ConnectionRecord, change: Change): void {
    record.changes.push(change);
    if (record.changes.length > this.#maxChanges) {
      const oldest = record.changes.shift()!;
      record.before = oldest.userId;
    }
  }
}
