import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createEnvelope, deadLetterQueueName, type MessageEnvelope } from '@pattern-shop/contracts';
import {
  handleOnce,
  InboxMigrations,
  validateAgainstCatalogue,
  type InboxOutcome,
} from '@pattern-shop/messaging-inbox';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { startTcpProxy, waitFor } from '@pattern-shop/testing';
import { RabbitConnection } from './rabbit-connection.js';
import { subscribe, type DeliveryInfo, type SubscriptionOptions } from './rabbit-subscriber.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? 'amqp://shop:shop_dev@127.0.0.1:5672';
const MANAGEMENT_API = process.env['TEST_RABBITMQ_MANAGEMENT_URL'] ?? 'http://127.0.0.1:15672/api';
const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ??
  'postgres://pattern_shop_test:pattern_shop_test_dev@127.0.0.1:5432/pattern_shop_test';
const run = randomBytes(4).toString('hex');
const schema = `rabbit_subscriber_spec_${run}`;

const deferred = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

describe('RabbitMQ subscriber with the inbox, on the real RabbitMQ and PostgreSQL', () => {
  let admin: DataSource;
  let dataSource: DataSource;
  let broker: ChannelModel;
  let inspect: Channel;
  let cleanups: Array<() => Promise<unknown>> = [];
  let names: { exchange: string; queue: string; dlq: string; consumer: string };
  const logs: Array<{ message: string; fields: object }> = [];
  const logger = {
    info: (fields: object, message: string) => logs.push({ fields, message }),
    warn: (fields: object, message: string) => logs.push({ fields, message }),
  };

  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const options = dataSourceOptions({
      url: TEST_DATABASE_URL,
      applicationName: 'rabbit-subscriber-int-spec',
      migrations: InboxMigrations,
    });
    dataSource = await new DataSource({
      ...options,
      extra: { ...options.extra, options: `-c search_path=${schema}` },
    } as DataSourceOptions).initialize();
    await dataSource.query('CREATE TABLE effects (message_id text NOT NULL, applied_by text)');
    broker = await connect(RABBITMQ_URL);
    inspect = await broker.createChannel();
  });

  beforeEach(() => {
    const id = `${run}.${randomBytes(3).toString('hex')}`;
    const queue = `inbox-spec.${id}`;
    names = {
      exchange: `inbox-spec.${id}`,
      queue,
      dlq: deadLetterQueueName(queue),
      consumer: queue,
    };
    cleanups = [];
    logs.length = 0;
  });

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    const channel = await broker.createChannel();
    await channel.deleteQueue(names.queue);
    await channel.deleteQueue(names.dlq);
    await channel.deleteExchange(names.exchange);
    await channel.close();
  });

  afterAll(async () => {
    await broker?.close();
    await dataSource?.destroy();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.destroy();
  });

  const startConnection = async (
    url = RABBITMQ_URL,
    connectionName = `inbox-spec-${randomUUID()}`,
  ) => {
    const connection = new RabbitConnection({ url, connectionName, logger });
    await connection.start();
    cleanups.push(() => connection.close());
    await waitFor('the RabbitMQ connection', async () => connection.isConnected || undefined);
    return connection;
  };

  const startSubscriber = async (
    connection: RabbitConnection,
    handle: SubscriptionOptions['handle'],
    options: Partial<SubscriptionOptions> = {},
  ) => {
    const { exchange, queue } = names;
    const subscription = await subscribe(connection, {
      exchange,
      queue,
      routingKeys: ['order.*'],
      handle,
      logger,
      ...options,
    });
    cleanups.push(() => subscription.close());
    return subscription;
  };

  /** A handler that applies each message through the inbox and remembers what happened. */
  const inboxHandler =
    (appliedBy: string, outcomes: InboxOutcome[]) => async (envelope: MessageEnvelope) => {
      outcomes.push(
        await handleOnce(dataSource, names.consumer, envelope.messageId, (manager) =>
          manager.query('INSERT INTO effects VALUES ($1, $2)', [envelope.messageId, appliedBy]),
        ),
      );
    };

  const envelope = (data: unknown = { note: 'hello' }, type = 'OrderNoted') =>
    createEnvelope({
      messageId: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date(),
      correlationId: `corr-${run}`,
      causationId: `corr-${run}`,
      aggregateId: randomUUID(),
      data,
    });

  const publish = (body: unknown, routingKey = 'order.noted') =>
    inspect.publish(
      names.exchange,
      routingKey,
      Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      { persistent: true },
    );

  const effectsOf = async (messageId: string): Promise<string[]> =>
    (
      await dataSource.query('SELECT applied_by FROM effects WHERE message_id = $1', [messageId])
    ).map((row: { applied_by: string }) => row.applied_by);

  const takeAll = async (queue: string): Promise<GetMessage[]> => {
    const taken: GetMessage[] = [];
    for (
      let message = await inspect.get(queue, { noAck: true });
      message !== false;
      message = await inspect.get(queue, { noAck: true })
    ) {
      taken.push(message);
    }
    return taken;
  };

  it('given an inbox consumer, when the same message is delivered twice, then it has one effect and both deliveries are acked', async () => {
    const connection = await startConnection();
    const outcomes: InboxOutcome[] = [];
    const subscription = await startSubscriber(connection, inboxHandler('consumer', outcomes));
    const message = envelope();

    publish(message);
    publish(message);
    await waitFor('both deliveries handled', async () =>
      outcomes.length === 2 ? true : undefined,
    );

    expect([...outcomes].sort()).toEqual(['applied', 'duplicate']);
    expect(await effectsOf(message.messageId)).toEqual(['consumer']);
    await subscription.close(); // an unacked delivery would go back to the queue here
    expect(await takeAll(names.queue)).toEqual([]);
    expect(await takeAll(names.dlq)).toEqual([]);
  });

  it('given a handler that throws, when a message fails, then nothing is recorded, it lands in the DLQ with the reason, and the next one is handled', async () => {
    const connection = await startConnection();
    const outcomes: InboxOutcome[] = [];
    const applyOrFail = inboxHandler('consumer', outcomes);
    await startSubscriber(
      connection,
      async (message) => {
        if ((message.data as { fail?: boolean }).fail === true) {
          await handleOnce(dataSource, names.consumer, message.messageId, async (manager) => {
            await manager.query('INSERT INTO effects VALUES ($1, $2)', [message.messageId, 'half']);
            throw new Error('payment provider exploded');
          });
        }
        await applyOrFail(message);
      },
      { service: 'email', prefetch: 1 },
    );
    const failing = envelope({ fail: true });
    const next = envelope();

    publish(failing, 'order.placed');
    publish(next);
    await waitFor('the next message handled', async () =>
      outcomes.length === 1 ? true : undefined,
    );

    expect(await effectsOf(next.messageId)).toEqual(['consumer']);
    expect(await effectsOf(failing.messageId)).toEqual([]);
    const recorded = await dataSource.query(
      'SELECT 1 FROM processed_messages WHERE message_id = $1',
      [failing.messageId],
    );
    expect(recorded).toEqual([]);
    // prefetch 1: the dead letter was confirmed and acked before the next message came in
    const deadLetters = await takeAll(names.dlq);
    expect(deadLetters.map((m) => JSON.parse(m.content.toString()))).toEqual([failing]);
    const headers = deadLetters[0]?.properties.headers;
    expect(headers).toMatchObject({
      'x-error-reason': 'payment provider exploded',
      'x-service': 'email',
      'x-attempts': '1',
      'x-original-queue': names.queue,
      'x-original-routing-key': 'order.placed',
    });
    expect(String(headers?.['x-error-stack'])).toContain('payment provider exploded');
    expect(Date.parse(String(headers?.['x-failed-at']))).not.toBeNaN();
  });

  it('given malformed JSON, a body that is no envelope and a schema-invalid payload, then each lands in the DLQ with its reason and a valid message behind them is handled', async () => {
    const connection = await startConnection();
    const handled: string[] = [];
    await startSubscriber(connection, async (message) => void handled.push(message.messageId), {
      validate: validateAgainstCatalogue,
      prefetch: 1,
    });
    const order = {
      orderId: randomUUID(),
      customerId: 'customer-1',
      lines: [{ sku: 'MUG-001', quantity: 1, unitPriceCents: 1250 }],
      totalCents: 1250,
      currency: 'EUR',
      availabilityChecked: true,
      statusVersion: 1,
    };
    const valid = envelope(order, 'OrderPlaced');

    publish('{"messageId": "truncated');
    publish({ hello: 'world' });
    publish(envelope({ ...order, lines: [] }, 'OrderPlaced'));
    publish(valid);
    await waitFor('the valid message handled', async () => (handled.length > 0 ? true : undefined));

    expect(handled).toEqual([valid.messageId]);
    const deadLetters = await takeAll(names.dlq); // prefetch 1: all three settled before it
    expect(deadLetters.map((m) => String(m.properties.headers?.['x-error-reason']))).toEqual([
      expect.stringContaining('not JSON'),
      expect.stringMatching(/not an envelope[\s\S]*messageId/),
      expect.stringMatching(/OrderPlaced v1 data is invalid[\s\S]*lines/),
    ]);
  });

  const dyingConsumerScenario = async (firstConsumerEnds: 'commits' | 'rolls back') => {
    const proxy = await startTcpProxy(Number(new URL(RABBITMQ_URL).port));
    const viaProxy = new URL(RABBITMQ_URL);
    viaProxy.port = String(proxy.port);
    const doomed = await startConnection(viaProxy.toString());
    const healthy = await startConnection();
    const firstInside = deferred();
    const releaseFirst = deferred();
    await startSubscriber(doomed, async (message) => {
      await handleOnce(dataSource, names.consumer, message.messageId, async (manager) => {
        await manager.query('INSERT INTO effects VALUES ($1, $2)', [message.messageId, 'first']);
        firstInside.resolve();
        await releaseFirst.promise;
        if (firstConsumerEnds === 'rolls back') throw new Error('crashed before commit');
      });
    });
    const message = envelope();
    publish(message);
    await firstInside.promise;

    const secondOutcomes: InboxOutcome[] = [];
    const secondDeliveries: DeliveryInfo[] = [];
    const handleSecond = inboxHandler('second', secondOutcomes);
    const second = await startSubscriber(healthy, async (redelivered, delivery) => {
      secondDeliveries.push(delivery);
      await handleSecond(redelivered);
    });
    await proxy.cut(); // the first consumer's connection dies with the message unacked
    await waitFor('the redelivery to the second subscriber', async () => secondDeliveries[0]);
    expect(secondDeliveries[0]?.redelivered).toBe(true);
    releaseFirst.resolve();
    await waitFor('the second subscriber done', async () => secondOutcomes[0]);

    await second.close();
    expect(await takeAll(names.queue)).toEqual([]);
    return { outcome: secondOutcomes, effects: await effectsOf(message.messageId) };
  };

  it('given a consumer that dies before acking while its transaction commits, then another subscriber gets the message and finds it a duplicate', async () => {
    const { outcome, effects } = await dyingConsumerScenario('commits');
    expect(outcome).toEqual(['duplicate']);
    expect(effects).toEqual(['first']);
  });

  it('given a consumer that dies before acking and its transaction rolls back, then another subscriber applies the message once', async () => {
    const { outcome, effects } = await dyingConsumerScenario('rolls back');
    expect(outcome).toEqual(['applied']);
    expect(effects).toEqual(['second']);
  });

  it('given the broker closes the connection, when it is back, then the subscriber consumes again', async () => {
    const connectionName = `inbox-spec-${randomUUID()}`;
    const connection = await startConnection(RABBITMQ_URL, connectionName);
    const outcomes: InboxOutcome[] = [];
    await startSubscriber(connection, inboxHandler('consumer', outcomes));
    const auth = { authorization: `Basic ${Buffer.from('shop:shop_dev').toString('base64')}` };
    const brokerSideName = await waitFor('the connection in the management API', async () => {
      const response = await fetch(`${MANAGEMENT_API}/connections?columns=name,client_properties`, {
        headers: auth,
      });
      const all = (await response.json()) as Array<{
        name: string;
        client_properties: { connection_name?: string };
      }>;
      return all.find((c) => c.client_properties.connection_name === connectionName)?.name;
    });

    const closed = await fetch(
      `${MANAGEMENT_API}/connections/${encodeURIComponent(brokerSideName)}`,
      {
        method: 'DELETE',
        headers: { ...auth, 'x-reason': 'rabbit-subscriber.int.spec: forced close' },
      },
    );
    expect(closed.status).toBe(204);
    await waitFor(
      'the loss seen',
      async () => logs.some((l) => l.message === 'RabbitMQ connection lost') || undefined,
    );
    const message = envelope();
    publish(message);

    await waitFor('the message handled after reconnection', async () => outcomes[0], {
      timeoutMs: 15_000,
    });
    expect(outcomes).toEqual(['applied']);
    expect(await effectsOf(message.messageId)).toEqual(['consumer']);
  }, 30_000);

  it('given a connection still being made, when subscribing, then it resolves at once and consumes once connected', async () => {
    const connection = new RabbitConnection({
      url: RABBITMQ_URL,
      connectionName: `inbox-spec-${randomUUID()}`,
      logger,
    });
    await connection.start(); // connects in the background
    cleanups.push(() => connection.close());
    expect(connection.isConnected).toBe(false);
    const outcomes: InboxOutcome[] = [];
    await startSubscriber(connection, inboxHandler('consumer', outcomes));

    await waitFor('the queue declared on connect', async () => {
      const probe = await broker.createChannel(); // a missing queue closes the channel asking
      probe.on('error', () => undefined);
      return probe.checkQueue(names.queue).finally(() => probe.close().catch(() => undefined));
    });
    const message = envelope();
    publish(message);
    await waitFor('the message handled', async () => outcomes[0]);
    expect(await effectsOf(message.messageId)).toEqual(['consumer']);
  });

  it('given a handler still running, when the subscription closes, then it waits for it and acks before closing the channel', async () => {
    const connection = await startConnection();
    const inside = deferred();
    const release = deferred();
    const outcomes: InboxOutcome[] = [];
    const apply = inboxHandler('consumer', outcomes);
    const subscription = await startSubscriber(connection, async (message) => {
      inside.resolve();
      await release.promise;
      await apply(message);
    });
    publish(envelope());
    await inside.promise;

    const closing = subscription.close();
    release.resolve();
    await closing;
    expect(outcomes).toEqual(['applied']);
    expect(await takeAll(names.queue)).toEqual([]);
  });
});
