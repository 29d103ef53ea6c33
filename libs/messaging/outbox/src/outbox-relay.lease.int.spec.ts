import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ConfirmingPublisher, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import { Registry } from '@pattern-shop/observability';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { type OutboxPublisher, rabbitMqOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay } from './outbox-relay.js';
import { claimStreams, leaseClaimedRows } from './outbox-store.js';
import * as kit from './testing/outbox-test-kit.js';

const RELAY_APP = 'outbox-lease-relay';

/** Leases: the relay holds rows, not a transaction, while its broker is slow or it has died. */
describe('outbox relay leases (real PostgreSQL and RabbitMQ)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let relayPool: DataSource;
  let connection: RabbitConnection;
  let confirming: ConfirmingPublisher;
  let listener: Awaited<ReturnType<typeof kit.listenOnTestExchange>>;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('lease');
    // The relay's own pool, named, so what it holds can be told from the test's connections.
    relayPool = await new DataSource({
      ...db.options,
      extra: { ...(db.options.extra as object), application_name: RELAY_APP },
      migrationsRun: false,
    }).initialize();
    connection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: 'outbox-lease-spec',
    });
    await connection.start();
    await waitFor('RabbitMQ connection', async () => (connection.isConnected ? true : undefined));
    confirming = new ConfirmingPublisher(connection);
    listener = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'lease');
  });

  afterAll(async () => {
    await listener?.close();
    await confirming?.close();
    await connection?.close();
    await relayPool?.destroy();
    await db?.drop();
  });

  const message = (aggregateId: string, sequence = 0) => ({
    destination: 'rabbitmq' as const,
    exchange: listener.exchange,
    routingKey: 'lease',
    envelope: kit.testEnvelope(aggregateId, sequence),
  });
  const delivered = (aggregateId: string) =>
    listener.received
      .filter((m) => m.envelope.aggregateId === aggregateId)
      .map((m) => (m.envelope.data as { sequence: number }).sequence);

  type RelayTransaction = { pid: number; xact_start: string };
  const key = (tx: RelayTransaction) => `${tx.pid}@${tx.xact_start}`;
  const relayTransactions = (): Promise<RelayTransaction[]> =>
    db.dataSource.query(
      `SELECT pid, xact_start::text AS xact_start FROM pg_stat_activity
        WHERE application_name = $1 AND xact_start IS NOT NULL`,
      [RELAY_APP],
    );

  /** A relay on its own pool whose broker holds the confirms of `slow` until the gate opens. */
  const gatedRelay = (slow: string) => {
    const rabbit = rabbitMqOutboxPublisher(confirming, 'outbox-lease-spec');
    let openGate = () => undefined as void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const state = { waiting: false };
    const gated: OutboxPublisher = {
      publish: async (rows) => {
        if (rows.some((row) => row.aggregateId === slow)) {
          state.waiting = true;
          await gate;
        }
        return rabbit.publish(rows);
      },
    };
    const relay = new OutboxRelay({
      dataSource: relayPool,
      publishers: { rabbitmq: gated },
      logger: kit.quietLogger(),
      metrics: new Registry(),
      pollIntervalMs: 5,
    });
    return { relay, state, openGate };
  };

  it('given a batch waiting for its broker confirm, then the relay holds no transaction and no busy connection meanwhile', async () => {
    const slow = `slow-${kit.uniqueSuffix()}`;
    const { relay, state, openGate } = gatedRelay(slow);
    relay.start();
    try {
      await kit.appendCommitted(db.dataSource, [message(slow)]);
      await waitFor('the batch out, waiting for its confirm', async () =>
        state.waiting ? true : undefined,
      );

      // The relay's other loop keeps polling in short transactions of its own, so a snapshot may
      // catch one; a transaction held across the publish is the one that outlives the wait.
      const open = await relayTransactions();
      const held = await waitFor(
        'every relay transaction open during the wait to end while the confirm is still held',
        async () => {
          const now = new Set((await relayTransactions()).map(key));
          const still = open.filter((tx) => now.has(key(tx)));
          return still.length === 0 ? still : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 20 },
      );
      expect(state.waiting).toBe(true);
      expect(held).toEqual([]);
      const rows = await kit.outboxRows(db.dataSource);
      expect(rows.find((row) => row.aggregate_id === slow)?.published_at).toBeNull();

      openGate();
      await waitFor('the row delivered after its confirm', async () =>
        delivered(slow).length === 1 ? true : undefined,
      );
    } finally {
      openGate();
      await relay.stop();
    }
  }, 30_000);

  it('given a stream leased by a batch waiting for its confirm, when a later row of that aggregate commits, then the other loop leaves it and publishes other streams, and the two arrive in order', async () => {
    const slow = `slow-${kit.uniqueSuffix()}`;
    const quick = `quick-${kit.uniqueSuffix()}`;
    const { relay, state, openGate } = gatedRelay(slow);
    relay.start();
    try {
      await kit.appendCommitted(db.dataSource, [message(slow, 0)]);
      await waitFor('the first row out, waiting', async () => (state.waiting ? true : undefined));
      await kit.appendCommitted(db.dataSource, [message(slow, 1)]);
      // Committed after the later row: a batch that publishes it has seen the later row too.
      await kit.appendCommitted(db.dataSource, [message(quick)]);

      await waitFor('the other stream delivered', async () =>
        delivered(quick).length === 1 ? true : undefined,
      );
      expect(delivered(slow)).toEqual([]);

      openGate();
      await waitFor('both rows of the leased stream delivered', async () =>
        delivered(slow).length === 2 ? true : undefined,
      );
      expect(delivered(slow)).toEqual([0, 1]);
    } finally {
      openGate();
      await relay.stop();
    }
  }, 30_000);

  it('given rows leased by a relay that then died, when another relay runs, then it publishes them once the lease has run out and not before', async () => {
    const orphan = `orphan-${kit.uniqueSuffix()}`;
    await kit.appendCommitted(db.dataSource, [message(orphan)]);
    // What a relay killed between its lease and its publish leaves behind.
    const [leased] = await db.dataSource.transaction(async (tx) => {
      const streams = await claimStreams(tx, {
        destinations: ['rabbitmq'],
        limit: 10,
        maxAttempts: 20,
      });
      return leaseClaimedRows(tx, streams, {
        limit: 10,
        maxAttempts: 20,
        lease: { token: '00000000-0000-4000-8000-000000000001', leaseMs: 2_000 },
      });
    });
    expect(leased?.aggregateId).toBe(orphan);
    const [{ until }]: [{ until: string }] = await db.dataSource.query(
      'SELECT lease_until::text AS until FROM outbox WHERE id = $1',
      [leased?.id],
    );
    const relay = new OutboxRelay({
      dataSource: relayPool,
      publishers: { rabbitmq: rabbitMqOutboxPublisher(confirming, 'outbox-lease-spec') },
      logger: kit.quietLogger(),
      metrics: new Registry(),
      pollIntervalMs: 5,
    });
    relay.start();
    try {
      // Delivery comes before the mark; the mark is what says when the relay took the row.
      const marked = await waitFor('the orphaned row marked published', async () => {
        const rows: { after_lease: boolean | null }[] = await db.dataSource.query(
          'SELECT published_at >= $2::timestamptz AS after_lease FROM outbox WHERE id = $1',
          [leased?.id, until],
        );
        return rows[0]?.after_lease === null ? undefined : rows;
      });
      expect(marked[0]?.after_lease).toBe(true);
      await waitFor('the orphaned row delivered', async () =>
        delivered(orphan).length === 1 ? true : undefined,
      );
    } finally {
      await relay.stop();
    }
  }, 30_000);
});
