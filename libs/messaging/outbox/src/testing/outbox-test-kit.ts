// Helpers for this library's integration tests only (excluded from the build): a schema of its
// own per test file, test envelopes, and listeners on a test exchange and a test topic.
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type ConsumeMessage, type MessagePropertyHeaders } from 'amqplib';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { MessageEnvelope } from '@pattern-shop/contracts';
import { ensureKafkaTopics } from '@pattern-shop/messaging-kafka';
import { createLogger, type Logger, type LogLevel } from '@pattern-shop/observability';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { appendToOutbox, type OutboxMessage } from '../outbox-message.js';
import { OutboxMigrations } from '../outbox.migrations.js';

export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ??
  'postgres://pattern_shop_test:pattern_shop_test_dev@127.0.0.1:5432/pattern_shop_test';

export const uniqueSuffix = (): string => randomBytes(4).toString('hex');

/** Silent unless OUTBOX_TEST_LOG_LEVEL says otherwise (e.g. `debug` when a test fails). */
export const quietLogger = (): Logger =>
  createLogger('outbox-test', (process.env['OUTBOX_TEST_LOG_LEVEL'] ?? 'silent') as LogLevel);

/**
 * A schema of its own, with the outbox migrated into it, so test files running at the same time
 * (and other engineers' tests in the same database) never see each other's rows.
 */
export const openOutboxSchema = async (label: string) => {
  const schema = `outbox_test_${label}_${uniqueSuffix()}`;
  const base = dataSourceOptions({
    url: TEST_DATABASE_URL,
    applicationName: `outbox-${label}-test`,
    migrations: OutboxMigrations,
    pool: { max: 6, acquireTimeoutMs: 5_000 },
  });
  const admin = await new DataSource({
    ...base,
    migrations: [],
    migrationsRun: false,
  }).initialize();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const options = {
    ...base,
    extra: { ...(base.extra as object), options: `-c search_path=${schema}` },
  } as typeof base;
  const dataSource = await new DataSource(options).initialize();
  return {
    dataSource,
    /** The options of `dataSource`, for a second pool or a Nest TypeOrmModule on the same schema. */
    options,
    drop: async () => {
      await dataSource.destroy().catch(() => undefined);
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.destroy();
    },
  };
};

export const testEnvelope = (aggregateId: string, sequence = 0): MessageEnvelope => ({
  messageId: randomUUID(),
  type: 'OutboxTested',
  version: 1,
  occurredAt: new Date().toISOString(),
  correlationId: `correlation-${aggregateId}`,
  causationId: `cause-${aggregateId}-${sequence}`,
  aggregateId,
  data: { sequence },
});

export const appendCommitted = (dataSource: DataSource, messages: readonly OutboxMessage[]) =>
  dataSource.transaction((tx) => appendToOutbox(tx, messages));

export type StoredRow = {
  id: string;
  aggregate_id: string;
  destination: string;
  message_id: string;
  published_at: Date | null;
  attempts: number;
  last_error: string | null;
};

export const outboxRows = (dataSource: DataSource): Promise<StoredRow[]> =>
  dataSource.query(
    `SELECT id::text, aggregate_id, destination, message_id::text, published_at, attempts, last_error
     FROM outbox ORDER BY outbox.id -- the number, not the text output column of the same name`,
  );

export type ReceivedMessage = Readonly<{
  routingKey: string;
  messageId: unknown;
  deliveryMode: unknown;
  headers: MessagePropertyHeaders;
  envelope: MessageEnvelope;
}>;

/** A test exchange of its own with a temporary queue bound to every routing key. */
export const listenOnTestExchange = async (url: string, label: string) => {
  const exchange = `test.outbox.${label}.${uniqueSuffix()}`;
  const model = await connect(url);
  const channel = await model.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: false });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, exchange, '#');
  const received: ReceivedMessage[] = [];
  await channel.consume(
    queue,
    (message: ConsumeMessage | null) => {
      if (message === null) return;
      received.push({
        routingKey: message.fields.routingKey,
        messageId: message.properties.messageId,
        deliveryMode: message.properties.deliveryMode,
        headers: message.properties.headers ?? {},
        envelope: JSON.parse(message.content.toString('utf8')) as MessageEnvelope,
      });
    },
    { noAck: true },
  );
  return {
    exchange,
    received,
    /** Publishes straight to the exchange, e.g. a sentinel that arrives after all before it. */
    sendDirect: (routingKey: string, envelope: MessageEnvelope) =>
      channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(envelope))),
    close: async () => {
      await channel.deleteExchange(exchange);
      await model.close();
    },
  };
};

export type ReceivedRecord = Readonly<{
  key: string | undefined;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  envelope: MessageEnvelope;
}>;

/** A test topic of its own (3 partitions) read from the beginning by a group of its own. */
export const listenOnTestTopic = async (kafka: Kafka, label: string) => {
  const topic = `test.outbox.${label}.${uniqueSuffix()}`;
  const groupId = `${topic}.reader`;
  await ensureKafkaTopics(kafka, [{ topic, numPartitions: 3 }]);
  // A short long poll: a disconnect waits for the fetch in flight (5 s by default).
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received: ReceivedRecord[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      received.push({
        key: message.key?.toString(),
        partition,
        offset: message.offset,
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        ),
        envelope: JSON.parse(message.value?.toString() ?? 'null') as MessageEnvelope,
      });
    },
  });
  return {
    topic,
    received,
    close: async () => {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
};
