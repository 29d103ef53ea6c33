import type { CheckoutSagaState, ExtraCharge } from './checkout-saga.types.js';

/**
 * What the saga decided, as facts (Emmett style): `decide` turns an input into these, `evolve`
 * folds them into the state, and the commands and order outcome are read off them. Internal:
 * the runtime sees only the resulting Transition.
 */
/** The compensation a failed, retried or parked attempt belongs to. */
export type CompensationStep = 'RefundPayment' | 'VoidPayment';

export type SagaEvent =
  | { type: 'PaymentAccepted'; paymentId: string; deadlineAt: Date }
  /** The charge's outcome is unknown: settle what the provider holds before cancelling. */
  | { type: 'VoidStarted'; reason: string; deadlineAt: Date }
  | { type: 'CheckoutConfirmed' }
  | { type: 'CheckoutCancelled'; reason: string }
  | {
      type: 'CompensationStarted';
      paymentId: string;
      /** The cancellation reason, also sent with the refund. */
      reason: string;
      /** A reservation may exist or still happen (the reserve step timed out). */
      releaseStock: boolean;
      deadlineAt: Date;
    }
  | {
      type: 'CompensationAttemptFailed';
      step: CompensationStep;
      reason: string;
      attempts: number;
      retryAt: Date;
    }
  | { type: 'CompensationRetried'; step: CompensationStep; deadlineAt: Date }
  | { type: 'CompensationParked'; step: CompensationStep; reason: string; attempts: number }
  | { type: 'CompensationCompleted' }
  | { type: 'ExtraChargeFound'; paymentId: string }
  | { type: 'ExtraRefunded'; paymentId: string }
  | { type: 'ExtraRefundFailed'; paymentId: string; reason: string }
  | { type: 'LateReservationFound'; reason: string };

const stopWaiting = { deadlineAt: null, awaiting: null } as const;

const settleExtraCharge = (state: CheckoutSagaState, settled: ExtraCharge): CheckoutSagaState => ({
  ...state,
  extraCharges: state.extraCharges.map((charge) =>
    charge.paymentId === settled.paymentId ? settled : charge,
  ),
});

export const evolve = (state: CheckoutSagaState, event: SagaEvent): CheckoutSagaState => {
  switch (event.type) {
    case 'PaymentAccepted':
      return {
        ...state,
        status: 'RESERVING',
        paymentId: event.paymentId,
        deadlineAt: event.deadlineAt,
        awaiting: 'reply',
      };
    case 'CheckoutConfirmed':
      return { ...state, ...stopWaiting, status: 'CONFIRMED', orderStatus: 'CONFIRMED' };
    case 'CheckoutCancelled':
      return {
        ...state,
        ...stopWaiting,
        status: 'CANCELLED',
        orderStatus: 'CANCELLED',
        cancellationReason: event.reason,
      };
    case 'VoidStarted':
      return {
        ...state,
        status: 'VOIDING',
        cancellationReason: event.reason,
        deadlineAt: event.deadlineAt,
        awaiting: 'reply',
        compensationAttempts: 0,
      };
    case 'CompensationStarted':
      return {
        ...state,
        status: 'REFUNDING',
        paymentId: event.paymentId,
        cancellationReason: event.reason,
        deadlineAt: event.deadlineAt,
        awaiting: 'reply',
        compensationAttempts: 0,
      };
    case 'CompensationAttemptFailed':
      return {
        ...state,
        deadlineAt: event.retryAt,
        awaiting: 'retry',
        compensationAttempts: event.attempts,
        lastCompensationFailure: event.reason,
      };
    case 'CompensationRetried':
      return { ...state, deadlineAt: event.deadlineAt, awaiting: 'reply' };
    case 'CompensationParked':
      return {
        ...state,
        ...stopWaiting,
        status: 'COMPENSATION_FAILED',
        compensationAttempts: event.attempts,
        lastCompensationFailure: event.reason,
      };
    case 'CompensationCompleted':
      return { ...state, ...stopWaiting, status: 'CANCELLED' };
    case 'ExtraChargeFound':
      return {
        ...state,
        extraCharges: [...state.extraCharges, { paymentId: event.paymentId, refund: 'REQUESTED' }],
      };
    case 'ExtraRefunded':
      return settleExtraCharge(state, { paymentId: event.paymentId, refund: 'REFUNDED' });
    case 'ExtraRefundFailed':
      return settleExtraCharge(state, {
        paymentId: event.paymentId,
        refund: 'FAILED',
        reason: event.reason,
      });
    case 'LateReservationFound':
      return state;
  }
};
