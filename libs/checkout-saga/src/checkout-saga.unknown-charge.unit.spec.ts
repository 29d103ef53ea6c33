import { describe, expect, it } from '@jest/globals';
import {
  at,
  charged,
  deadlinePassed,
  declined,
  ORDER_ID,
  PAYMENT_ID,
  refunded,
  repairRequested,
  retryRequested,
  sagaAfter,
  voided,
  voidFailed,
} from './testing/saga-test-kit.js';

const money = { amountCents: 4_250, currency: 'EUR' } as const;
const voidCommand = (reason = 'payment timed out') => ({
  type: 'VoidPayment',
  data: { orderId: ORDER_ID, ...money, reason },
});
const refundCommand = (reason = 'payment timed out') => ({
  type: 'RefundPayment',
  data: { orderId: ORDER_ID, paymentId: PAYMENT_ID, ...money, reason },
});

describe('checkout saga: an unknown charge outcome is never taken as "not charged"', () => {
  it('given a saga voiding after the charge deadline, when payment-service finds the provider captured it, then it refunds that charge and the order stays PENDING', () => {
    const saga = sagaAfter(deadlinePassed);

    const transition = saga.feed(charged(), at(11_000));

    expect(transition.state).toMatchObject({
      status: 'REFUNDING',
      orderStatus: 'PENDING',
      paymentId: PAYMENT_ID,
      deadlineAt: at(41_000),
    });
    expect(transition.commands).toEqual([refundCommand()]);
    expect(transition.orderOutcome).toBeUndefined();
  });

  it('given a found charge being refunded, when the refund succeeds, then the order is CANCELLED because the payment timed out', () => {
    const saga = sagaAfter(deadlinePassed, charged());

    const transition = saga.feed(refunded());

    expect(transition.state).toMatchObject({ status: 'CANCELLED', deadlineAt: null });
    expect(transition.orderOutcome).toEqual({ status: 'CANCELLED', reason: 'payment timed out' });
  });

  it.each([
    ['nothing is held (PaymentVoided)', voided()],
    ['the charge was declined', declined()],
    ['the charge was already refunded', refunded()],
  ])(
    'given a saga voiding, when payment-service answers that %s, then the order is CANCELLED with nothing to refund',
    (_, answer) => {
      const saga = sagaAfter(deadlinePassed);

      const transition = saga.feed(answer);

      expect(transition.state).toMatchObject({ status: 'CANCELLED', orderStatus: 'CANCELLED' });
      expect(transition.orderOutcome).toEqual({ status: 'CANCELLED', reason: 'payment timed out' });
      expect(transition.commands).toEqual([]);
    },
  );

  it('given the provider cannot be asked, when each void fails or times out, then it retries after each pause of the policy and then parks for a person with the order PENDING', () => {
    const saga = sagaAfter(deadlinePassed);
    expect(saga.feed(voidFailed(), at(11_000)).state).toMatchObject({
      status: 'VOIDING',
      awaiting: 'retry',
      deadlineAt: at(12_000),
      compensationAttempts: 1,
    });
    expect(saga.feed(deadlinePassed).commands).toEqual([voidCommand()]);
    expect(saga.feed(voidFailed()).ignored).toBeUndefined();
    saga.feed(deadlinePassed);
    // The third attempt gets no answer at all: its timeout counts as a failure too.
    saga.feed(deadlinePassed);
    saga.feed(deadlinePassed);

    const parking = saga.feed(voidFailed('payment-provider: breaker open'));

    expect(parking.state).toMatchObject({
      status: 'COMPENSATION_FAILED',
      orderStatus: 'PENDING',
      compensationAttempts: 4,
    });
    expect(parking.parked).toEqual({
      step: 'VoidPayment',
      reason: 'payment-provider: breaker open',
      attempts: 4,
    });
    expect(parking.orderOutcome).toBeUndefined();
  });

  it('given a void waiting out its retry pause, when a late failure of the counted attempt arrives, then it is ignored', () => {
    const saga = sagaAfter(deadlinePassed, voidFailed());

    expect(saga.feed(voidFailed()).ignored).toMatch(/already counted/);
  });

  it('given a saga parked while voiding, when a person retries, then the void is sent again', () => {
    const saga = sagaAfter(deadlinePassed);
    for (let attempt = 0; attempt < 4; attempt++) {
      saga.feed(voidFailed());
      if (saga.state.status === 'VOIDING') saga.feed(deadlinePassed);
    }
    expect(saga.state.status).toBe('COMPENSATION_FAILED');

    const transition = saga.feed(retryRequested);

    expect(transition.state).toMatchObject({ status: 'VOIDING', compensationAttempts: 0 });
    expect(transition.commands).toEqual([voidCommand()]);
  });

  it('given a saga parked while voiding, when the charge is found late, then it is refunded', () => {
    const saga = sagaAfter(deadlinePassed);
    for (let attempt = 0; attempt < 4; attempt++) {
      saga.feed(voidFailed());
      if (saga.state.status === 'VOIDING') saga.feed(deadlinePassed);
    }

    const transition = saga.feed(charged());

    expect(transition.state.status).toBe('REFUNDING');
    expect(transition.commands).toEqual([refundCommand()]);
  });

  it('given a saga still CHARGING, when a PaymentVoided arrives unasked, then it is ignored', () => {
    const saga = sagaAfter();

    expect(saga.feed(voided()).ignored).toMatch(/no void was requested/);
  });
});

describe('checkout saga: an operator repairs a cancelled order', () => {
  it('given a CANCELLED saga that never learnt of a charge, when a person asks for a repair, then it voids again without changing the order', () => {
    const saga = sagaAfter(deadlinePassed, voided());

    const transition = saga.feed(repairRequested);

    expect(transition.state).toMatchObject({ status: 'VOIDING', orderStatus: 'CANCELLED' });
    expect(transition.commands).toEqual([voidCommand()]);
    expect(transition.log[0]).toMatchObject({ input: 'RepairRequested', from: 'CANCELLED' });
    // The repair finds the charge, refunds it, and ends CANCELLED with no second order outcome.
    saga.feed(charged());
    expect(saga.feed(refunded()).orderOutcome).toBeUndefined();
    expect(saga.state.status).toBe('CANCELLED');
  });

  it('given a CANCELLED saga that refunded its charge, when a person asks for a repair, then it sends the (idempotent) refund again', () => {
    const saga = sagaAfter(deadlinePassed, charged(), refunded());

    expect(saga.feed(repairRequested).commands).toEqual([refundCommand()]);
  });

  it.each([
    ['CHARGING', []],
    ['RESERVING', [charged()]],
  ])('given a saga in %s, when a person asks for a repair, then it is refused', (_, given) => {
    const saga = sagaAfter(...given);

    expect(saga.feed(repairRequested).ignored).toMatch(/only a CANCELLED saga is repaired/);
  });
});
