/**
 * What a method's result says, without user data: `ok`, or the error's `error` code for errors
 * meant for clients (Meteor.Error, ValidationError's `validation-error`); any other error is
 * `internal-error`, as Meteor itself shows it to clients. Never the message: it may quote input.
 */
export function methodOutcome(error?: unknown): string {
  if (error === undefined) return 'ok';
  const candidate = error as { error?: unknown; errorType?: unknown; isClientSafe?: unknown };
  if (candidate && (candidate.errorType === 'Meteor.Error' || candidate.errorType === 'ClientError' || candidate.isClientSafe === true)) {
    if (typeof candidate.error === 'string' || typeof candidate.error === 'number') return String(candidate.error);
  }
  return 'internal-error';
}
