import {
  KAFKA_TOPICS,
  type MessageEnvelope,
  newEnvelope,
  type PaymentCharged,
  type PaymentDeclined,
  type PaymentRefunded,
  type PaymentRefundFailed,
  type PaymentVoided,
  type PaymentVoidFailed,
  type PublishedData,
  QUEUES,
  type RefundPaymentData,
  ROUTING_KEYS,
  type VoidPaymentData,
} from '@pattern-shop/contracts';
import { commandTo, type OutboxMessage, publishedEverywhere } from '@pattern-shop/messaging-outbox';
import type { Payment } from '@pattern-shop/payment-domain';

export type PaymentReply = PaymentCharged | PaymentDeclined | PaymentRefunded | PaymentRefundFailed;
/** A void's own answers: for the saga only, never facts (no money moved). */
export type VoidReply = PaymentVoided | PaymentVoidFailed;

/** Which command a reply answers, and the id and time it gets (passed in, never read globally). */
export type ReplyContext = Readonly<{ command: MessageEnvelope; messageId: string; now: Date }>;

/** The contracts cap reasons at 500 characters; an error message may be longer. */
const MAX_REASON = 500;
const reasonOf = (text: string): string =>
  text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;

const reply = <TType extends PaymentReply['type'] | VoidReply['type']>(
  type: TType,
  data: PublishedData<TType> & { orderId: string },
  { command, messageId, now }: ReplyContext,
) =>
  newEnvelope(type, {
    messageId,
    occurredAt: now,
    correlationId: command.correlationId,
    causationId: command.messageId,
    aggregateId: data.orderId,
    data,
  });

/** A charge's answer from its payment: charged (and possibly refunded since) or declined. */
export const chargeReply = (
  payment: Payment,
  context: ReplyContext,
): PaymentCharged | PaymentDeclined => {
  const { orderId, paymentId, amountCents, currency } = payment;
  return payment.status === 'DECLINED'
    ? reply(
        'PaymentDeclined',
        { orderId, amountCents, currency, reason: reasonOf(payment.declineReason ?? 'declined') },
        context,
      )
    : reply('PaymentCharged', { orderId, paymentId, amountCents, currency }, context);
};

/** What a recorded payment says to a saga settling its charge: charged, declined or refunded. */
export const settledReply = (
  payment: Payment,
  context: ReplyContext,
): PaymentCharged | PaymentDeclined | PaymentRefunded => {
  const { orderId, paymentId, amountCents, currency } = payment;
  return payment.status === 'REFUNDED'
    ? reply('PaymentRefunded', { orderId, paymentId, amountCents, currency }, context)
    : chargeReply(payment, context);
};

export const voidedReply = (
  data: Pick<VoidPaymentData, 'orderId' | 'amountCents' | 'currency'>,
  context: ReplyContext,
): PaymentVoided => {
  const { orderId, amountCents, currency } = data;
  return reply('PaymentVoided', { orderId, amountCents, currency }, context);
};

export const voidFailedReply = (
  data: VoidPaymentData,
  reason: string,
  context: ReplyContext,
): PaymentVoidFailed => {
  const { orderId, amountCents, currency } = data;
  return reply(
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
  return reply('PaymentRefunded', { orderId, paymentId, amountCents, currency }, context);
};

export const refundFailedReply = (
  refund: RefundPaymentData,
  reason: string,
  context: ReplyContext,
): PaymentRefundFailed => {
  const { orderId, paymentId, amountCents, currency } = refund;
  const data = { orderId, paymentId, amountCents, currency, reason: reasonOf(reason) };
  return reply('PaymentRefundFailed', data, context);
};

const ROUTING_KEY_OF: Record<PaymentReply['type'], string> = {
  PaymentCharged: ROUTING_KEYS.paymentCharged,
  PaymentDeclined: ROUTING_KEYS.paymentDeclined,
  PaymentRefunded: ROUTING_KEYS.paymentRefunded,
  PaymentRefundFailed: ROUTING_KEYS.paymentRefundFailed,
};

/**
 * The saga always gets its reply on `order.saga-replies`. The fact also goes to everyone
 * (`shop.events` and `payments.events`), but only from the delivery that made it happen: a
 * repeated command is answered again, yet the fact is not published twice under a new id,
 * which a stream consumer would count as a second payment. The command's W3C `traceparent`
 * travels on, so the reply continues its trace.
 */
export const replyMessages = (
  message: PaymentReply,
  { newFact, traceparent }: Readonly<{ newFact: boolean; traceparent?: string | undefined }>,
): OutboxMessage[] => [
  commandTo(QUEUES.orderSagaReplies, message, { traceparent }),
  ...(newFact
    ? publishedEverywhere(message, {
        routingKey: ROUTING_KEY_OF[message.type],
        topic: KAFKA_TOPICS.payments,
        traceparent,
      })
    : []),
];

/** A void's answer goes to the saga alone. */
export const sagaReplyOnly = (message: VoidReply, traceparent?: string): OutboxMessage[] => [
  commandTo(QUEUES.orderSagaReplies, message, { traceparent }),
];
