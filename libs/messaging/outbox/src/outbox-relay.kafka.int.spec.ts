import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import {
  createKafkaClient,
  ensureKafkaTopics,
  IdempotentProducer,
} from '@pattern-shop/messaging-kafka';
import { Registry } from '@pattern-shop/observability';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { kafkaOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay } from './outbox-relay.js';
import * as kit from './testing/outbox-test-kit.js';

describe('outbox relay to Kafka (real PostgreSQL and Kafka)', () => {
  const kafka = createKafkaClient({
    clientId: 'outbox-kafka-spec',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    login: LOCAL_INFRA.kafkaOperatorSasl,
    logger: kit.quietLogger(),
  });
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;
  let producer: IdempotentProducer;
  let topic: Awaited<ReturnType<typeof kit.listenOnTestTopic>>;
  const relay = () =>
    new OutboxRelay({
      dataSource,
      publishers: { kafka: kafkaOutboxPublisher(producer) },
      logger: kit.quietLogger(),
      metrics: new Registry(),
    });

  beforeAll(async () => {
    db = await kit.openOutboxSchema('kafka');
    dataSource = db.dataSource;
    producer = new IdempotentProducer(kafka);
    topic = await kit.listenOnTestTopic(kafka, 'kafka');
  }, 60_000);

  afterAll(async () => {
    await topic?.close();
    await producer?.close();
    await db?.drop();
  }, 60_000);

  it('given rows for a Kafka topic, when relayed, then each record is keyed by its aggregate id, carries the headers, and one aggregate keeps its order', async () => {
    const orders = [
      `order-${kit.uniqueSuffix()}`,
      `order-${kit.uniqueSuffix()}`,
      `order-${kit.uniqueSuffix()}`,
    ];
    const envelopes = orders.flatMap((aggregateId) =>
      [0, 1, 2, 3].map((sequence) => kit.testEnvelope(aggregateId, sequence)),
    );
    for (const envelope of envelopes) {
      await kit.appendCommitted(dataSource, [
        {
          destination: 'kafka',
          topic: topic.topic,
          key: envelope.aggregateId,
          envelope,
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        },
      ]);
    }

    expect(await relay().runOnce()).toBe(envelopes.length);

    await waitFor(
      'every record read back',
      async () => (topic.received.length >= envelopes.length ? true : undefined),
      { timeoutMs: 60_000 },
    );
    expect(topic.received).toHaveLength(envelopes.length);
    for (const record of topic.received) {
      expect(record.key).toBe(record.envelope.aggregateId);
      expect(record.headers).toEqual({
        'message-id': record.envelope.messageId,
        type: 'OutboxTested',
        version: '1',
        'correlation-id': record.envelope.correlationId,
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      });
    }
    for (const aggregateId of orders) {
      const mine = topic.received.filter((record) => record.key === aggregateId);
      expect(mine.map((record) => record.envelope)).toEqual(
        envelopes.filter((e) => e.aggregateId === aggregateId),
      );
      expect(new Set(mine.map((record) => record.partition)).size).toBe(1);
    }
    const rows = await kit.outboxRows(dataSource);
    expect(rows.every((row) => row.published_at !== null)).toBe(true);
  }, 90_000);

  it('given a topic that does not exist, when relayed, then the row stays pending with the reason', async () => {
    const envelope = kit.testEnvelope(`order-${kit.uniqueSuffix()}`);
    const missing = `test.outbox.no-such-topic.${kit.uniqueSuffix()}`;
    await kit.appendCommitted(dataSource, [
      { destination: 'kafka', topic: missing, key: envelope.aggregateId, envelope },
    ]);

    expect(await relay().runOnce()).toBe(0);

    const row = (await kit.outboxRows(dataSource)).find((r) => r.message_id === envelope.messageId);
    expect(row).toMatchObject({ published_at: null, attempts: 1 });
    expect(row?.last_error).toMatch(/topic|partition/i);
  }, 60_000);

  it('given topics to ensure, when ensured twice, then the second call changes nothing and does not fail', async () => {
    const topic = `test.outbox.ensure.${kit.uniqueSuffix()}`;
    const spec = [{ topic, numPartitions: 3, config: { 'retention.ms': '-1' } }];
    await ensureKafkaTopics(kafka, spec);
    await ensureKafkaTopics(kafka, spec);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]?.partitions).toHaveLength(3);
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
});
