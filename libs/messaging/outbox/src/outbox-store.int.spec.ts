import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { claimStreams } from './outbox-store.js';
import * as kit from './testing/outbox-test-kit.js';

const BACKLOG = 150;

describe('claiming streams in one query for both brokers (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('claim');
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await db?.drop();
  });

  it(`given a backlog of ${BACKLOG} Kafka streams older than one RabbitMQ row, when a batch of 100 streams is claimed, then the RabbitMQ stream is in it and the Kafka ones come oldest first`, async () => {
    const kafka = Array.from({ length: BACKLOG }, (_, i) => `backlog-${i}-${kit.uniqueSuffix()}`);
    await kit.appendCommitted(
      dataSource,
      kafka.map((aggregateId) => ({
        destination: 'kafka' as const,
        topic: 'claim-test',
        key: aggregateId,
        envelope: kit.testEnvelope(aggregateId),
      })),
    );
    const fact = `fact-${kit.uniqueSuffix()}`;
    await kit.appendCommitted(dataSource, [
      {
        destination: 'rabbitmq',
        exchange: 'claim-test',
        routingKey: 'claim',
        envelope: kit.testEnvelope(fact),
      },
    ]);

    const claimed = await dataSource.transaction((tx) =>
      claimStreams(tx, { destinations: ['rabbitmq', 'kafka'], limit: 100, maxAttempts: 20 }),
    );

    expect(claimed).toHaveLength(100);
    expect(claimed).toContainEqual({ destination: 'rabbitmq', aggregateId: fact });
    const kafkaClaimed = claimed.filter((s) => s.destination === 'kafka').map((s) => s.aggregateId);
    const oldestKafka = (await kit.outboxRows(dataSource))
      .filter((row) => row.destination === 'kafka')
      .slice(0, 99)
      .map((row) => row.aggregate_id);
    expect(kafkaClaimed).toEqual(oldestKafka);
  });
});
