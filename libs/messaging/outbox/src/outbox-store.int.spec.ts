import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import { claimStreams, leaseClaimedRows } from './outbox-store.js';
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

type Plan = { Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } };

/** Runs each statement once under EXPLAIN ANALYZE (rolled back), noting its buffers, then for real. */
const countingBuffers = (tx: EntityManager, buffers: number[]): EntityManager =>
  ({
    query: async (sql: string, parameters?: unknown[]) => {
      await tx.query('SAVEPOINT explained');
      const [row]: { 'QUERY PLAN': Plan[] }[] = await tx.query(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
        parameters,
      );
      await tx.query('ROLLBACK TO SAVEPOINT explained');
      const plan = row?.['QUERY PLAN'][0]?.Plan;
      buffers.push((plan?.['Shared Hit Blocks'] ?? NaN) + (plan?.['Shared Read Blocks'] ?? NaN));
      return tx.query(sql, parameters);
    },
  }) as unknown as EntityManager;

describe('claiming with statistics taken while nothing was pending (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('claim_plans');
    dataSource = db.dataSource;
    // At rest the outbox is empty and its statistics say so; autovacuum must not fix them here.
    await dataSource.query('ALTER TABLE outbox SET (autovacuum_enabled = false)');
    await dataSource.query('ANALYZE outbox');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('given a backlog of 2,000 rows in 1,000 streams, when a batch is claimed and leased, then each statement probes stream by stream (a few thousand buffers, not a scan of every pending row per stream)', async () => {
    const streams = Array.from({ length: 1_000 }, (_, i) => `plan-${i}-${kit.uniqueSuffix()}`);
    await kit.appendCommitted(
      dataSource,
      streams.flatMap((aggregateId, i) =>
        [0, 1].map((sequence) =>
          i % 2 === 0
            ? {
                destination: 'rabbitmq' as const,
                exchange: 'claim-test',
                routingKey: 'claim',
                envelope: kit.testEnvelope(aggregateId, sequence),
              }
            : {
                destination: 'kafka' as const,
                topic: 'claim-test',
                key: aggregateId,
                envelope: kit.testEnvelope(aggregateId, sequence),
              },
        ),
      ),
    );

    const buffers: number[] = [];
    const leased = await dataSource.transaction(async (tx) => {
      const counted = countingBuffers(tx, buffers);
      const claimed = await claimStreams(counted, {
        destinations: ['rabbitmq', 'kafka'],
        limit: 100,
        maxAttempts: 20,
      });
      expect(claimed).toHaveLength(100);
      return leaseClaimedRows(counted, claimed, {
        limit: 100,
        maxAttempts: 20,
        lease: { token: '00000000-0000-4000-8000-000000000001', leaseMs: 6_000 },
      });
    });

    expect(leased).toHaveLength(100);
    // Stream by stream: about 2,600 buffers for the claim and 2,100 for the lease. The plans the
    // old statements got here scanned a destination's pending rows per probe: 128,000 and 36,000.
    const [claim, lease] = buffers;
    expect(claim).toBeLessThan(10_000);
    expect(lease).toBeLessThan(10_000);
  });
});
