import { describe, expect, it } from '@jest/globals';
import type { CheckoutSagaInput } from './checkout-saga.types.js';
import {
  charged,
  deadlinePassed,
  declined,
  OTHER_PAYMENT_ID,
  refunded,
  refundFailed,
  reservationFailed,
  reserved,
  sagaAfter,
} from './testing/saga-test-kit.js';

const cases: [string, CheckoutSagaInput[], CheckoutSagaInput, RegExp][] = [
  ['a second PaymentCharged in RESERVING', [charged()], charged(), /duplicate PaymentCharged/],
  ['a PaymentCharged in CONFIRMED', [charged(), reserved()], charged(), /duplicate/],
  ['a second StockReserved in CONFIRMED', [charged(), reserved()], reserved(), /already confirmed/],
  ['a StockReserved in CHARGING', [], reserved(), /before any reservation/],
  ['a PaymentDeclined in RESERVING', [charged()], declined(), /charge step is over/],
  ['a second PaymentDeclined', [declined()], declined(), /charge step is over/],
  [
    'a StockReservationFailed in CONFIRMED',
    [charged(), reserved()],
    reservationFailed(),
    /nothing was reserved/,
  ],
  [
    'a StockReservationFailed in REFUNDING',
    [charged(), deadlinePassed],
    reservationFailed(),
    /nothing was reserved/,
  ],
  [
    'a second PaymentRefunded',
    [charged(), reservationFailed(), refunded()],
    refunded(),
    /already refunded/,
  ],
  ['a PaymentRefunded in RESERVING', [charged()], refunded(), /no refund was requested/],
  [
    'a PaymentRefundFailed in CANCELLED',
    [charged(), reservationFailed(), refunded()],
    refundFailed(),
    /no refund was requested/,
  ],
  [
    'a PaymentRefunded for an unknown payment',
    [charged(), reservationFailed()],
    refunded(OTHER_PAYMENT_ID),
    /unknown payment/,
  ],
  [
    'a DeadlinePassed in CONFIRMED',
    [charged(), reserved()],
    deadlinePassed,
    /no deadline in CONFIRMED/,
  ],
  ['a DeadlinePassed in CANCELLED', [declined()], deadlinePassed, /no deadline in CANCELLED/],
];

describe('checkout saga: duplicates and out-of-place inputs change nothing', () => {
  it.each(cases)(
    'given %s, when it is handled, then it is ignored with a reason and never throws',
    (_name, given, input, reason) => {
      const saga = sagaAfter(...given);
      const before = saga.state;

      const transition = saga.feed(input);

      expect(transition.ignored).toMatch(reason);
      expect(transition.state).toBe(before);
      expect(transition.commands).toEqual([]);
      expect(transition.log).toEqual([]);
      expect(transition.orderOutcome).toBeUndefined();
    },
  );

  it('given a reply for another order, when it is handled, then it is ignored', () => {
    const saga = sagaAfter();
    const otherOrder = '00000000-0000-4000-8000-000000000000';

    const transition = saga.feed({
      type: 'PaymentCharged',
      data: { orderId: otherOrder, paymentId: OTHER_PAYMENT_ID, amountCents: 1, currency: 'EUR' },
    });

    expect(transition.ignored).toMatch(/is for order/);
    expect(transition.state.status).toBe('CHARGING');
  });
});
