import { describe, expect, it } from '@jest/globals';
import { startCheckout } from './checkout-saga.js';
import { isFinal, isWaiting } from './policy.js';
import {
  at,
  charged,
  deadlinePassed,
  declined,
  ORDER,
  ORDER_ID,
  PAYMENT_ID,
  POLICY,
  reserved,
  sagaAfter,
  T0,
} from './testing/saga-test-kit.js';

describe('checkout saga: the forward path', () => {
  it('given a placed order, when the checkout starts, then it charges the total and waits in CHARGING until the charge deadline', () => {
    const transition = startCheckout(ORDER, { now: T0, policy: POLICY });

    expect(transition.state).toMatchObject({
      status: 'CHARGING',
      orderStatus: 'PENDING',
      deadlineAt: at(10_000),
      compensationAttempts: 0,
      startedAt: T0,
    });
    expect(transition.commands).toEqual([
      {
        type: 'ChargePayment',
        data: { orderId: ORDER_ID, customerId: 'customer-7', amountCents: 4_250, currency: 'EUR' },
        expiresAt: at(10_000),
      },
    ]);
    expect(transition.log).toEqual([
      { at: T0, input: 'CheckoutStarted', from: null, to: 'CHARGING' },
    ]);
    expect(transition.orderOutcome).toBeUndefined();
  });

  it('given a saga in CHARGING, when the payment is charged, then it keeps the payment id and reserves the lines until the reserve deadline', () => {
    const saga = sagaAfter();

    const transition = saga.feed(charged(), at(1_000));

    expect(transition.state).toMatchObject({
      status: 'RESERVING',
      paymentId: PAYMENT_ID,
      deadlineAt: at(21_000),
    });
    expect(transition.commands).toEqual([
      {
        type: 'ReserveStock',
        data: { orderId: ORDER_ID, lines: ORDER.lines },
        expiresAt: at(21_000),
      },
    ]);
    expect(transition.log).toEqual([
      {
        at: at(1_000),
        input: 'PaymentCharged',
        from: 'CHARGING',
        to: 'RESERVING',
        note: `charged as payment ${PAYMENT_ID}`,
      },
    ]);
    expect(transition.orderOutcome).toBeUndefined();
  });

  it('given a saga in RESERVING, when the stock is reserved, then it is CONFIRMED, the order is confirmed and nothing more is sent', () => {
    const saga = sagaAfter(charged());

    const transition = saga.feed(reserved());

    expect(transition.state).toMatchObject({
      status: 'CONFIRMED',
      orderStatus: 'CONFIRMED',
      paymentId: PAYMENT_ID,
      deadlineAt: null,
    });
    expect(transition.orderOutcome).toEqual({ status: 'CONFIRMED' });
    expect(transition.commands).toEqual([]);
    expect(isFinal(transition.state.status)).toBe(true);
    expect(isWaiting(transition.state.status)).toBe(false);
  });

  it('given a saga in CHARGING, when the payment is declined, then it is CANCELLED with the decline as reason and nothing to undo', () => {
    const saga = sagaAfter();

    const transition = saga.feed(declined('insufficient funds'));

    expect(transition.state).toMatchObject({ status: 'CANCELLED', deadlineAt: null });
    expect(transition.state.paymentId).toBeUndefined();
    expect(transition.orderOutcome).toEqual({
      status: 'CANCELLED',
      reason: 'payment declined: insufficient funds',
    });
    expect(transition.commands).toEqual([]);
  });

  it('given a decline with a 500-character reason, when it is handled, then the cancellation reason is clipped to fit the contract', () => {
    const saga = sagaAfter();

    const transition = saga.feed(declined('x'.repeat(500)));

    expect(transition.orderOutcome).toMatchObject({ status: 'CANCELLED' });
    expect(transition.state.cancellationReason).toHaveLength(500);
  });

  it('given a saga in CHARGING, when the charge deadline passes, then it does not cancel yet: it asks payment-service to void whatever the provider holds', () => {
    const saga = sagaAfter();

    const transition = saga.feed(deadlinePassed, at(10_000));

    expect(transition.state).toMatchObject({
      status: 'VOIDING',
      orderStatus: 'PENDING',
      cancellationReason: 'payment timed out',
      deadlineAt: at(40_000),
    });
    expect(transition.orderOutcome).toBeUndefined();
    expect(transition.commands).toEqual([
      {
        type: 'VoidPayment',
        data: {
          orderId: ORDER_ID,
          amountCents: 4_250,
          currency: 'EUR',
          reason: 'payment timed out',
        },
      },
    ]);
  });

  it('given a saga in CHARGING, when DeadlinePassed arrives before the deadline, then it is ignored', () => {
    const saga = sagaAfter();

    const transition = saga.feed(deadlinePassed, at(9_999));

    expect(transition.ignored).toMatch(/not reached yet/);
    expect(transition.state).toBe(saga.state);
    expect(transition.log).toEqual([]);
  });
});
