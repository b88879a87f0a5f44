/** A refused relay batch. `error` is the code a Meteor.Error carries to the client. */
export class RelayError extends Error {
  readonly error: 'analytics-batch-invalid' | 'analytics-batch-too-large' | 'analytics-rate-limited';
  readonly reason: string;
  constructor(error: RelayError['error'], reason: string) {
    super(`${reason} [${error}]`);
    this.name = 'RelayError';
    this.error = error;
    this.reason = reason;
  }
}
