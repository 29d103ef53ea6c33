// Helpers for this library's unit tests only (excluded from the build): one order, reply
// builders with valid contract data, and a saga driven through inputs on a test clock.
import { handleCheckoutInput, startCheckout } from '../checkout-saga.js';
import type {
  CheckoutOrder,
  CheckoutSagaInput,
  CheckoutSagaPolicy,
  CheckoutSagaState,
  Transition,
} from '../checkout-saga.types.js';

export const ORDER_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
export const PAYMENT_ID = '11111111-2222-4333-8444-555555555555';
export const OTHER_PAYMENT_ID = '99999999-8888-4777-8666-555555555555';

export const ORDER: CheckoutOrder = {
  orderId: ORDER_ID,
  customerId: 'customer-7',
  totalCents: 4_250,
  currency: 'EUR',
  lines: [
    { sku: 'MUG-001', quantity: 2 },
    { sku: 'TEE-042', quantity: 1 },
  ],
};

/** Round numbers so expected deadlines read at a glance. */
export const POLICY: CheckoutSagaPolicy = {
  chargeTimeoutMs: 10_000,
  reserveTimeoutMs: 20_000,
  refundTimeoutMs: 30_000,
  compensationRetryDelaysMs: [1_000, 5_000, 25_000],
};

export const T0 = new Date('2030-01-01T12:00:00.000Z');
export const at = (ms: number): Date => new Date(T0.getTime() + ms);

const money = { amountCents: ORDER.totalCents, currency: 'EUR' } as const;

export const charged = (paymentId = PAYMENT_ID): CheckoutSagaInput => ({
  type: 'PaymentCharged',
  data: { orderId: ORDER_ID, paymentId, ...money },
});
export const declined = (reason = 'insufficient funds'): CheckoutSagaInput => ({
  type: 'PaymentDeclined',
  data: { orderId: ORDER_ID, ...money, reason },
});
export const refunded = (paymentId = PAYMENT_ID): CheckoutSagaInput => ({
  type: 'PaymentRefunded',
  data: { orderId: ORDER_ID, paymentId, ...money },
});
export const refundFailed = (
  reason = 'provider unavailable',
  paymentId = PAYMENT_ID,
): CheckoutSagaInput => ({
  type: 'PaymentRefundFailed',
  data: { orderId: ORDER_ID, paymentId, ...money, reason },
});
export const reserved = (): CheckoutSagaInput => ({
  type: 'StockReserved',
  data: { orderId: ORDER_ID, lines: ORDER.lines },
});
export const reservationFailed = (reason = 'out of stock'): CheckoutSagaInput => ({
  type: 'StockReservationFailed',
  data: { orderId: ORDER_ID, reason, unavailableSkus: ['MUG-001'] },
});
export const voided = (): CheckoutSagaInput => ({
  type: 'PaymentVoided',
  data: { orderId: ORDER_ID, ...money },
});
export const voidFailed = (reason = 'payment-provider timed out'): CheckoutSagaInput => ({
  type: 'PaymentVoidFailed',
  data: { orderId: ORDER_ID, ...money, reason },
});
export const deadlinePassed: CheckoutSagaInput = { type: 'DeadlinePassed' };
export const retryRequested: CheckoutSagaInput = { type: 'RetryRequested' };
export const repairRequested: CheckoutSagaInput = { type: 'RepairRequested' };

export type SagaUnderTest = {
  readonly state: CheckoutSagaState;
  readonly now: Date;
  /**
   * Applies one input and keeps the new state. Unless `at` says otherwise, a DeadlinePassed
   * arrives exactly at a deadline still ahead, anything else one second after the previous input.
   */
  feed: (input: CheckoutSagaInput, at?: Date) => Transition;
};

const nextMoment = (input: CheckoutSagaInput, state: CheckoutSagaState, now: Date): Date =>
  input.type === 'DeadlinePassed' && state.deadlineAt && state.deadlineAt > now
    ? state.deadlineAt
    : new Date(now.getTime() + 1_000);

/** A saga started at T0 for ORDER, then fed `inputs` (the "given" of a test). */
export const sagaAfter = (...inputs: CheckoutSagaInput[]): SagaUnderTest => {
  let now = T0;
  let state = startCheckout(ORDER, { now, policy: POLICY }).state;
  const feed = (input: CheckoutSagaInput, when?: Date): Transition => {
    now = when ?? nextMoment(input, state, now);
    const transition = handleCheckoutInput(state, input, { now, policy: POLICY });
    state = transition.state;
    return transition;
  };
  inputs.forEach((input) => feed(input));
  return {
    get state() {
      return state;
    },
    get now() {
      return now;
    },
    feed,
  };
};

/** Fails every refund attempt of a REFUNDING saga (retries included) until it parks. */
export const failRefundsUntilParked = (saga: SagaUnderTest): SagaUnderTest => {
  for (let retry = 0; retry < POLICY.compensationRetryDelaysMs.length; retry++) {
    saga.feed(refundFailed());
    saga.feed(deadlinePassed);
  }
  saga.feed(refundFailed());
  return saga;
};
