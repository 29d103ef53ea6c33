import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ConfirmingPublisher, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import { Registry } from '@pattern-shop/observability';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { type OutboxPublisher, rabbitMqOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay } from './outbox-relay.js';
import * as kit from './testing/outbox-test-kit.js';

const AGGREGATES = 20;
const PER_AGGREGATE = 10;

describe('two outbox relays on one table (real PostgreSQL and RabbitMQ)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;
  let connection: RabbitConnection;
  const publishers: ConfirmingPublisher[] = [];
  let listener: Awaited<ReturnType<typeof kit.listenOnTestExchange>>;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('concurrency');
    dataSource = db.dataSource;
    connection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: 'outbox-concurrency-spec',
    });
    await connection.start();
    await waitFor('RabbitMQ connection', async () => (connection.isConnected ? true : undefined));
    listener = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'concurrency');
  });

  afterAll(async () => {
    await listener?.close();
    for (const publisher of publishers) await publisher.close();
    await connection?.close();
    await db?.drop();
  });

  /** A relay with a confirm channel of its own, counting what it published. */
  const startRelay = () => {
    const confirming = new ConfirmingPublisher(connection);
    publishers.push(confirming);
    const rabbit = rabbitMqOutboxPublisher(confirming, 'outbox-concurrency-spec');
    const counted = { published: 0 };
    const counting: OutboxPublisher = {
      publish: async (rows) => {
        const results = await rabbit.publish(rows);
        counted.published += results.filter((result) => result === undefined).length;
        return results;
      },
    };
    const relay = new OutboxRelay({
      dataSource,
      publishers: { rabbitmq: counting },
      logger: kit.quietLogger(),
      metrics: new Registry(),
      batchSize: 5,
      pollIntervalMs: 5,
    });
    relay.start();
    return { relay, counted };
  };

  it('given a batch waiting for its broker confirm, when another row commits meanwhile, then the relay second loop publishes it without waiting for that batch', async () => {
    const confirming = new ConfirmingPublisher(connection);
    publishers.push(confirming);
    const rabbit = rabbitMqOutboxPublisher(confirming, 'outbox-concurrency-spec');
    const slow = `slow-${kit.uniqueSuffix()}`;
    const quick = `quick-${kit.uniqueSuffix()}`;
    let openGate = () => undefined as void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let slowBatchWaiting = false;
    const gated: OutboxPublisher = {
      publish: async (rows) => {
        if (rows.some((row) => row.aggregateId === slow)) {
          slowBatchWaiting = true;
          await gate; // a confirm that takes as long as the test wants
        }
        return rabbit.publish(rows);
      },
    };
    const relay = new OutboxRelay({
      dataSource,
      publishers: { rabbitmq: gated },
      logger: kit.quietLogger(),
      metrics: new Registry(),
      pollIntervalMs: 5,
    });
    // A listener of its own: the other test counts every message on the shared one.
    const own = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'second-loop');
    relay.start();
    try {
      const message = (aggregateId: string) => ({
        destination: 'rabbitmq' as const,
        exchange: own.exchange,
        routingKey: 'concurrency',
        envelope: kit.testEnvelope(aggregateId),
      });
      await kit.appendCommitted(dataSource, [message(slow)]);
      await waitFor('the first batch out, waiting', async () =>
        slowBatchWaiting ? true : undefined,
      );
      await kit.appendCommitted(dataSource, [message(quick)]);

      await waitFor('the later row delivered', async () =>
        own.received.some((m) => m.envelope.aggregateId === quick) ? true : undefined,
      );
      expect(own.received.some((m) => m.envelope.aggregateId === slow)).toBe(false);
      openGate();
      await waitFor('the first row delivered after its confirm', async () =>
        own.received.some((m) => m.envelope.aggregateId === slow) ? true : undefined,
      );
    } finally {
      openGate();
      await relay.stop();
      await own.close();
    }
  }, 30_000);

  it(`given ${AGGREGATES * PER_AGGREGATE} rows over ${AGGREGATES} aggregates appended while two relays run, then each row is published once and every aggregate arrives in commit order`, async () => {
    const relays = [startRelay(), startRelay()];
    const aggregates = Array.from(
      { length: AGGREGATES },
      (_, index) => `order-${index}-${kit.uniqueSuffix()}`,
    );
    // Appends from several writers at once; each aggregate's own messages still commit in order.
    await Promise.all(
      aggregates.map(async (aggregateId) => {
        for (let sequence = 0; sequence < PER_AGGREGATE; sequence++) {
          const envelope = kit.testEnvelope(aggregateId, sequence);
          await kit.appendCommitted(dataSource, [
            {
              destination: 'rabbitmq',
              exchange: listener.exchange,
              routingKey: 'concurrency',
              envelope,
            },
          ]);
        }
      }),
    );

    await waitFor(
      'every row published',
      async () =>
        (await kit.outboxRows(dataSource)).every((row) => row.published_at !== null)
          ? true
          : undefined,
      { timeoutMs: 30_000 },
    );
    await Promise.all(relays.map(({ relay }) => relay.stop()));
    // A sentinel sent after the relays stopped arrives after everything they published (FIFO).
    const sentinel = kit.testEnvelope('sentinel');
    listener.sendDirect('sentinel', sentinel);
    await waitFor('the sentinel', async () =>
      listener.received.some((m) => m.envelope.messageId === sentinel.messageId) ? true : undefined,
    );

    const delivered = listener.received.filter((m) => m.envelope.aggregateId !== 'sentinel');
    expect(delivered).toHaveLength(AGGREGATES * PER_AGGREGATE);
    expect(new Set(delivered.map((m) => m.envelope.messageId)).size).toBe(
      AGGREGATES * PER_AGGREGATE,
    );
    for (const aggregateId of aggregates) {
      const sequences = delivered
        .filter((m) => m.envelope.aggregateId === aggregateId)
        .map((m) => (m.envelope.data as { sequence: number }).sequence);
      expect(sequences).toEqual(Array.from({ length: PER_AGGREGATE }, (_, index) => index));
    }
    // Both relays did part of the work: the claims really ran side by side.
    const perRelay = relays.map(({ counted }) => counted.published);
    expect(perRelay.every((count) => count > 0)).toBe(true);
    expect(perRelay.reduce((sum, count) => sum + count, 0)).toBe(AGGREGATES * PER_AGGREGATE);
  }, 60_000);
});
