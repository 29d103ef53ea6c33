import type { CheckoutSagaContext, CheckoutSagaState } from './checkout-saga.types.js';
import { ignore, type Decision, type InputOf } from './decision.js';
import { plusMs } from './policy.js';
import type { CompensationStep, SagaEvent } from './saga-events.js';

// An unknown charge outcome is never taken as "not charged": the saga that gives up on a charge
// asks payment-service to settle whatever the provider holds for the order (VoidPayment) and
// cancels only once the answer says nothing is held (docs/patterns/05-checkout-saga.md).

/** The saga settles an unknown charge: voiding now, or parked while voiding (no payment known). */
export const isVoiding = (state: CheckoutSagaState): boolean =>
  state.status === 'VOIDING' ||
  (state.status === 'COMPENSATION_FAILED' && state.paymentId === undefined);

export const compensationStepOf = (state: CheckoutSagaState): CompensationStep =>
  isVoiding(state) ? 'VoidPayment' : 'RefundPayment';

export const voidStarted = (reason: string, { now, policy }: CheckoutSagaContext): SagaEvent => ({
  type: 'VoidStarted',
  reason,
  deadlineAt: plusMs(now, policy.refundTimeoutMs),
});

/** Nothing is held any more: the compensation is over, and the order cancelled if still open. */
export const nothingHeld = (state: CheckoutSagaState): SagaEvent[] => [
  { type: 'CompensationCompleted' },
  ...(state.orderStatus === 'PENDING'
    ? [
        {
          type: 'CheckoutCancelled' as const,
          reason: state.cancellationReason ?? 'order cancelled',
        },
      ]
    : []),
];

/** The void's own answers: nothing held (cancel), or the provider could not be asked (retry). */
export const decideOnVoidReply = (
  state: CheckoutSagaState,
  input: InputOf<'PaymentVoided' | 'PaymentVoidFailed'>,
  attemptFailed: (reason: string) => Decision,
): Decision => {
  if (!isVoiding(state)) return ignore(`${input.type} in ${state.status}: no void was requested`);
  if (input.type === 'PaymentVoided') return nothingHeld(state);
  if (state.status === 'COMPENSATION_FAILED') return ignore('already parked; waiting for a person');
  if (state.awaiting === 'retry') {
    return ignore('a failure for an attempt already counted; the retry is scheduled');
  }
  return attemptFailed(input.data.reason);
};

/**
 * A person settles a cancelled order's money again, e.g. for a reconciliation finding
 * `unrefunded_charge`: a void when the saga never learnt of a charge, else its refund again.
 * Both are idempotent at payment-service and the provider, so repeating a repair is harmless.
 */
export const decideOnRepair = (state: CheckoutSagaState, ctx: CheckoutSagaContext): Decision => {
  if (state.status !== 'CANCELLED') {
    return ignore(`only a CANCELLED saga is repaired; this one is ${state.status}`);
  }
  const reason = state.cancellationReason ?? 'order cancelled';
  if (state.paymentId === undefined) return [voidStarted(reason, ctx)];
  return [
    {
      type: 'CompensationStarted',
      paymentId: state.paymentId,
      reason,
      releaseStock: false,
      deadlineAt: plusMs(ctx.now, ctx.policy.refundTimeoutMs),
    },
  ];
};
