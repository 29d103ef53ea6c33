import { describe, expect, it } from '@jest/globals';
import { startCheckout } from './checkout-saga.js';
import {
  at,
  charged,
  deadlinePassed,
  failRefundsUntilParked,
  ORDER,
  POLICY,
  reservationFailed,
  retryRequested,
  sagaAfter,
  T0,
} from './testing/saga-test-kit.js';

// A consumer refuses a forward command past its step's deadline (docs/patterns/05-checkout-saga.md,
// "Expired commands"); a compensation must run however late it arrives.

describe('checkout saga: which commands expire', () => {
  it('given a placed order, when the checkout starts, then ChargePayment expires with the charge deadline', () => {
    const transition = startCheckout(ORDER, { now: T0, policy: POLICY });

    expect(transition.commands).toMatchObject([
      { type: 'ChargePayment', expiresAt: transition.state.deadlineAt },
    ]);
    expect(transition.state.deadlineAt).toEqual(at(POLICY.chargeTimeoutMs));
  });

  it('given a charge that came late in the charge step, when the saga reserves, then ReserveStock expires with the reserve deadline counted from the charge', () => {
    const saga = sagaAfter();

    const transition = saga.feed(charged(), at(9_000));

    expect(transition.commands).toMatchObject([
      { type: 'ReserveStock', expiresAt: at(9_000 + POLICY.reserveTimeoutMs) },
    ]);
  });

  it('given a saga in RESERVING, when the reserve deadline passes, then RefundPayment and ReleaseStock carry no expiry', () => {
    const saga = sagaAfter(charged());

    const transition = saga.feed(deadlinePassed);

    expect(transition.commands.map((command) => command.type)).toEqual([
      'RefundPayment',
      'ReleaseStock',
    ]);
    for (const command of transition.commands) expect(command).not.toHaveProperty('expiresAt');
  });

  it('given a saga in CHARGING, when the charge deadline passes, then VoidPayment carries no expiry', () => {
    const transition = sagaAfter().feed(deadlinePassed);

    expect(transition.commands).toMatchObject([{ type: 'VoidPayment' }]);
    expect(transition.commands[0]).not.toHaveProperty('expiresAt');
  });

  it('given a parked refund, when a person retries it, then RefundPayment carries no expiry', () => {
    const saga = failRefundsUntilParked(sagaAfter(charged(), reservationFailed()));

    const transition = saga.feed(retryRequested);

    expect(transition.commands).toMatchObject([{ type: 'RefundPayment' }]);
    expect(transition.commands[0]).not.toHaveProperty('expiresAt');
  });
});
