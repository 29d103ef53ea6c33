import {
  KAFKA_TOPICS,
  type MessageEnvelope,
  newEnvelope,
  QUEUES,
  ROUTING_KEYS,
  type StockReleasedData,
  type StockReservationFailedData,
  type StockReservedData,
} from '@pattern-shop/contracts';
import { commandTo, type OutboxMessage, publishedEverywhere } from '@pattern-shop/messaging-outbox';

/** What a reply needs besides its data: the command it answers, and a fresh id and time. */
export type ReplyContext = Readonly<{
  command: MessageEnvelope;
  messageId: string;
  occurredAt: Date;
  traceparent?: string;
}>;

type StockReply =
  | { type: 'StockReserved'; data: StockReservedData }
  | { type: 'StockReservationFailed'; data: StockReservationFailedData }
  | { type: 'StockReleased'; data: StockReleasedData };

const ROUTING_KEY_OF: Record<StockReply['type'], string> = {
  StockReserved: ROUTING_KEYS.stockReserved,
  StockReservationFailed: ROUTING_KEYS.stockReservationFailed,
  StockReleased: ROUTING_KEYS.stockReleased,
};

/**
 * The saga's answer and the same fact for everyone: to `order.saga-replies` (the orchestrator's
 * queue, through `shop.commands`), to `shop.events` and to `inventory.events` keyed by the order.
 * Correlation follows the command; causation is the command itself.
 */
export const stockReply = (reply: StockReply, context: ReplyContext): OutboxMessage[] => {
  const { command, messageId, occurredAt, traceparent } = context;
  const envelope = newEnvelope(reply.type, {
    messageId,
    occurredAt,
    correlationId: command.correlationId,
    causationId: command.messageId,
    aggregateId: reply.data.orderId,
    data: reply.data,
  });
  return [
    commandTo(QUEUES.orderSagaReplies, envelope, { traceparent }),
    ...publishedEverywhere(envelope, {
      routingKey: ROUTING_KEY_OF[reply.type],
      topic: KAFKA_TOPICS.inventory,
      traceparent,
    }),
  ];
};
