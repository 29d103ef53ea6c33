import { describe, expect, it } from '@jest/globals';
import {
  createEnvelope,
  EXCHANGES,
  KAFKA_TOPICS,
  QUEUES,
  type RefundPaymentData,
} from '@pattern-shop/contracts';
import { paymentFromCharge } from '@pattern-shop/payment-domain';
import { answerMessages, type ReplyContext } from '@pattern-shop/messaging-outbox';
import { chargeReply, factAnswer, refundFailedReply } from './payment-replies.js';

const orderId = '6f1d1c2a-0000-4000-8000-0000000000aa';
const chargeData = { orderId, customerId: 'cust-1', amountCents: 1_500, currency: 'EUR' as const };
const command = createEnvelope({
  messageId: 'command-1',
  type: 'ChargePayment',
  version: 1,
  occurredAt: new Date('2026-11-23T10:00:00Z'),
  correlationId: 'request-1',
  causationId: 'saga-step-1',
  aggregateId: orderId,
  data: chargeData,
});
const context: ReplyContext = {
  command,
  messageId: 'reply-1',
  now: new Date('2026-11-23T10:00:01Z'),
};

describe('payment replies', () => {
  it('given a captured charge, when replied, then PaymentCharged carries the command correlation, caused by the command', () => {
    const payment = paymentFromCharge(
      chargeData,
      { outcome: 'captured', chargeId: 'ch_1' },
      'pay-1',
    );
    expect(payment).toMatchObject({
      status: 'CHARGED',
      providerChargeId: 'ch_1',
      declineReason: null,
    });
    expect(chargeReply(payment, context)).toEqual({
      messageId: 'reply-1',
      type: 'PaymentCharged',
      version: 1,
      occurredAt: '2026-11-23T10:00:01.000Z',
      correlationId: 'request-1',
      causationId: 'command-1',
      aggregateId: orderId,
      data: { orderId, paymentId: 'pay-1', amountCents: 1_500, currency: 'EUR' },
    });
  });

  it('given a declined charge, when replied, then PaymentDeclined with the reason and no payment id', () => {
    const payment = paymentFromCharge(
      chargeData,
      { outcome: 'declined', reason: 'expired_card' },
      'pay-1',
    );
    expect(chargeReply(payment, context)).toMatchObject({
      type: 'PaymentDeclined',
      data: { orderId, amountCents: 1_500, currency: 'EUR', reason: 'expired_card' },
    });
  });

  it('given a very long failure reason, when replied, then it is cut to the 500 characters the contract allows', () => {
    const refund: RefundPaymentData = { ...chargeData, paymentId: 'pay-1', reason: 'out of stock' };
    const reply = refundFailedReply(refund, 'x'.repeat(2_000), context);
    expect(reply.data.reason).toHaveLength(500);
  });

  it('given a new fact, when sent, then to the saga reply queue, shop.events and payments.events; a repeated answer only to the saga', () => {
    const reply = chargeReply(
      paymentFromCharge(chargeData, { outcome: 'captured', chargeId: 'ch_1' }, 'p'),
      context,
    );
    const where = (newFact: boolean) =>
      answerMessages(factAnswer(reply, newFact), QUEUES.orderSagaReplies).map((message) =>
        message.destination === 'rabbitmq'
          ? `${message.exchange} ${message.routingKey}`
          : `${message.topic} ${message.key}`,
      );
    expect(where(true)).toEqual([
      `${EXCHANGES.commands} ${QUEUES.orderSagaReplies}`,
      `${EXCHANGES.events} payment.charged`,
      `${KAFKA_TOPICS.payments} ${orderId}`,
    ]);
    expect(where(false)).toEqual([`${EXCHANGES.commands} ${QUEUES.orderSagaReplies}`]);
  });
});
