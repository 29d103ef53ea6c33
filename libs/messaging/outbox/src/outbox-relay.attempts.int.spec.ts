import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'amqplib';
import type { DataSource } from 'typeorm';
import { ConfirmingPublisher, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import { Registry } from '@pattern-shop/observability';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { commandTo } from './outbox-message.js';
import { retryParkedOutboxRows } from './outbox-maintenance.js';
import { rabbitMqOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay } from './outbox-relay.js';
import * as kit from './testing/outbox-test-kit.js';

const MAX_ATTEMPTS = 3;

describe('outbox relay: failed rows, bounded attempts, per-aggregate order (real servers)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;
  let connection: RabbitConnection;
  let confirming: ConfirmingPublisher;
  let listener: Awaited<ReturnType<typeof kit.listenOnTestExchange>>;

  const newRelay = (metrics = new Registry()) =>
    new OutboxRelay({
      dataSource,
      publishers: { rabbitmq: rabbitMqOutboxPublisher(confirming, 'outbox-int-spec') },
      logger: kit.quietLogger(),
      metrics,
      maxAttempts: MAX_ATTEMPTS,
      retryDelay: { baseMs: 1, maxMs: 1 },
      probeDelay: { baseMs: 1, maxMs: 1 },
    });
  const rowsOf = async (aggregateId: string) =>
    (await kit.outboxRows(dataSource)).filter((row) => row.aggregate_id === aggregateId);
  const gauge = async (registry: Registry, name: string) =>
    (await registry.getSingleMetric(name)?.get())?.values[0]?.value;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('attempts');
    dataSource = db.dataSource;
    connection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: 'outbox-attempts-spec',
    });
    await connection.start();
    await waitFor('RabbitMQ connection', async () => (connection.isConnected ? true : undefined));
    confirming = new ConfirmingPublisher(connection);
    listener = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'attempts');
  });

  afterAll(async () => {
    await listener?.close();
    await confirming?.close();
    await connection?.close();
    await db?.drop();
  });

  it('given a row whose exchange does not exist, when it has failed maxAttempts times, then it is no longer tried, is counted, blocks only its own aggregate, and publishes in order once a person retries it', async () => {
    const missingExchange = `test.outbox.missing.${kit.uniqueSuffix()}`;
    const blocked = `order-${kit.uniqueSuffix()}`;
    const flowing = `order-${kit.uniqueSuffix()}`;
    const first = kit.testEnvelope(blocked, 0);
    await kit.appendCommitted(dataSource, [
      { destination: 'rabbitmq', exchange: missingExchange, routingKey: 'x', envelope: first },
    ]);
    const second = kit.testEnvelope(blocked, 1);
    const other = kit.testEnvelope(flowing, 0);
    await kit.appendCommitted(dataSource, [
      {
        destination: 'rabbitmq',
        exchange: listener.exchange,
        routingKey: 'second',
        envelope: second,
      },
      {
        destination: 'rabbitmq',
        exchange: listener.exchange,
        routingKey: 'other',
        envelope: other,
      },
    ]);
    const metrics = new Registry();
    const relay = newRelay(metrics);

    await waitFor('the first row to use up its attempts', async () => {
      await relay.runOnce();
      const [head] = await rowsOf(blocked);
      return head !== undefined && head.attempts >= MAX_ATTEMPTS ? head : undefined;
    });
    await relay.runOnce(); // no longer tried
    const [head, behind] = await rowsOf(blocked);
    expect(head).toMatchObject({ attempts: MAX_ATTEMPTS, published_at: null });
    expect(head?.last_error).toMatch(/NOT_FOUND - no exchange/);
    expect(behind).toMatchObject({ attempts: 0, published_at: null }); // never overtakes the head
    // The missing exchange never closed the channel under its neighbour: it was never refused.
    expect((await rowsOf(flowing))[0]).toMatchObject({
      attempts: 0,
      published_at: expect.any(Date),
    });
    expect(await gauge(metrics, 'outbox_rows_over_attempt_limit')).toBe(1);
    expect(await gauge(metrics, 'outbox_pending_rows')).toBe(2);

    const model = await connect(LOCAL_INFRA.rabbitmqUrl);
    const channel = await model.createChannel();
    await channel.assertExchange(missingExchange, 'topic', { durable: false });
    await channel.bindExchange(listener.exchange, missingExchange, '#'); // the fix: now it routes
    try {
      expect(await retryParkedOutboxRows(dataSource, MAX_ATTEMPTS)).toBe(1);
      await waitFor('the blocked aggregate to drain', async () => {
        await relay.runOnce();
        return (await rowsOf(blocked)).every((row) => row.published_at !== null) ? true : undefined;
      });
      const order = () =>
        listener.received
          .filter((m) => m.envelope.aggregateId === blocked)
          .map((m) => m.envelope.messageId);
      await waitFor('both messages delivered', async () =>
        order().length === 2 ? true : undefined,
      );
      expect(order()).toEqual([first.messageId, second.messageId]);
    } finally {
      await channel.deleteExchange(missingExchange);
      await model.close();
    }
  });

  it('given a command for a queue nobody declared yet, when relayed, then it stays pending as unroutable; once the queue exists, then it is delivered', async () => {
    const queue = `test.outbox.commands.${kit.uniqueSuffix()}`;
    const command = commandTo(queue, kit.testEnvelope(`order-${kit.uniqueSuffix()}`));
    const exchange = `test.outbox.command-exchange.${kit.uniqueSuffix()}`;
    await kit.appendCommitted(dataSource, [{ ...command, exchange }]);
    const model = await connect(LOCAL_INFRA.rabbitmqUrl);
    const channel = await model.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: false });
    const relay = newRelay();
    try {
      await relay.runOnce();
      const [row] = await rowsOf(command.envelope.aggregateId);
      expect(row).toMatchObject({ published_at: null, attempts: 1 });
      expect(row?.last_error).toMatch(/unroutable/);

      await channel.assertQueue(queue, { exclusive: true });
      await channel.bindQueue(queue, exchange, queue);
      const delivered = await waitFor('the command on its queue', async () => {
        await relay.runOnce();
        const message = await channel.get(queue, { noAck: true });
        return message === false ? undefined : message;
      });
      expect(delivered.properties.messageId).toBe(command.envelope.messageId);
    } finally {
      await channel.deleteExchange(exchange);
      await model.close();
    }
  });
});
