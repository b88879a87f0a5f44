// The RelayError a relay call refuses a batch with; the test fails when the call throws anything
// else or accepts the batch.
//
//   const error = relayRefusal(() => relay(connection, events));
import assert from 'node:assert/strict';
import { RelayError } from '../../packages/analytics/src/lib/relay-handler.ts';

export function relayRefusal(call: () => unknown): RelayError {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof RelayError, `threw ${String(error)}`);
    return error;
  }
  assert.fail('the batch was accepted');
}
