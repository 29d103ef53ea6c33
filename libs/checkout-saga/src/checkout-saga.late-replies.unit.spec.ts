import { describe, expect, it } from '@jest/globals';
import type { CheckoutSagaInput } from './checkout-saga.types.js';
import {
  charged,
  deadlinePassed,
  declined,
  failRefundsUntilParked,
  ORDER_ID,
  OTHER_PAYMENT_ID,
  PAYMENT_ID,
  refunded,
  refundFailed,
  reservationFailed,
  reserved,
  sagaAfter,
  voided,
} from './testing/saga-test-kit.js';

const refundOf = (paymentId: string, reason: string) => ({
  type: 'RefundPayment',
  data: { orderId: ORDER_ID, paymentId, amountCents: 4_250, currency: 'EUR', reason },
});

describe('checkout saga: a charge that arrives after the saga gave up', () => {
  it('given a saga cancelled after a void found nothing, when a charge arrives late, then it refunds that payment and leaves the order CANCELLED', () => {
    const saga = sagaAfter(deadlinePassed, voided());

    const transition = saga.feed(charged());

    expect(transition.state).toMatchObject({
      status: 'REFUNDING',
      orderStatus: 'CANCELLED',
      paymentId: PAYMENT_ID,
    });
    expect(transition.commands).toEqual([refundOf(PAYMENT_ID, 'payment timed out')]);
    expect(transition.orderOutcome).toBeUndefined();
  });

  it('given a late charge being refunded, when the refund succeeds, then the saga is CANCELLED again without a second order outcome', () => {
    const saga = sagaAfter(deadlinePassed, voided(), charged());

    const transition = saga.feed(refunded());

    expect(transition.state).toMatchObject({ status: 'CANCELLED', orderStatus: 'CANCELLED' });
    expect(transition.orderOutcome).toBeUndefined();
  });

  it('given a late charge whose refund keeps failing, when the retries are spent, then it parks without touching the order', () => {
    const saga = failRefundsUntilParked(sagaAfter(deadlinePassed, voided(), charged()));

    expect(saga.state).toMatchObject({ status: 'COMPENSATION_FAILED', orderStatus: 'CANCELLED' });
  });

  it('given a saga cancelled by a decline, when a charge arrives anyway, then it is refunded', () => {
    const saga = sagaAfter(declined());

    const transition = saga.feed(charged());

    expect(transition.commands).toEqual([
      refundOf(PAYMENT_ID, 'payment declined: insufficient funds'),
    ]);
    expect(transition.orderOutcome).toBeUndefined();
  });
});

describe('checkout saga: never two charges kept', () => {
  const extraRefund = refundOf(OTHER_PAYMENT_ID, 'a second charge for the same order');

  it.each([
    ['RESERVING', [charged()]],
    ['CONFIRMED', [charged(), reserved()]],
    ['REFUNDING', [charged(), reservationFailed()]],
    ['CANCELLED', [charged(), reservationFailed(), refunded()]],
  ] as [string, CheckoutSagaInput[]][])(
    'given a saga in %s holding a charge, when a charge with another payment id arrives, then that one is refunded and the status stays',
    (status, given) => {
      const saga = sagaAfter(...given);

      const transition = saga.feed(charged(OTHER_PAYMENT_ID));

      expect(transition.state).toMatchObject({ status, paymentId: PAYMENT_ID });
      expect(transition.state.extraCharges).toEqual([
        { paymentId: OTHER_PAYMENT_ID, refund: 'REQUESTED' },
      ]);
      expect(transition.commands).toEqual([extraRefund]);
      expect(transition.orderOutcome).toBeUndefined();
    },
  );

  it('given an extra charge being refunded, when its refund succeeds, then it is recorded and the saga goes on', () => {
    const saga = sagaAfter(charged(), charged(OTHER_PAYMENT_ID));

    const transition = saga.feed(refunded(OTHER_PAYMENT_ID));

    expect(transition.state.extraCharges).toEqual([
      { paymentId: OTHER_PAYMENT_ID, refund: 'REFUNDED' },
    ]);
    expect(transition.state.status).toBe('RESERVING');
    expect(saga.feed(reserved()).orderOutcome).toEqual({ status: 'CONFIRMED' });
  });

  it('given an extra charge being refunded, when its refund fails, then a person is alerted and the saga does not park', () => {
    const saga = sagaAfter(charged(), reserved(), charged(OTHER_PAYMENT_ID));

    const transition = saga.feed(refundFailed('provider down', OTHER_PAYMENT_ID));

    expect(transition.alert).toBe(
      `refund of extra charge ${OTHER_PAYMENT_ID} failed: provider down`,
    );
    expect(transition.parked).toBeUndefined();
    expect(transition.state.status).toBe('CONFIRMED');
    expect(saga.feed(refundFailed('provider down', OTHER_PAYMENT_ID)).ignored).toMatch(
      /already reported/,
    );
  });

  it('given an extra charge already being refunded, when the same charge is delivered again, then it is not refunded twice', () => {
    const saga = sagaAfter(charged(), charged(OTHER_PAYMENT_ID));

    expect(saga.feed(charged(OTHER_PAYMENT_ID)).ignored).toMatch(/duplicate/);
  });
});

describe('checkout saga: a reservation the saga no longer wants', () => {
  it.each([
    ['REFUNDING', [charged(), deadlinePassed]],
    ['CANCELLED', [charged(), deadlinePassed, refunded()]],
    ['COMPENSATION_FAILED', [charged(), deadlinePassed]],
  ] as [string, CheckoutSagaInput[]][])(
    'given a saga in %s after the reserve step timed out, when the stock is reserved late, then the reservation is released',
    (status, given) => {
      const saga = sagaAfter(...given);
      if (status === 'COMPENSATION_FAILED') failRefundsUntilParked(saga);
      expect(saga.state.status).toBe(status);

      const transition = saga.feed(reserved());

      expect(transition.state.status).toBe(status);
      expect(transition.commands).toEqual([
        {
          type: 'ReleaseStock',
          data: { orderId: ORDER_ID, reason: `stock reserved after the saga gave up (${status})` },
        },
      ]);
      expect(transition.orderOutcome).toBeUndefined();
    },
  );
});

describe('checkout saga: a parked refund that succeeds after all', () => {
  it('given a parked saga, when the refund is confirmed late, then it is CANCELLED and the order cancelled, with nothing left for a person', () => {
    const saga = failRefundsUntilParked(sagaAfter(charged(), reservationFailed('out of stock')));

    const transition = saga.feed(refunded());

    expect(transition.state).toMatchObject({ status: 'CANCELLED', deadlineAt: null });
    expect(transition.orderOutcome).toEqual({
      status: 'CANCELLED',
      reason: 'stock unavailable: out of stock',
    });
  });
});
