/**
 * Every broker name of the system, in one place. These names are part of the contract in
 * DESIGN.md: renaming one is a breaking change for every deployed consumer.
 */
export const KAFKA_TOPICS = {
  orders: 'orders.events',
  payments: 'payments.events',
  inventory: 'inventory.events',
} as const;
export type KafkaTopic = (typeof KAFKA_TOPICS)[keyof typeof KAFKA_TOPICS];

/** Each Kafka consumer group has its own dead-letter topic. */
export const kafkaDeadLetterTopic = (consumerGroup: string): string => `${consumerGroup}.dlq`;

export const EXCHANGES = {
  /** Topic exchange for facts; routing key `<aggregate>.<fact>`. */
  events: 'shop.events',
  /** Exchange for the saga's commands; each command queue has exactly one owner. */
  commands: 'shop.commands',
} as const;

/**
 * Topic exchange that carries retries and dead letters, each routed by its target queue's name:
 * unlike the default exchange, a topic exchange lets each service's topic permissions limit which
 * queues it may send to (docs/security.md, Broker identities).
 */
export const DEAD_LETTER_EXCHANGE = 'shop.dead-letters';

export const QUEUES = {
  paymentCommands: 'payment.commands',
  inventoryCommands: 'inventory.commands',
  orderSagaReplies: 'order.saga-replies',
  /** Parked checkout sagas, for a person to look at; nothing consumes it automatically. */
  orderSagaParked: 'order.saga-parked',
  orderProductEvents: 'order.product-events',
  emailOrderEvents: 'email.order-events',
  realtimeOrderEvents: 'realtime.order-events',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ROUTING_KEYS = {
  orderPlaced: 'order.placed',
  orderConfirmed: 'order.confirmed',
  orderCancelled: 'order.cancelled',
  paymentCharged: 'payment.charged',
  paymentRefunded: 'payment.refunded',
  paymentDeclined: 'payment.declined',
  paymentRefundFailed: 'payment.refund-failed',
  stockReserved: 'stock.reserved',
  stockReservationFailed: 'stock.reservation-failed',
  stockReleased: 'stock.released',
  productAdded: 'product.added',
  productPriceChanged: 'product.price-changed',
} as const;

/** Retry queue for a consumed queue: messages wait there for `delayMs`, then return. */
export const retryQueueName = (queue: string, delayMs: number): string => {
  if (!Number.isInteger(delayMs) || delayMs <= 0) {
    throw new RangeError(`retry delay must be a positive integer of milliseconds, got ${delayMs}`);
  }
  return `${queue}.retry.${formatDelay(delayMs)}`;
};

export const deadLetterQueueName = (queue: string): string => `${queue}.dlq`;

/** `1000` -> `1s`, `60000` -> `60s`, `1500` -> `1500ms`: short, readable in the management UI. */
const formatDelay = (delayMs: number): string =>
  delayMs % 1000 === 0 ? `${delayMs / 1000}s` : `${delayMs}ms`;
