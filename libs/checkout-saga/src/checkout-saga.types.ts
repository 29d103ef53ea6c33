import type {
  ChargePaymentData,
  CheckoutSagaStatus,
  OrderStatus,
  PaymentChargedData,
  PaymentDeclinedData,
  PaymentRefundedData,
  PaymentRefundFailedData,
  PaymentVoidedData,
  PaymentVoidFailedData,
  RefundPaymentData,
  ReleaseStockData,
  ReserveStockData,
  StockReservationFailedData,
  StockReservedData,
  VoidPaymentData,
} from '@pattern-shop/contracts';

// The statuses are part of order-service's staff API, so they live with the contracts.
export { CHECKOUT_SAGA_STATUSES, type CheckoutSagaStatus } from '@pattern-shop/contracts';

export type CheckoutSagaPolicy = {
  chargeTimeoutMs: number;
  reserveTimeoutMs: number;
  /** How long a compensation (RefundPayment or VoidPayment) waits for its answer. */
  refundTimeoutMs: number;
  /** Pause before each compensation retry; its length is the number of retries before parking. */
  compensationRetryDelaysMs: readonly number[];
};

/** Time comes in from the caller: the saga never reads a clock. */
export type CheckoutSagaContext = { now: Date; policy: CheckoutSagaPolicy };

export type StockLine = { sku: string; quantity: number };

export type CheckoutOrder = {
  orderId: string;
  customerId: string;
  totalCents: number;
  currency: 'EUR';
  lines: StockLine[];
};

/** A charge the saga did not keep (a second payment id for the same order) and refunds. */
export type ExtraCharge = {
  paymentId: string;
  refund: 'REQUESTED' | 'REFUNDED' | 'FAILED';
  reason?: string;
};

export type CheckoutSagaState = CheckoutOrder & {
  status: CheckoutSagaStatus;
  /** What the saga has told the order so far; PENDING until confirmed or cancelled. */
  orderStatus: OrderStatus;
  /** The one charge the saga keeps (or is refunding). */
  paymentId?: string;
  /** Why the order was or will be cancelled; also the reason sent with RefundPayment. */
  cancellationReason?: string;
  /** When the current wait ends; null when final or parked. */
  deadlineAt: Date | null;
  /**
   * What `deadlineAt` waits for: `reply` to the last command sent, or `retry` when the refund
   * failed and the deadline is the end of the backoff pause before sending it again.
   */
  awaiting: 'reply' | 'retry' | null;
  /** Failed refund or void attempts since compensation (re)started. */
  compensationAttempts: number;
  lastCompensationFailure?: string;
  extraCharges: ExtraCharge[];
  startedAt: Date;
};

export type CheckoutSagaInput =
  | { type: 'PaymentCharged'; data: PaymentChargedData }
  | { type: 'PaymentDeclined'; data: PaymentDeclinedData }
  | { type: 'PaymentRefunded'; data: PaymentRefundedData }
  | { type: 'PaymentRefundFailed'; data: PaymentRefundFailedData }
  | { type: 'PaymentVoided'; data: PaymentVoidedData }
  | { type: 'PaymentVoidFailed'; data: PaymentVoidFailedData }
  | { type: 'StockReserved'; data: StockReservedData }
  | { type: 'StockReservationFailed'; data: StockReservationFailedData }
  /** The runtime feeds this when `deadlineAt <= now`. */
  | { type: 'DeadlinePassed' }
  /** A person asked to resume a parked saga (POST /sagas/:orderId/retry). */
  | { type: 'RetryRequested' }
  /** A person asked to settle a cancelled order's money again (POST /sagas/:orderId/repair). */
  | { type: 'RepairRequested' };

/**
 * A forward command expires with its step's deadline, after which the saga no longer wants it;
 * compensations carry no expiry, so they always run.
 */
export type SagaCommand =
  | { type: 'ChargePayment'; data: ChargePaymentData; expiresAt: Date }
  | { type: 'ReserveStock'; data: ReserveStockData; expiresAt: Date }
  | { type: 'RefundPayment'; data: RefundPaymentData }
  | { type: 'VoidPayment'; data: VoidPaymentData }
  | { type: 'ReleaseStock'; data: ReleaseStockData };

export type SagaLogEntry = {
  at: Date;
  input: string;
  from: CheckoutSagaStatus | null;
  to: CheckoutSagaStatus;
  note?: string;
};

export type OrderOutcome = { status: 'CONFIRMED' } | { status: 'CANCELLED'; reason: string };

export type Transition = {
  /** The new state (unchanged, the same object, when the input was ignored). */
  state: CheckoutSagaState;
  /** To send through the outbox in the same transaction as the new state. */
  commands: SagaCommand[];
  /** Change the order's status now (and publish OrderConfirmed / OrderCancelled). */
  orderOutcome?: OrderOutcome;
  /** The saga went to COMPENSATION_FAILED now: tell people (order.saga-parked). */
  parked?: { step: string; reason: string; attempts: number };
  /**
   * Something a person must look at although the saga does not park: the refund of an extra
   * charge failed. The saga does not retry it (it has one timer, kept for its own step).
   */
  alert?: string;
  /** Entries to append to the step log; empty when ignored. */
  log: SagaLogEntry[];
  /** Why nothing happened (duplicate, late, wrong state): a valid result, never an error. */
  ignored?: string;
};
