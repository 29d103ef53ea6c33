import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ConfirmingPublisher, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import { Registry } from '@pattern-shop/observability';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { rabbitMqOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay } from './outbox-relay.js';
import * as kit from './testing/outbox-test-kit.js';

describe('outbox relay at rest (real PostgreSQL and RabbitMQ)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;
  let connection: RabbitConnection;
  let confirming: ConfirmingPublisher;
  let listener: Awaited<ReturnType<typeof kit.listenOnTestExchange>>;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('idle');
    dataSource = db.dataSource;
    connection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: 'idle-spec',
    });
    await connection.start();
    await waitFor('RabbitMQ connection', async () => (connection.isConnected ? true : undefined));
    confirming = new ConfirmingPublisher(connection);
    listener = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'idle');
  });

  afterAll(async () => {
    await listener?.close();
    await confirming?.close();
    await connection?.close();
    await db?.drop();
  });

  it('given an idle relay whose polls have backed off to seconds, when a row commits, then the notification wakes it long before its next poll', async () => {
    const metrics = new Registry();
    const relay = new OutboxRelay({
      dataSource,
      publishers: { rabbitmq: rabbitMqOutboxPublisher(confirming, 'idle-spec') },
      logger: kit.quietLogger(),
      metrics,
      loops: 1,
      pollIntervalMs: 1,
      idlePollMaxMs: 60_000,
    });
    const pauseSeconds = async () =>
      (await metrics.getSingleMetric('outbox_relay_idle_pause_seconds')?.get())?.values[0]?.value ??
      0;
    relay.start();
    try {
      // Doubling from 1 ms, the pause passes 4 s about 4 s in; it then has that long still to run.
      await waitFor(
        'the relay to back off to a pause of 4 s',
        async () => ((await pauseSeconds()) >= 4 ? true : undefined),
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      const message = {
        destination: 'rabbitmq',
        exchange: listener.exchange,
        routingKey: 'outbox.tested.idle',
        envelope: kit.testEnvelope(`order-${kit.uniqueSuffix()}`),
      } as const;
      await kit.appendCommitted(dataSource, [message]);

      await waitFor(
        'the message, well before the backed-off poll',
        async () =>
          listener.received.some((m) => m.envelope.messageId === message.envelope.messageId)
            ? true
            : undefined,
        { timeoutMs: 2_000, intervalMs: 20 },
      );
      expect(await pauseSeconds()).toBeLessThan(4);
    } finally {
      await relay.stop();
    }
  });
});
