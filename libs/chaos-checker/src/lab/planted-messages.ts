import { randomUUID } from 'node:crypto';
import {
  KAFKA_TOPICS,
  kafkaDeadLetterTopic,
  MESSAGE_HEADERS,
  type MessageEnvelope,
  QUEUES,
} from '@pattern-shop/contracts';
import type { ExpectedDeadLetters } from '../invariants/snapshot.js';

/** One message the lab puts straight onto a queue or topic, as a broken or foreign producer would. */
export type PlantedMessage = Readonly<{
  messageId: string;
  type: string;
  version: number;
  body: Buffer;
}>;

/** Every queue the system consumes, with a message type its consumer takes. */
export const CONSUMED_QUEUES = [
  { queue: QUEUES.paymentCommands, type: 'ChargePayment' },
  { queue: QUEUES.inventoryCommands, type: 'ReserveStock' },
  { queue: QUEUES.orderSagaReplies, type: 'PaymentCharged' },
  { queue: QUEUES.orderProductEvents, type: 'ProductAdded' },
  { queue: QUEUES.emailOrderEvents, type: 'OrderConfirmed' },
  // One queue per gateway instance (`realtime.order-events.<host>-<id>`), one dead-letter queue.
  { queue: QUEUES.realtimeOrderEvents, type: 'OrderConfirmed' },
] as const;

/** Every topic analytics-service reads, with a type it carries. */
export const CONSUMED_TOPICS = [
  { topic: KAFKA_TOPICS.orders, type: 'OrderPlaced' },
  { topic: KAFKA_TOPICS.payments, type: 'PaymentCharged' },
  { topic: KAFKA_TOPICS.inventory, type: 'StockReserved' },
] as const;

export const ANALYTICS_DEAD_LETTERS = kafkaDeadLetterTopic('analytics');

export const POISON_PREFIX = 'chaos-poison-';
export const DRIFT_PREFIX = 'chaos-drift-';

const envelope = (type: string, version: number, messageId: string, data: unknown) =>
  ({
    messageId,
    type,
    version,
    occurredAt: new Date().toISOString(),
    correlationId: `chaos-lab-${messageId}`,
    causationId: `chaos-lab-${messageId}`,
    aggregateId: randomUUID(),
    data,
  }) satisfies MessageEnvelope;

/**
 * Two poison messages for one destination: bytes that are not JSON, and an envelope of the
 * right type whose data no schema accepts. Both must reach the dead letters, and nothing else.
 */
export const poisonFor = (destination: string, type: string): PlantedMessage[] => {
  const garbled = `${POISON_PREFIX}${destination}-garbled`;
  const invalid = `${POISON_PREFIX}${destination}-invalid`;
  return [
    { messageId: garbled, type, version: 1, body: Buffer.from('{"messageId": "half a mess') },
    {
      messageId: invalid,
      type,
      version: 1,
      body: Buffer.from(
        JSON.stringify(envelope(type, 1, invalid, { orderId: 42, nonsense: true })),
      ),
    },
  ];
};

/** A fact in a version no consumer knows: a producer deployed ahead of its subscribers. */
export const driftedFact = (destination: string, type: string, data: unknown): PlantedMessage => {
  const messageId = `${DRIFT_PREFIX}${destination}`;
  return {
    messageId,
    type,
    version: 99,
    body: Buffer.from(JSON.stringify(envelope(type, 99, messageId, data))),
  };
};

/** The headers the system's own producers set beside the body (DESIGN.md's envelope). */
export const headersOf = (message: PlantedMessage): Record<string, string> => ({
  [MESSAGE_HEADERS.messageId]: message.messageId,
  [MESSAGE_HEADERS.type]: message.type,
  [MESSAGE_HEADERS.version]: String(message.version),
  [MESSAGE_HEADERS.correlationId]: `chaos-lab-${message.messageId}`,
});

/** Where a consumed queue's dead letters go. */
export const deadLetterQueueOf = (queue: string): string => `${queue}.dlq`;

/** The poison scenario expects exactly its two messages per queue and per topic, dead-lettered. */
export const expectedPoisonDeadLetters = (): ExpectedDeadLetters[] => [
  ...CONSUMED_QUEUES.map(({ queue }) => ({
    source: deadLetterQueueOf(queue),
    messageIdPrefix: `${POISON_PREFIX}${queue}`,
    count: 2,
  })),
  ...CONSUMED_TOPICS.map(({ topic }) => ({
    source: ANALYTICS_DEAD_LETTERS,
    messageIdPrefix: `${POISON_PREFIX}${topic}-`,
    count: 2,
  })),
];

/**
 * Where the drifted messages must end: the fact on `shop.events` in each subscriber's dead
 * letters, the command in payment-service's, the stream record in analytics'. A consumer that
 * took version 99 for one it knows would leave its count short.
 */
export const expectedDriftDeadLetters = (): ExpectedDeadLetters[] =>
  [
    deadLetterQueueOf(QUEUES.emailOrderEvents),
    deadLetterQueueOf(QUEUES.realtimeOrderEvents),
    deadLetterQueueOf(QUEUES.paymentCommands),
    ANALYTICS_DEAD_LETTERS,
  ].map((source) => ({ source, messageIdPrefix: DRIFT_PREFIX, count: 1 }));
