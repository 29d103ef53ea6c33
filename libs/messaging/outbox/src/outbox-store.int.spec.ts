import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import { claimStreams, claimThenLease, leaseClaimedRows } from './outbox-store.js';
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

describe('claiming and leasing in one call, outbox_claim_then_lease (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;
  const lease = (n: number) => ({
    token: `00000000-0000-4000-8000-00000000000${n}`,
    leaseMs: 30_000,
  });

  beforeAll(async () => {
    db = await kit.openOutboxSchema('one_call');
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await db?.drop();
  });

  const leasedTo = async (token: string): Promise<number> =>
    (
      await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE lease_token = $1`, [
        token,
      ])
    )[0].n;

  const appendStream = async (aggregateId: string, count: number) =>
    kit.appendCommitted(
      dataSource,
      Array.from({ length: count }, (_, sequence) => ({
        destination: 'rabbitmq' as const,
        exchange: 'claim-test',
        routingKey: 'claim',
        envelope: kit.testEnvelope(aggregateId, sequence),
      })),
    );

  it('given two streams, when one call claims, then every row of both comes back in id order, leased to its token', async () => {
    const [first, second] = [`a-${kit.uniqueSuffix()}`, `b-${kit.uniqueSuffix()}`];
    await appendStream(first, 2);
    await appendStream(second, 3);

    const rows = await claimThenLease(dataSource, {
      destinations: ['rabbitmq', 'kafka'],
      limit: 100,
      maxAttempts: 20,
      lease: lease(1),
    });

    expect(rows.map((row) => row.aggregateId)).toEqual([first, first, second, second, second]);
    expect(rows.map((row) => Number(row.id))).toEqual(
      [...rows.map((row) => Number(row.id))].sort((a, b) => a - b),
    );
    expect(await leasedTo(lease(1).token)).toBe(5);
  });

  it('given a stream under another lease, or locked by a relay claiming it right now, then a call takes neither and the lease holds', async () => {
    const leasedAlready = (await kit.outboxRows(dataSource)).length;
    const locked = `locked-${kit.uniqueSuffix()}`;
    await appendStream(locked, 1);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `outbox:rabbitmq:${locked}`,
      ]);

      const rows = await claimThenLease(dataSource, {
        destinations: ['rabbitmq'],
        limit: 100,
        maxAttempts: 20,
        lease: lease(2),
      });

      expect(rows).toEqual([]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await kit.outboxRows(dataSource)).toHaveLength(leasedAlready + 1);
    expect(await leasedTo(lease(2).token)).toBe(0);
    expect(await leasedTo(lease(1).token)).toBe(5);

    // Once the claiming relay is gone (its lock with it), the stream is the next call's.
    const rows = await claimThenLease(dataSource, {
      destinations: ['rabbitmq'],
      limit: 100,
      maxAttempts: 20,
      lease: lease(3),
    });
    expect(rows.map((row) => row.aggregateId)).toEqual([locked]);
  });
});
