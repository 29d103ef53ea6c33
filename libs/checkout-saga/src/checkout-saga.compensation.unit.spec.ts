import { describe, expect, it } from '@jest/globals';
import {
  at,
  charged,
  deadlinePassed,
  failRefundsUntilParked,
  ORDER_ID,
  PAYMENT_ID,
  refunded,
  refundFailed,
  reservationFailed,
  retryRequested,
  sagaAfter,
} from './testing/saga-test-kit.js';

const refundCommand = (reason: string) => ({
  type: 'RefundPayment',
  data: { orderId: ORDER_ID, paymentId: PAYMENT_ID, amountCents: 4_250, currency: 'EUR', reason },
});
const OUT_OF_STOCK = 'stock unavailable: out of stock';

describe('checkout saga: compensation after the charge', () => {
  it('given a charged saga, when the stock reservation fails, then it refunds and the order stays PENDING until refunded', () => {
    const saga = sagaAfter(charged());

    const transition = saga.feed(reservationFailed('out of stock'), at(2_000));

    expect(transition.state).toMatchObject({
      status: 'REFUNDING',
      orderStatus: 'PENDING',
      cancellationReason: OUT_OF_STOCK,
      deadlineAt: at(32_000),
      compensationAttempts: 0,
    });
    expect(transition.commands).toEqual([refundCommand(OUT_OF_STOCK)]);
    expect(transition.orderOutcome).toBeUndefined();
  });

  it('given a charged saga, when the reserve deadline passes, then it refunds and also releases a reservation that may still happen', () => {
    const saga = sagaAfter(charged());

    const transition = saga.feed(deadlinePassed);

    expect(transition.state).toMatchObject({ status: 'REFUNDING', orderStatus: 'PENDING' });
    expect(transition.commands).toEqual([
      refundCommand('stock reservation timed out'),
      { type: 'ReleaseStock', data: { orderId: ORDER_ID, reason: 'stock reservation timed out' } },
    ]);
    expect(transition.orderOutcome).toBeUndefined();
  });

  it('given a saga refunding after a stock failure, when the refund succeeds, then it is CANCELLED with the reason of the stock failure', () => {
    const saga = sagaAfter(charged(), reservationFailed('out of stock'));

    const transition = saga.feed(refunded());

    expect(transition.state).toMatchObject({
      status: 'CANCELLED',
      orderStatus: 'CANCELLED',
      deadlineAt: null,
    });
    expect(transition.orderOutcome).toEqual({ status: 'CANCELLED', reason: OUT_OF_STOCK });
    expect(transition.commands).toEqual([]);
  });

  it('given a refund that keeps failing, when each failure and deadline arrives, then it retries after 1 s, 5 s and 25 s and then parks with the last reason', () => {
    const saga = sagaAfter(charged());
    saga.feed(reservationFailed('out of stock'), at(2_000));
    const steps = [
      { input: refundFailed('provider down'), when: 3_000, deadline: 4_000, sent: false },
      { input: deadlinePassed, when: 4_000, deadline: 34_000, sent: true },
      // The retried refund gets no answer: its timeout counts as the second failure.
      { input: deadlinePassed, when: 34_000, deadline: 39_000, sent: false },
      { input: deadlinePassed, when: 39_000, deadline: 69_000, sent: true },
      { input: refundFailed('provider down'), when: 70_000, deadline: 95_000, sent: false },
      { input: deadlinePassed, when: 95_000, deadline: 125_000, sent: true },
    ];
    const seen = steps.map(({ input, when }) => {
      const transition = saga.feed(input, at(when));
      return {
        status: transition.state.status,
        deadline: transition.state.deadlineAt?.getTime() ?? null,
        attempts: transition.state.compensationAttempts,
        sent: transition.commands.length > 0,
      };
    });
    expect(seen).toEqual(
      steps.map(({ deadline, sent }, index) => ({
        status: 'REFUNDING',
        deadline: at(deadline).getTime(),
        attempts: [1, 1, 2, 2, 3, 3][index],
        sent,
      })),
    );

    const parking = saga.feed(refundFailed('card account closed'), at(126_000));

    expect(parking.state).toMatchObject({
      status: 'COMPENSATION_FAILED',
      orderStatus: 'PENDING',
      deadlineAt: null,
      compensationAttempts: 4,
      lastCompensationFailure: 'card account closed',
    });
    expect(parking.parked).toEqual({
      step: 'RefundPayment',
      reason: 'card account closed',
      attempts: 4,
    });
    expect(parking.commands).toEqual([]);
    expect(parking.orderOutcome).toBeUndefined();
  });

  it('given a refund waiting out its retry pause, when a late failure of the counted attempt arrives, then it is ignored', () => {
    const saga = sagaAfter(charged(), reservationFailed(), deadlinePassed);

    const transition = saga.feed(refundFailed());

    expect(transition.ignored).toMatch(/already counted/);
    expect(transition.state.compensationAttempts).toBe(1);
  });

  it('given a parked saga, when a person requests a retry, then it refunds again with the attempts reset and a fresh deadline', () => {
    const saga = failRefundsUntilParked(sagaAfter(charged(), reservationFailed('out of stock')));
    expect(saga.state.status).toBe('COMPENSATION_FAILED');

    const transition = saga.feed(retryRequested, at(500_000));

    expect(transition.state).toMatchObject({
      status: 'REFUNDING',
      compensationAttempts: 0,
      deadlineAt: at(530_000),
      awaiting: 'reply',
    });
    expect(transition.commands).toEqual([refundCommand(OUT_OF_STOCK)]);
    expect(transition.log[0]).toMatchObject({
      input: 'RetryRequested',
      from: 'COMPENSATION_FAILED',
      to: 'REFUNDING',
    });
  });

  it('given a retried saga, when the refund then succeeds, then it is CANCELLED with the original reason', () => {
    const saga = failRefundsUntilParked(sagaAfter(charged(), reservationFailed('out of stock')));
    saga.feed(retryRequested);

    const transition = saga.feed(refunded());

    expect(transition.state.status).toBe('CANCELLED');
    expect(transition.orderOutcome).toEqual({ status: 'CANCELLED', reason: OUT_OF_STOCK });
  });

  it.each([
    ['CHARGING', []],
    ['RESERVING', [charged()]],
    ['REFUNDING', [charged(), reservationFailed()]],
    ['CANCELLED', [charged(), reservationFailed(), refunded()]],
  ])(
    'given a saga in %s, when a retry is requested, then it is ignored with a reason',
    (status, given) => {
      const saga = sagaAfter(...given);
      expect(saga.state.status).toBe(status);

      const transition = saga.feed(retryRequested);

      expect(transition.ignored).toBe(
        `nothing to retry: the saga is ${status}, not COMPENSATION_FAILED`,
      );
      expect(transition.state).toBe(saga.state);
      expect(transition.commands).toEqual([]);
    },
  );
});
