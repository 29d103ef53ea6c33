import type { CheckoutSagaPolicy, CheckoutSagaStatus } from './checkout-saga.types.js';

/**
 * Generous step deadlines: payment-service and inventory-service retry through delay queues
 * before they answer, and a deadline that fires too early turns a slow success into a refund.
 * Three refund retries (1 s, 5 s, 25 s) ride out a short provider outage before a person is asked.
 */
export const DEFAULT_CHECKOUT_SAGA_POLICY: CheckoutSagaPolicy = Object.freeze({
  chargeTimeoutMs: 30_000,
  reserveTimeoutMs: 15_000,
  refundTimeoutMs: 30_000,
  compensationRetryDelaysMs: Object.freeze([1_000, 5_000, 25_000]),
});

/** The saga is done and its order status will not change again. */
export const isFinal = (status: CheckoutSagaStatus): boolean =>
  status === 'CONFIRMED' || status === 'CANCELLED';

/** The saga waits for a reply or a retry pause, so it has a deadline. */
export const isWaiting = (status: CheckoutSagaStatus): boolean =>
  status === 'CHARGING' || status === 'VOIDING' || status === 'RESERVING' || status === 'REFUNDING';

/** Parked for a person: no deadline, only RetryRequested moves it. */
export const isParked = (status: CheckoutSagaStatus): boolean => status === 'COMPENSATION_FAILED';

export const plusMs = (at: Date, ms: number): Date => new Date(at.getTime() + ms);
