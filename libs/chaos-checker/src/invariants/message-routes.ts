import {
  deadLetterQueueName,
  EXCHANGES,
  KAFKA_TOPICS,
  kafkaDeadLetterTopic,
  QUEUES,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import type { PublishedMessage } from './snapshot.js';

/**
 * A consumer of published messages, as the apps wire it (their `subscribe` bindings and
 * `handleOnce` names): which messages reach it, where it records them, where they die.
 */
export type ConsumerRoute = Readonly<{
  /** Its name in `processed_messages.consumer` (or the Kafka group, or the app if it keeps none). */
  consumer: string;
  service: string;
  receives: (message: PublishedMessage) => boolean;
  /** Why it keeps no record of this message, when it keeps none: the ledger cannot cover it. */
  untracked?: (message: PublishedMessage) => string | undefined;
  /** Its dead letters' queue or topic, as the dead-letter readers name it. */
  deadLetters: string;
  /** Whether a queue of the snapshot (or a Kafka lag entry) holds its undelivered messages. */
  holds: (queueName: string) => boolean;
}>;

const command =
  (queue: string) =>
  (message: PublishedMessage): boolean =>
    message.broker === 'rabbitmq' &&
    message.destination === EXCHANGES.commands &&
    message.routingKey === queue;

const facts =
  (...routingKeys: string[]) =>
  (message: PublishedMessage): boolean =>
    message.broker === 'rabbitmq' &&
    message.destination === EXCHANGES.events &&
    routingKeys.includes(message.routingKey);

const queueOrRetry = (queue: string) => (name: string) =>
  name === queue || name.startsWith(`${queue}.retry.`);

const onQueue = (consumer: string, service: string, queue: string) => ({
  consumer,
  service,
  deadLetters: deadLetterQueueName(queue),
  holds: queueOrRetry(queue),
});

const ANALYTICS_GROUP = 'analytics';
/** The types analytics projects, each kept with its message id in `order_facts`/`refund_facts`. */
export const ANALYTICS_RECORDED_TYPES = [
  'OrderPlaced',
  'OrderConfirmed',
  'OrderCancelled',
  'PaymentRefunded',
];

export const CONSUMER_ROUTES: readonly ConsumerRoute[] = [
  {
    ...onQueue(QUEUES.paymentCommands, 'payment-service', QUEUES.paymentCommands),
    receives: command(QUEUES.paymentCommands),
  },
  {
    ...onQueue(QUEUES.inventoryCommands, 'inventory-service', QUEUES.inventoryCommands),
    receives: command(QUEUES.inventoryCommands),
  },
  {
    ...onQueue(QUEUES.orderSagaReplies, 'order-service', QUEUES.orderSagaReplies),
    receives: command(QUEUES.orderSagaReplies),
    untracked: (m) =>
      m.type === 'StockReleased' ? 'noted by the saga without a record' : undefined,
  },
  {
    ...onQueue('order-service.product-replica', 'order-service', QUEUES.orderProductEvents),
    receives: facts(ROUTING_KEYS.productAdded, ROUTING_KEYS.productPriceChanged),
  },
  {
    ...onQueue(QUEUES.emailOrderEvents, 'email-service', QUEUES.emailOrderEvents),
    receives: facts(ROUTING_KEYS.orderConfirmed, ROUTING_KEYS.orderCancelled),
  },
  {
    ...onQueue('realtime-gateway', 'realtime-gateway', QUEUES.realtimeOrderEvents),
    receives: facts(
      ROUTING_KEYS.orderPlaced,
      ROUTING_KEYS.orderConfirmed,
      ROUTING_KEYS.orderCancelled,
    ),
    untracked: () => 'no inbox: a push is not recorded',
    // One exclusive queue per gateway process: `realtime.order-events.<instance>`.
    holds: (name) => name.startsWith(`${QUEUES.realtimeOrderEvents}.`) && !name.endsWith('.dlq'),
  },
  {
    consumer: ANALYTICS_GROUP,
    service: 'analytics-service',
    receives: (m) =>
      m.broker === 'kafka' && (Object.values(KAFKA_TOPICS) as string[]).includes(m.destination),
    untracked: (m) =>
      ANALYTICS_RECORDED_TYPES.includes(m.type) ? undefined : 'read and ignored, no record',
    deadLetters: kafkaDeadLetterTopic(ANALYTICS_GROUP),
    holds: (name) => name.endsWith(`(group ${ANALYTICS_GROUP})`),
  },
];

/** The consumers a published message reaches; none for a fact no queue subscribes to. */
export const routesOf = (message: PublishedMessage): ConsumerRoute[] =>
  CONSUMER_ROUTES.filter((route) => route.receives(message));
