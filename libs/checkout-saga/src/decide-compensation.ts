import type { CheckoutSagaContext, CheckoutSagaState } from './checkout-saga.types.js';
import { ignore, type Decision, type InputOf } from './decision.js';
import { plusMs } from './policy.js';
import {
  compensationStepOf,
  decideOnRepair,
  decideOnVoidReply,
  isVoiding,
  nothingHeld,
  voidStarted,
} from './decide-void.js';

/** A refund or void attempt failed or timed out: pause and retry, or park once retries are spent. */
const attemptFailed = (
  state: CheckoutSagaState,
  reason: string,
  { now, policy }: CheckoutSagaContext,
): Decision => {
  const step = compensationStepOf(state);
  const attempts = state.compensationAttempts + 1;
  const delayMs = policy.compensationRetryDelaysMs[attempts - 1];
  return delayMs === undefined
    ? [{ type: 'CompensationParked', step, reason, attempts }]
    : [
        {
          type: 'CompensationAttemptFailed',
          step,
          reason,
          attempts,
          retryAt: plusMs(now, delayMs),
        },
      ];
};

const extraChargeOf = (state: CheckoutSagaState, paymentId: string) =>
  state.extraCharges.find((charge) => charge.paymentId === paymentId);

const decideOnRefundReply = (
  state: CheckoutSagaState,
  input: InputOf<'PaymentRefunded' | 'PaymentRefundFailed'>,
  ctx: CheckoutSagaContext,
): Decision => {
  const { paymentId } = input.data;
  const extra = extraChargeOf(state, paymentId);
  if (extra) {
    if (extra.refund === 'REFUNDED') return ignore(`extra charge ${paymentId} is already refunded`);
    if (input.type === 'PaymentRefunded') return [{ type: 'ExtraRefunded', paymentId }];
    return extra.refund === 'FAILED'
      ? ignore(`the failed refund of extra charge ${paymentId} is already reported`)
      : [{ type: 'ExtraRefundFailed', paymentId, reason: input.data.reason }];
  }
  if (isVoiding(state) && input.type === 'PaymentRefunded') {
    // The void found the order's charge already given back: nothing is held.
    return nothingHeld(state);
  }
  if (paymentId !== state.paymentId) {
    return ignore(`${input.type} for unknown payment ${paymentId}`);
  }
  if (state.status === 'CANCELLED' && input.type === 'PaymentRefunded') {
    return ignore(`duplicate PaymentRefunded: payment ${paymentId} is already refunded`);
  }
  const compensating = state.status === 'REFUNDING' || state.status === 'COMPENSATION_FAILED';
  if (!compensating) return ignore(`${input.type} in ${state.status}: no refund was requested`);
  // Also from COMPENSATION_FAILED: a refund that succeeded late needs no person any more.
  if (input.type === 'PaymentRefunded') return nothingHeld(state);
  if (state.status === 'COMPENSATION_FAILED') return ignore('already parked; waiting for a person');
  if (state.awaiting === 'retry') {
    return ignore('a failure for an attempt already counted; the retry is scheduled');
  }
  return attemptFailed(state, input.data.reason, ctx);
};

const decideOnDeadline = (state: CheckoutSagaState, ctx: CheckoutSagaContext): Decision => {
  const { now, policy } = ctx;
  if (state.deadlineAt === null) return ignore(`no deadline in ${state.status}`);
  if (state.deadlineAt.getTime() > now.getTime()) {
    return ignore(`deadline ${state.deadlineAt.toISOString()} not reached yet`);
  }
  switch (state.status) {
    case 'CHARGING':
      // No answer is not "not charged": the provider may have captured it. Settle, then cancel.
      return [voidStarted('payment timed out', ctx)];
    case 'RESERVING':
      return state.paymentId === undefined
        ? ignore('no payment to refund')
        : [
            {
              type: 'CompensationStarted',
              paymentId: state.paymentId,
              reason: 'stock reservation timed out',
              // The reservation may still happen after this; releasing covers both orders.
              releaseStock: true,
              deadlineAt: plusMs(now, policy.refundTimeoutMs),
            },
          ];
    case 'VOIDING':
    case 'REFUNDING': {
      const step = compensationStepOf(state);
      return state.awaiting === 'retry'
        ? [{ type: 'CompensationRetried', step, deadlineAt: plusMs(now, policy.refundTimeoutMs) }]
        : attemptFailed(state, `${step} timed out`, ctx);
    }
    default:
      return ignore(`no deadline in ${state.status}`);
  }
};

export const decideOnCompensation = (
  state: CheckoutSagaState,
  input: InputOf<
    | 'PaymentRefunded'
    | 'PaymentRefundFailed'
    | 'PaymentVoided'
    | 'PaymentVoidFailed'
    | 'DeadlinePassed'
    | 'RetryRequested'
    | 'RepairRequested'
  >,
  ctx: CheckoutSagaContext,
): Decision => {
  switch (input.type) {
    case 'PaymentVoided':
    case 'PaymentVoidFailed':
      return decideOnVoidReply(state, input, (reason) => attemptFailed(state, reason, ctx));
    case 'RepairRequested':
      return decideOnRepair(state, ctx);
    case 'PaymentRefunded':
    case 'PaymentRefundFailed':
      return decideOnRefundReply(state, input, ctx);
    case 'DeadlinePassed':
      return decideOnDeadline(state, ctx);
    case 'RetryRequested':
      if (state.status !== 'COMPENSATION_FAILED') {
        return ignore(`nothing to retry: the saga is ${state.status}, not COMPENSATION_FAILED`);
      }
      if (state.paymentId === undefined) {
        return [voidStarted(state.cancellationReason ?? 'order cancelled', ctx)];
      }
      return [
        {
          type: 'CompensationStarted',
          paymentId: state.paymentId,
          reason: state.cancellationReason ?? 'order cancelled',
          releaseStock: false,
          deadlineAt: plusMs(ctx.now, ctx.policy.refundTimeoutMs),
        },
      ];
  }
};
