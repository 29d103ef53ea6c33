import type { EntityManager } from 'typeorm';
import { EXCHANGES, MESSAGE_HEADERS, type MessageEnvelope } from '@pattern-shop/contracts';
import { activeTraceparent } from '@pattern-shop/observability';
import { OUTBOX_TABLE } from './outbox.migrations.js';
import { OUTBOX_APPENDED_CHANNEL } from './outbox-wakeup.js';

/** Optional W3C trace context of the work that produced the message, carried as a header. */
type TraceContext = Readonly<{ traceparent?: string }>;

export type RabbitMqOutboxMessage = TraceContext &
  Readonly<{
    destination: 'rabbitmq';
    exchange: string;
    routingKey: string;
    envelope: MessageEnvelope;
    /** A message no queue receives is retried (a command nobody consumes yet), not dropped. */
    mandatory?: boolean;
    /** When a command is no longer wanted (the `expires-at` header); absent: never expires. */
    expiresAt?: Date;
  }>;

export type KafkaOutboxMessage = TraceContext &
  Readonly<{ destination: 'kafka'; topic: string; key: string; envelope: MessageEnvelope }>;

/** One message to publish once the caller's transaction commits, and where it goes. */
export type OutboxMessage = RabbitMqOutboxMessage | KafkaOutboxMessage;

/**
 * Inserts the rows with the caller's transaction, so they commit (or roll back) together with
 * the state change they announce. Refuses a manager outside a transaction: a row written on its
 * own could announce a change that never committed.
 */
export const appendToOutbox = async (
  manager: EntityManager,
  messages: readonly OutboxMessage[],
): Promise<void> => {
  if (messages.length === 0) return;
  if (manager.queryRunner?.isTransactionActive !== true) {
    throw new Error(
      'appendToOutbox needs the EntityManager of an open transaction (dataSource.transaction(...))',
    );
  }
  // The notification is delivered at commit, and not at all on rollback: it wakes the relay.
  await manager.query(
    `WITH appended AS (
       INSERT INTO ${OUTBOX_TABLE} (aggregate_id, destination, exchange_or_topic,
         routing_key_or_kafka_key, mandatory, message_id, type, headers, payload)
       SELECT aggregate_id, destination, exchange_or_topic, routing_key_or_kafka_key, mandatory,
         message_id, type, headers, payload
       FROM jsonb_to_recordset($1::jsonb) AS m(aggregate_id text, destination text,
         exchange_or_topic text, routing_key_or_kafka_key text, mandatory boolean, message_id uuid,
         type text, headers jsonb, payload jsonb)
       RETURNING 1)
     SELECT pg_notify('${OUTBOX_APPENDED_CHANNEL}', '') FROM (SELECT count(*) FROM appended) AS rows`,
    [JSON.stringify(messages.map(toRow))],
  );
};

const toRow = (message: OutboxMessage) => {
  const { envelope } = message;
  const rabbit = message.destination === 'rabbitmq';
  return {
    aggregate_id: envelope.aggregateId,
    destination: message.destination,
    exchange_or_topic: rabbit ? message.exchange : message.topic,
    routing_key_or_kafka_key: rabbit ? message.routingKey : message.key,
    mandatory: rabbit ? (message.mandatory ?? false) : false,
    message_id: envelope.messageId,
    type: envelope.type,
    // The work that wrote the row (its request or consumer span) is the parent of the publish;
    // the relay runs later, in a context of its own, so it is captured now.
    headers: messageHeaders(
      envelope,
      activeTraceparent() ?? message.traceparent,
      rabbit ? message.expiresAt : undefined,
    ),
    payload: envelope,
  };
};

/**
 * The headers both brokers carry beside the body (DESIGN.md); `traceparent` and `expires-at`
 * only when known.
 */
export const messageHeaders = (
  envelope: MessageEnvelope,
  traceparent?: string,
  expiresAt?: Date,
): Record<string, string> => ({
  [MESSAGE_HEADERS.messageId]: envelope.messageId,
  [MESSAGE_HEADERS.type]: envelope.type,
  [MESSAGE_HEADERS.version]: String(envelope.version),
  [MESSAGE_HEADERS.correlationId]: envelope.correlationId,
  ...(traceparent ? { [MESSAGE_HEADERS.traceparent]: traceparent } : {}),
  ...(expiresAt ? { [MESSAGE_HEADERS.expiresAt]: expiresAt.toISOString() } : {}),
});

/** A fact for everyone: to `shop.events` under `routingKey`, and to `topic` keyed by aggregate id. */
export const publishedEverywhere = (
  envelope: MessageEnvelope,
  {
    routingKey,
    topic,
    traceparent,
  }: Readonly<{ routingKey: string; topic: string }> & TraceContext,
): [RabbitMqOutboxMessage, KafkaOutboxMessage] => [
  { destination: 'rabbitmq', exchange: EXCHANGES.events, routingKey, envelope, traceparent },
  { destination: 'kafka', topic, key: envelope.aggregateId, envelope, traceparent },
];

/** A command for the one queue that owns it, kept pending until that queue exists. */
export const commandTo = (
  queue: string,
  envelope: MessageEnvelope,
  { traceparent, expiresAt }: TraceContext & Readonly<{ expiresAt?: Date }> = {},
): RabbitMqOutboxMessage => ({
  destination: 'rabbitmq',
  exchange: EXCHANGES.commands,
  routingKey: queue,
  envelope,
  mandatory: true,
  traceparent,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});
