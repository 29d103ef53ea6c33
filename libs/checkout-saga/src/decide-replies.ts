import type { CheckoutSagaContext, CheckoutSagaState } from './checkout-saga.types.js';
import { clipReason, ignore, type Decision, type InputOf } from './decision.js';
import { plusMs } from './policy.js';
import { isVoiding, nothingHeld } from './decide-void.js';

/** Charge replies: move forward from CHARGING; elsewhere, never keep a second charge. */
export const decideOnPayment = (
  state: CheckoutSagaState,
  input: InputOf<'PaymentCharged' | 'PaymentDeclined'>,
  { now, policy }: CheckoutSagaContext,
): Decision => {
  if (input.type === 'PaymentDeclined') {
    // The void found a declined charge: nothing is held.
    if (isVoiding(state)) return nothingHeld(state);
    return state.status === 'CHARGING'
      ? [
          {
            type: 'CheckoutCancelled',
            reason: clipReason(`payment declined: ${input.data.reason}`),
          },
        ]
      : ignore(`a decline arrived in ${state.status}; the charge step is over`);
  }
  const { paymentId } = input.data;
  if (state.status === 'CHARGING') {
    return [
      { type: 'PaymentAccepted', paymentId, deadlineAt: plusMs(now, policy.reserveTimeoutMs) },
    ];
  }
  if (state.extraCharges.some((charge) => charge.paymentId === paymentId)) {
    return ignore(`duplicate PaymentCharged for extra charge ${paymentId}, already refunding it`);
  }
  // A charge found while settling an unknown outcome, or captured after the saga gave up on it:
  // the order is being cancelled, so the money goes back through the normal compensation.
  const gaveUp =
    state.paymentId === undefined &&
    (state.status === 'CANCELLED' || state.status === 'COMPENSATION_FAILED');
  if (state.status === 'VOIDING' || gaveUp) {
    return [
      {
        type: 'CompensationStarted',
        paymentId,
        reason: state.cancellationReason ?? 'order cancelled',
        releaseStock: false,
        deadlineAt: plusMs(now, policy.refundTimeoutMs),
      },
    ];
  }
  if (paymentId === state.paymentId) {
    return ignore(`duplicate PaymentCharged for payment ${paymentId}`);
  }
  return [{ type: 'ExtraChargeFound', paymentId }];
};

/** Reservation replies: confirm from RESERVING; a reservation the saga no longer wants is released. */
export const decideOnStock = (
  state: CheckoutSagaState,
  input: InputOf<'StockReserved' | 'StockReservationFailed'>,
  { now, policy }: CheckoutSagaContext,
): Decision => {
  if (input.type === 'StockReservationFailed') {
    if (state.status !== 'RESERVING' || state.paymentId === undefined) {
      return ignore(`a reservation failure arrived in ${state.status}; nothing was reserved`);
    }
    return [
      {
        type: 'CompensationStarted',
        paymentId: state.paymentId,
        reason: clipReason(`stock unavailable: ${input.data.reason}`),
        releaseStock: false,
        deadlineAt: plusMs(now, policy.refundTimeoutMs),
      },
    ];
  }
  switch (state.status) {
    case 'RESERVING':
      return [{ type: 'CheckoutConfirmed' }];
    case 'CONFIRMED':
      return ignore('duplicate StockReserved; the order is already confirmed');
    case 'CHARGING':
      return ignore('StockReserved before any reservation was requested');
    default:
      return [
        {
          type: 'LateReservationFound',
          reason: `stock reserved after the saga gave up (${state.status})`,
        },
      ];
  }
};
