import {
  KAFKA_TOPICS,
  type PaymentCharged,
  type PaymentDeclined,
  type PaymentRefunded,
  type PaymentRefundFailed,
  type PaymentVoided,
  type PaymentVoidFailed,
  type RefundPaymentData,
  ROUTING_KEYS,
  type VoidPaymentData,
} from '@pattern-shop/contracts';
import {
  type CommandAnswer,
  type ReplyContext,
  replyEnvelope,
} from '@pattern-shop/messaging-outbox';
import type { Payment } from '@pattern-shop/payment-domain';

export type PaymentReply = PaymentCharged | PaymentDeclined | PaymentRefunded | PaymentRefundFailed;
/** A void's own answers: for the saga only, never facts (no money moved). */
export type VoidReply = PaymentVoided | PaymentVoidFailed;

/** The contracts cap reasons at 500 characters; an error message may be longer. */
const MAX_REASON = 500;
const reasonOf = (text: string): string =>
  text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;

/** A charge's answer from its payment: charged (and possibly refunded since) or declined. */
export const chargeReply = (
  payment: Payment,
  context: ReplyContext,
): PaymentCharged | PaymentDeclined => {
  const { orderId, paymentId, amountCents, currency } = payment;
  return payment.status === 'DECLINED'
    ? replyEnvelope(
        'PaymentDeclined',
        { orderId, amountCents, currency, reason: reasonOf(payment.declineReason ?? 'declined') },
        context,
      )
    : replyEnvelope('PaymentCharged', { orderId, paymentId, amountCents, currency }, context);
};

/** What a recorded payment says to a saga settling its charge: charged, declined or refunded. */
export const settledReply = (
  payment: Payment,
  context: ReplyContext,
): PaymentCharged | PaymentDeclined | PaymentRefunded => {
  const { orderId, paymentId, amountCents, currency } = payment;
  return payment.status === 'REFUNDED'
    ? replyEnvelope('PaymentRefunded', { orderId, paymentId, amountCents, currency }, context)
    : chargeReply(payment, context);
};

export const voidedReply = (
  data: Pick<VoidPaymentData, 'orderId' | 'amountCents' | 'currency'>,
  context: ReplyContext,
): PaymentVoided => {
  const { orderId, amountCents, currency } = data;
  return replyEnvelope('PaymentVoided', { orderId, amountCents, currency }, context);
};

export const voidFailedReply = (
  data: VoidPaymentData,
  reason: string,
  context: ReplyContext,
): PaymentVoidFailed => {
  const { orderId, amountCents, currency } = data;
  return replyEnvelope(
    'PaymentVoidFailed',
    { orderId, amountCents, currency, reason: reasonOf(reason) },
    context,
  );
};

export const refundedReply = (
  refund: RefundPaymentData,
  context: ReplyContext,
): PaymentRefunded => {
  const { orderId, paymentId, amountCents, currency } = refund;
  return replyEnvelope('PaymentRefunded', { orderId, paymentId, amountCents, currency }, context);
};

export const refundFailedReply = (
  refund: RefundPaymentData,
  reason: string,
  context: ReplyContext,
): PaymentRefundFailed => {
  const { orderId, paymentId, amountCents, currency } = refund;
  const data = { orderId, paymentId, amountCents, currency, reason: reasonOf(reason) };
  return replyEnvelope('PaymentRefundFailed', data, context);
};

const ROUTING_KEY_OF: Record<PaymentReply['type'], string> = {
  PaymentCharged: ROUTING_KEYS.paymentCharged,
  PaymentDeclined: ROUTING_KEYS.paymentDeclined,
  PaymentRefunded: ROUTING_KEYS.paymentRefunded,
  PaymentRefundFailed: ROUTING_KEYS.paymentRefundFailed,
};

/**
 * A reply that is also a fact for everyone (`shop.events` and `payments.events`); `firstTime`
 * when this command moved the money (or failed to), false when it found the outcome recorded.
 */
export const factAnswer = (message: PaymentReply, firstTime: boolean): CommandAnswer => ({
  reply: message,
  fact: { routingKey: ROUTING_KEY_OF[message.type], topic: KAFKA_TOPICS.payments, firstTime },
});

/** A void's answer goes to the saga alone. */
export const sagaOnlyAnswer = (message: VoidReply): CommandAnswer => ({ reply: message });
