import type { RefundPaymentData } from '@pattern-shop/contracts';
import type { Payment } from './payment.js';

export type RefundDecision =
  | Readonly<{ kind: 'call-provider'; chargeId: string }>
  | Readonly<{ kind: 'already-refunded' }>
  | Readonly<{ kind: 'cannot-refund'; reason: string }>;

/**
 * What a RefundPayment asks of a payment, before any call. Refunds are idempotent per payment:
 * one already refunded is answered "refunded" again. Anything that can never be refunded is a
 * failure the saga hears about (it parks the compensation for a person), not a dead letter.
 */
export const decideRefund = (
  payment: Payment | undefined,
  refund: RefundPaymentData,
): RefundDecision => {
  if (payment === undefined) {
    return { kind: 'cannot-refund', reason: `no payment ${refund.paymentId}` };
  }
  if (payment.orderId !== refund.orderId) {
    return {
      kind: 'cannot-refund',
      reason: `payment ${payment.paymentId} belongs to order ${payment.orderId}, not ${refund.orderId}`,
    };
  }
  switch (payment.status) {
    case 'REFUNDED':
      return { kind: 'already-refunded' };
    case 'DECLINED':
      return { kind: 'cannot-refund', reason: 'the charge was declined: nothing to refund' };
    case 'CHARGED':
      if (refund.amountCents > payment.amountCents) {
        return {
          kind: 'cannot-refund',
          reason: `refund of ${refund.amountCents} cents exceeds the charge of ${payment.amountCents}`,
        };
      }
      return payment.providerChargeId === null
        ? { kind: 'cannot-refund', reason: `payment ${payment.paymentId} has no provider charge` }
        : { kind: 'call-provider', chargeId: payment.providerChargeId };
  }
};
