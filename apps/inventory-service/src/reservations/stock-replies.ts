import {
  KAFKA_TOPICS,
  ROUTING_KEYS,
  type StockReleasedData,
  type StockReservationFailedData,
  type StockReservedData,
} from '@pattern-shop/contracts';
import {
  type CommandAnswer,
  type ReplyContext,
  replyEnvelope,
} from '@pattern-shop/messaging-outbox';

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
 * The saga's answer, which is also a fact for everyone (`shop.events` and `inventory.events`):
 * `firstTime` when this command decided it, false when it was read from a recorded reservation.
 */
export const stockAnswer = (
  { type, data }: StockReply,
  context: ReplyContext,
  firstTime: boolean,
): CommandAnswer => ({
  reply: replyEnvelope(type, data, context),
  fact: { routingKey: ROUTING_KEY_OF[type], topic: KAFKA_TOPICS.inventory, firstTime },
});
