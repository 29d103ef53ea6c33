import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { DataSource } from 'typeorm';
import { createKafkaClient, IdempotentProducer } from '@pattern-shop/messaging-kafka';
import { ConfirmingPublisher, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import { Registry } from '@pattern-shop/observability';
import {
  LOCAL_INFRA,
  startSwitchableTcpProxy,
  waitFor,
  type SwitchableTcpProxy,
} from '@pattern-shop/testing';
import { kafkaOutboxPublisher, rabbitMqOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay } from './outbox-relay.js';
import * as kit from './testing/outbox-test-kit.js';

const sequenceOf = (envelope: { data: unknown }) =>
  (envelope.data as { sequence: number }).sequence;

describe('outbox relay while a broker is unreachable (real servers, cut TCP)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;
  let proxy: SwitchableTcpProxy;
  let connection: RabbitConnection;
  let confirming: ConfirmingPublisher;
  let listener: Awaited<ReturnType<typeof kit.listenOnTestExchange>>;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('outage');
    dataSource = db.dataSource;
    proxy = await startSwitchableTcpProxy(Number(new URL(LOCAL_INFRA.rabbitmqUrl).port || 5672));
    const viaProxy = new URL(LOCAL_INFRA.rabbitmqUrl);
    viaProxy.port = String(proxy.port);
    connection = new RabbitConnection({
      url: viaProxy.toString(),
      connectionName: 'outbox-outage-spec',
      maxReconnectDelayMs: 300,
    });
    await connection.start();
    await waitFor('RabbitMQ connection through the proxy', async () =>
      connection.isConnected ? true : undefined,
    );
    confirming = new ConfirmingPublisher(connection);
    listener = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'outage');
  });

  afterAll(async () => {
    await listener?.close();
    await confirming?.close();
    await connection?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('given RabbitMQ cut off while rows are appended, then they stay pending with attempts, error and metrics; once it is back, then every row is published in per-aggregate order', async () => {
    const metrics = new Registry();
    const relay = new OutboxRelay({
      dataSource,
      publishers: { rabbitmq: rabbitMqOutboxPublisher(confirming, 'outbox-outage-spec') },
      logger: kit.quietLogger(),
      metrics,
      pollIntervalMs: 20,
      retryDelay: { baseMs: 50, maxMs: 200 },
      probeDelay: { baseMs: 50, maxMs: 200 },
    });
    relay.start();
    proxy.cut();
    await waitFor('the connection to notice', async () =>
      connection.isConnected ? undefined : true,
    );
    const aggregates = Array.from({ length: 5 }, () => `order-${kit.uniqueSuffix()}`);
    const appended = [];
    for (let sequence = 0; sequence < 4; sequence++) {
      for (const aggregateId of aggregates) {
        const envelope = kit.testEnvelope(aggregateId, sequence);
        appended.push(envelope);
        await kit.appendCommitted(dataSource, [
          { destination: 'rabbitmq', exchange: listener.exchange, routingKey: 'outage', envelope },
        ]);
      }
    }

    const failed = await waitFor('a failed attempt recorded', async () => {
      const rows = await kit.outboxRows(dataSource);
      return rows.find((row) => row.attempts > 0);
    });
    expect(failed.last_error).toMatch(/RabbitMQ not connected/);
    const rows = await kit.outboxRows(dataSource);
    expect(rows.every((row) => row.published_at === null)).toBe(true);
    const value = async (name: string) =>
      (await metrics.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
    expect(await value('outbox_pending_rows')).toBe(appended.length);
    expect(await value('outbox_oldest_pending_age_seconds')).toBeGreaterThan(0);
    expect(await value('outbox_publish_failures_total')).toBeGreaterThan(0);

    proxy.restore();
    await waitFor(
      'every row published',
      async () =>
        (await kit.outboxRows(dataSource)).every((row) => row.published_at !== null)
          ? true
          : undefined,
      { timeoutMs: 30_000 },
    );
    await relay.stop();
    await waitFor('every message delivered', async () =>
      listener.received.length >= appended.length ? true : undefined,
    );
    for (const aggregateId of aggregates) {
      const sequences = listener.received
        .filter((m) => m.envelope.aggregateId === aggregateId)
        .map((m) => sequenceOf(m.envelope));
      expect(sequences).toEqual([0, 1, 2, 3]);
    }
    expect(await value('outbox_pending_rows')).toBe(0);
  }, 60_000);

  it('given rows waiting out a long backoff after an outage, when the broker is back, then the whole backlog is retried at once', async () => {
    const relay = new OutboxRelay({
      dataSource,
      publishers: { rabbitmq: rabbitMqOutboxPublisher(confirming, 'outbox-outage-spec') },
      logger: kit.quietLogger(),
      metrics: new Registry(),
      pollIntervalMs: 20,
      retryDelay: { baseMs: 600_000, maxMs: 600_000 },
      probeDelay: { baseMs: 50, maxMs: 200 },
    });
    proxy.cut();
    await waitFor('the connection to notice', async () =>
      connection.isConnected ? undefined : true,
    );
    const waiting = [0, 1, 2].map((n) => kit.testEnvelope(`order-${n}-${kit.uniqueSuffix()}`));
    const toListenerOf = (envelope: (typeof waiting)[number]) =>
      ({
        destination: 'rabbitmq',
        exchange: listener.exchange,
        routingKey: 'backlog',
        envelope,
      }) as const;
    await kit.appendCommitted(dataSource, waiting.map(toListenerOf));
    const ids = waiting.map((envelope) => envelope.messageId);
    relay.start();
    try {
      await waitFor('every waiting row to fail once', async () => {
        const rows = (await kit.outboxRows(dataSource)).filter((row) =>
          ids.includes(row.message_id),
        );
        return rows.every((row) => row.attempts > 0) ? true : undefined;
      });
      const [{ later }] = await dataSource.query(
        `SELECT count(*)::int AS later FROM outbox
         WHERE message_id = ANY($1::uuid[]) AND next_attempt_at > now() + interval '1 minute'`,
        [ids],
      );
      expect(later).toBeGreaterThan(0); // without the broker's return these would wait minutes

      proxy.restore();
      await waitFor('the connection back', async () => (connection.isConnected ? true : undefined));
      // A new row is due at once: the relay's probe publishes it and learns the broker is back.
      const probe = kit.testEnvelope(`order-probe-${kit.uniqueSuffix()}`);
      await kit.appendCommitted(dataSource, [toListenerOf(probe)]);
      await waitFor(
        'the backlog published',
        async () => {
          const rows = (await kit.outboxRows(dataSource)).filter((row) =>
            ids.includes(row.message_id),
          );
          return rows.every((row) => row.published_at !== null) ? true : undefined;
        },
        { timeoutMs: 15_000 },
      );
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it('given Kafka unreachable, when events go to both brokers, then the RabbitMQ copies still flow and the Kafka rows wait with the reason', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const deadKafka = createKafkaClient({
      clientId: 'outbox-outage-spec',
      brokers: [`127.0.0.1:${closedPort}`],
      login: LOCAL_INFRA.kafkaOperatorSasl,
      logger: kit.quietLogger(),
    });
    const producer = new IdempotentProducer(deadKafka);
    proxy.restore();
    await waitFor('RabbitMQ connection', async () => (connection.isConnected ? true : undefined));
    const relay = new OutboxRelay({
      dataSource,
      publishers: {
        rabbitmq: rabbitMqOutboxPublisher(confirming, 'outbox-outage-spec'),
        kafka: kafkaOutboxPublisher(producer),
      },
      logger: kit.quietLogger(),
      metrics: new Registry(),
    });
    const envelope = kit.testEnvelope(`order-${kit.uniqueSuffix()}`);
    await kit.appendCommitted(dataSource, [
      {
        destination: 'kafka',
        topic: 'test.outbox.unreachable',
        key: envelope.aggregateId,
        envelope,
      },
      { destination: 'rabbitmq', exchange: listener.exchange, routingKey: 'both', envelope },
    ]);

    try {
      expect(await relay.runOnce()).toBe(1);
    } finally {
      await producer.close();
    }

    const mine = (await kit.outboxRows(dataSource)).filter(
      (row) => row.message_id === envelope.messageId,
    );
    expect(mine.find((row) => row.destination === 'rabbitmq')?.published_at).toBeInstanceOf(Date);
    expect(mine.find((row) => row.destination === 'kafka')).toMatchObject({
      published_at: null,
      attempts: 1,
    });
    expect(mine.find((row) => row.destination === 'kafka')?.last_error).toMatch(
      /connect|ECONNREFUSED/i,
    );
  }, 60_000);
});
