// Messages for payment-service's integration tests only (excluded from the build): commands
// published as the saga's outbox would, and the saga's replies tapped off `shop.commands`.
import { randomUUID } from 'node:crypto';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import {
  type ChargePayment,
  deadLetterQueueName,
  EXCHANGES,
  type MessageEnvelope,
  newEnvelope,
  type PublishedData,
  QUEUES,
  type RefundPayment,
  type VoidPayment,
} from '@pattern-shop/contracts';
import { messageHeaders } from '@pattern-shop/messaging-outbox';
import { LOCAL_INFRA, type RabbitTap, signedAs, tapExchange, waitFor } from '@pattern-shop/testing';

type Command = 'ChargePayment' | 'RefundPayment' | 'VoidPayment';

const commandEnvelope = <T extends Command>(type: T, data: PublishedData<T>) =>
  newEnvelope(type, {
    messageId: randomUUID(),
    occurredAt: new Date(),
    correlationId: `test-${randomUUID()}`,
    causationId: randomUUID(),
    aggregateId: data.orderId,
    data,
  });

export const chargeCommand = (amountCents = 2_500): ChargePayment =>
  commandEnvelope('ChargePayment', {
    orderId: randomUUID(),
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    amountCents,
    currency: 'EUR' as const,
  });

export const refundCommand = (
  charged: { orderId: string; paymentId: string; amountCents: number },
  reason = 'out of stock',
): RefundPayment =>
  commandEnvelope('RefundPayment', { ...charged, currency: 'EUR' as const, reason });

export const voidCommand = (
  order: { orderId: string; amountCents: number },
  reason = 'payment timed out',
): VoidPayment => commandEnvelope('VoidPayment', { ...order, currency: 'EUR' as const, reason });

/** A W3C trace context the saga would have sent the command with; replies must carry it on. */
const traceparentOf = new Map<string, string>();
export const withTraceparent = <T extends MessageEnvelope>(command: T, traceparent: string): T => {
  traceparentOf.set(command.messageId, traceparent);
  return command;
};

/** The step deadline the saga would have sent the command with (`expires-at`). */
const expiryOf = new Map<string, Date>();
export const withExpiry = <T extends MessageEnvelope>(command: T, expiresAt: Date): T => {
  expiryOf.set(command.messageId, expiresAt);
  return command;
};

/** Publishes commands the way the saga's outbox relay does: to `shop.commands`, confirmed. */
export const openCommandPublisher = async () => {
  const connection: ChannelModel = await connect(LOCAL_INFRA.rabbitmqUrl);
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  const orderIds = new Set<string>();
  return {
    /** Every order this publisher sent a command about: what the test must clean up after. */
    orderIds,
    send: async (...commands: MessageEnvelope[]) => {
      for (const command of commands) {
        orderIds.add(command.aggregateId);
        const body = Buffer.from(JSON.stringify(command));
        channel.publish(EXCHANGES.commands, QUEUES.paymentCommands, body, {
          persistent: true,
          mandatory: true,
          contentType: 'application/json',
          messageId: command.messageId,
          type: command.type,
          // Signed as order-service's relay signs it: payment-service takes commands from no one else.
          headers: signedAs(
            'order-service',
            body,
            messageHeaders(
              command,
              traceparentOf.get(command.messageId),
              expiryOf.get(command.messageId),
            ),
          ),
        });
      }
      await channel.waitForConfirms();
    },
    /** Removes this test's dead letters from `payment.commands.dlq` and returns their headers. */
    takeDeadLetters: async (messageIds: readonly string[]) => {
      const queue = deadLetterQueueName(QUEUES.paymentCommands);
      const taken: Record<string, unknown>[] = [];
      const others = [];
      for (
        let message = await channel.get(queue);
        message !== false;
        message = await channel.get(queue)
      ) {
        if (messageIds.includes(String(message.properties.messageId))) {
          taken.push(message.properties.headers ?? {});
          channel.ack(message);
        } else others.push(message);
      }
      for (const message of others) channel.nack(message, false, true); // not ours: put back
      return taken;
    },
    close: () => connection.close(),
  };
};

export type Reply = MessageEnvelope<string, Record<string, unknown>>;

/** The saga's replies as the saga would receive them: a tap on `shop.commands`. */
export const tapReplies = async () => {
  const tap: RabbitTap = await tapExchange(EXCHANGES.commands, [QUEUES.orderSagaReplies]);
  const repliesTo = (orderId: string) =>
    tap.messages
      .map((message) => message.body as Reply)
      .filter((reply) => reply.aggregateId === orderId);
  return {
    close: () => tap.close(),
    /** The broker headers a reply arrived with, e.g. its `traceparent`. */
    headersOf: (reply: Reply) =>
      tap.messages.find((message) => (message.body as Reply).messageId === reply.messageId)
        ?.headers,
    repliesTo,
    /** Waits for `count` replies about the order, then returns them all. */
    waitForReplies: (orderId: string, count = 1, timeoutMs = 30_000) =>
      waitFor(
        `${count} saga replies about order ${orderId}`,
        async () => (repliesTo(orderId).length >= count ? repliesTo(orderId) : undefined),
        { timeoutMs },
      ),
  };
};
