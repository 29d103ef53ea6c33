import type { CheckoutSagaContext, CheckoutSagaState } from './checkout-saga.types.js';
import { ignore, type Decision, type InputOf } from './decision.js';
import { plusMs } from './policy.js';

/** A refund attempt failed or timed out: pause and retry, or park once the retries are spent. */
const refundAttemptFailed = (
  state: CheckoutSagaState,
  reason: string,
  { now, policy }: CheckoutSagaContext,
): Decision => {
  const attempts = state.compensationAttempts + 1;
  const delayMs = policy.compensationRetryDelaysMs[attempts - 1];
  return delayMs === undefined
    ? [{ type: 'CompensationParked', reason, attempts }]
    : [{ type: 'RefundAttemptFailed', reason, attempts, retryAt: plusMs(now, delayMs) }];
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
  if (paymentId !== state.paymentId) {
    return ignore(`${input.type} for unknown payment ${paymentId}`);
  }
  if (state.status === 'CANCELLED' && input.type === 'PaymentRefunded') {
    return ignore(`duplicate PaymentRefunded: payment ${paymentId} is already refunded`);
  }
  const compensating = state.status === 'REFUNDING' || state.status === 'COMPENSATION_FAILED';
  if (!compensating) return ignore(`${input.type} in ${state.status}: no refund was requested`);
  if (input.type === 'PaymentRefunded') {
    // Also from COMPENSATION_FAILED: a refund that succeeded late needs no person any more.
    return [
      { type: 'CompensationCompleted' },
      ...(state.orderStatus === 'PENDING'
        ? [{ type: 'CheckoutCancelled' as const, reason: state.cancellationReason ?? 'refunded' }]
        : []),
    ];
  }
  if (state.status === 'COMPENSATION_FAILED') return ignore('already parked; waiting for a person');
  if (state.awaiting === 'retry') {
    return ignore('a failure for an attempt already counted; the retry is scheduled');
  }
  return refundAttemptFailed(state, input.data.reason, ctx);
};

const decideOnDeadline = (state: CheckoutSagaState, ctx: CheckoutSagaContext): Decision => {
  const { now, policy } = ctx;
  if (state.deadlineAt === null) return ignore(`no deadline in ${state.status}`);
  if (state.deadlineAt.getTime() > now.getTime()) {
    return ignore(`deadline ${state.deadlineAt.toISOString()} not reached yet`);
  }
  switch (state.status) {
    case 'CHARGING':
      return [{ type: 'CheckoutCancelled', reason: 'payment timed out' }];
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
    case 'REFUNDING':
      return state.awaiting === 'retry'
        ? [{ type: 'RefundRetried', deadlineAt: plusMs(now, policy.refundTimeoutMs) }]
        : refundAttemptFailed(state, 'refund timed out', ctx);
    default:
      return ignore(`no deadline in ${state.status}`);
  }
};

export const decideOnCompensation = (
  state: CheckoutSagaState,
  input: InputOf<'PaymentRefunded' | 'PaymentRefundFailed' | 'DeadlinePassed' | 'RetryRequested'>,
  ctx: CheckoutSagaContext,
): Decision => {
  switch (input.type) {
    case 'PaymentRefunded':
    case 'PaymentRefundFailed':
      return decideOnRefundReply(state, input, ctx);
    case 'DeadlinePassed':
      return decideOnDeadline(state, ctx);
    case 'RetryRequested':
      if (state.status !== 'COMPENSATION_FAILED' || state.paymentId === undefined) {
        return ignore(`nothing to retry: the saga is ${state.status}, not COMPENSATION_FAILED`);
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
