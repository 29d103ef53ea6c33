import { describe, expect, it } from '@jest/globals';
import { fromStoredState, toStoredState } from './stored-state.js';
import {
  charged,
  deadlinePassed,
  OTHER_PAYMENT_ID,
  refundFailed,
  sagaAfter,
  voided,
} from './testing/saga-test-kit.js';

describe('stored state: the saga survives a jsonb round trip', () => {
  it('given a saga with a deadline, extra charges and a failure, when stored as JSON and read back, then it is the same state with real Dates', () => {
    const saga = sagaAfter(charged(), charged(OTHER_PAYMENT_ID), deadlinePassed, refundFailed());
    saga.feed(refundFailed('provider down', OTHER_PAYMENT_ID));

    const json = JSON.parse(JSON.stringify(toStoredState(saga.state))) as unknown;
    const restored = fromStoredState(json);

    expect(restored).toEqual(saga.state);
    expect(restored.deadlineAt).toBeInstanceOf(Date);
    expect(restored.startedAt).toBeInstanceOf(Date);
    expect(toStoredState(saga.state)).toMatchObject({
      deadlineAt: saga.state.deadlineAt?.toISOString(),
    });
  });

  it('given a final saga without a deadline, when round-tripped, then deadlineAt stays null and absent fields stay absent', () => {
    const saga = sagaAfter(deadlinePassed, voided());

    const restored = fromStoredState(toStoredState(saga.state));

    expect(restored).toEqual(saga.state);
    expect(restored.deadlineAt).toBeNull();
    expect('paymentId' in restored).toBe(false);
  });

  it('given a stored row that is not a saga state, when read, then it throws naming the field', () => {
    const stored = { ...toStoredState(sagaAfter().state), status: 'SHIPPED' };

    expect(() => fromStoredState(stored)).toThrow(/status/);
  });
});
