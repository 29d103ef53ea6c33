import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { DataSource, type DataSourceOptions } from 'typeorm';
import {
  createEnvelope,
  deadLetterQueueName,
  retryQueueName,
  type MessageEnvelope,
} from '@pattern-shop/contracts';
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
import { PermanentMessageError } from './retry-policy.js';
import { declareSubscriberTopology } from './subscriber-topology.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? 'amqp://shop:shop_dev@127.0.0.1:5672';
const MANAGEMENT_API = process.env['TEST_RABBITMQ_MANAGEMENT_URL'] ?? 'http://127.0.0.1:15672/api';
const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ??
  'postgres://pattern_shop_test:pattern_shop_test_dev@127.0.0.1:5432/pattern_shop_test';
const run = randomBytes(4).toString('hex');
/** Short retry delays keep the tests fast; the second is longer, so the backoff shows. */
const FAST_RETRIES = { retryDelaysMs: [100, 300], maxAttempts: 3 } as const;
/** Every retry queue a test may declare, the defaults included: all are deleted after each test. */
const RETRY_DELAYS_DECLARED = [100, 300, 1_000, 10_000, 60_000];
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
    error: (fields: object, message: string) => logs.push({ fields, message }),
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
    for (const delay of RETRY_DELAYS_DECLARED) {
      await channel.deleteQueue(retryQueueName(names.queue, delay));
    }
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

  const takeWhenThere = (queue: string) =>
    waitFor(`a message in ${queue}`, async () => {
      const taken = await takeAll(queue);
      return taken.length > 0 ? taken : undefined;
    });

  const readyCounts = async (queues: string[]) =>
    Promise.all(queues.map(async (queue) => (await inspect.checkQueue(queue)).messageCount));

  const retryQueues = () =>
    FAST_RETRIES.retryDelaysMs.map((delay) => retryQueueName(names.queue, delay));

  it('given a handler that always throws, when a message fails, then it is tried the bounded number of times, records nothing, lands in the DLQ with why, and the next one is handled', async () => {
    const connection = await startConnection();
    const outcomes: InboxOutcome[] = [];
    const applyOrFail = inboxHandler('consumer', outcomes);
    const failures: Array<{ attempts: unknown; routingKey: string }> = [];
    await startSubscriber(
      connection,
      async (message, delivery) => {
        if ((message.data as { fail?: boolean }).fail === true) {
          failures.push({
            attempts: delivery.headers['x-attempts'],
            routingKey: delivery.routingKey,
          });
          await handleOnce(dataSource, names.consumer, message.messageId, async (manager) => {
            await manager.query('INSERT INTO effects VALUES ($1, $2)', [message.messageId, 'half']);
            throw new Error('payment provider exploded');
          });
        }
        await applyOrFail(message);
      },
      { service: 'email', prefetch: 1, ...FAST_RETRIES },
    );
    const failing = envelope({ fail: true });
    const next = envelope();

    publish(failing, 'order.placed');
    publish(next);
    const deadLetters = await takeWhenThere(names.dlq);

    expect(failures).toEqual([
      { attempts: undefined, routingKey: 'order.placed' },
      { attempts: '1', routingKey: 'order.placed' },
      { attempts: '2', routingKey: 'order.placed' },
    ]);
    expect(outcomes).toEqual(['applied']); // the next message did not wait behind the retries
    expect(await effectsOf(next.messageId)).toEqual(['consumer']);
    expect(await effectsOf(failing.messageId)).toEqual([]);
    const recorded = await dataSource.query(
      'SELECT 1 FROM processed_messages WHERE message_id = $1',
      [failing.messageId],
    );
    expect(recorded).toEqual([]);
    expect(deadLetters.map((m) => JSON.parse(m.content.toString()))).toEqual([failing]);
    const headers = deadLetters[0]?.properties.headers;
    expect(headers).toMatchObject({
      'x-error-reason': 'payment provider exploded',
      'x-service': 'email',
      'x-attempts': '3',
      'x-original-queue': names.queue,
      'x-original-exchange': names.exchange,
      'x-original-routing-key': 'order.placed',
    });
    expect(String(headers?.['x-error-stack'])).toContain('payment provider exploded');
    const firstFailedAt = Date.parse(String(headers?.['x-first-failed-at']));
    const failedAt = Date.parse(String(headers?.['x-failed-at']));
    expect(failedAt - firstFailedAt).toBeGreaterThanOrEqual(80 + 240); // both retry waits
    expect(await readyCounts([names.queue, ...retryQueues()])).toEqual([0, 0, 0]);
  });

  it('given a handler that fails twice and then succeeds, then it is retried with growing delays and applied once', async () => {
    const connection = await startConnection();
    const outcomes: InboxOutcome[] = [];
    const apply = inboxHandler('consumer', outcomes);
    const calls: Array<{ at: number; attempts: unknown }> = [];
    await startSubscriber(
      connection,
      async (message, delivery) => {
        calls.push({ at: performance.now(), attempts: delivery.headers['x-attempts'] });
        if (calls.length <= 2) throw new Error(`flaky dependency, call ${calls.length}`);
        await apply(message);
      },
      FAST_RETRIES,
    );
    const message = envelope();

    publish(message);
    await waitFor('the message applied', async () => outcomes[0]);

    expect(calls.map((call) => call.attempts)).toEqual([undefined, '1', '2']);
    const [first, second, third] = calls.map((call) => call.at);
    const gaps = [Number(second) - Number(first), Number(third) - Number(second)];
    expect(gaps[0]).toBeGreaterThanOrEqual(80); // 100 ms less at most 20 % jitter
    expect(gaps[1]).toBeGreaterThanOrEqual(240); // 300 ms less at most 20 % jitter
    expect(gaps[1]).toBeGreaterThan(Number(gaps[0]));
    expect(outcomes).toEqual(['applied']);
    expect(await effectsOf(message.messageId)).toEqual(['consumer']);
    expect(await readyCounts([names.queue, names.dlq, ...retryQueues()])).toEqual([0, 0, 0, 0]);
  });

  it('given a handler that throws a PermanentMessageError, then the message goes to the DLQ at once without retries', async () => {
    const connection = await startConnection();
    const calls: string[] = [];
    await startSubscriber(
      connection,
      async (message) => {
        calls.push(message.messageId);
        throw new PermanentMessageError('order refers to a product that never existed');
      },
      FAST_RETRIES,
    );
    const message = envelope();

    publish(message);
    const deadLetters = await takeWhenThere(names.dlq);

    expect(calls).toEqual([message.messageId]);
    expect(deadLetters[0]?.properties.headers).toMatchObject({
      'x-error-reason': 'order refers to a product that never existed',
      'x-attempts': '1',
    });
    expect(await readyCounts([names.queue, ...retryQueues()])).toEqual([0, 0, 0]);
  });

  it('given a message that crashed consumers up to the limit, when it is delivered again, then it is parked in the DLQ without running the handler', async () => {
    const { exchange, queue } = names;
    const topology = { exchange, queue, routingKeys: ['order.*'], retryDelaysMs: [100, 300] };
    await declareSubscriberTopology(inspect, topology);
    const message = envelope();
    publish(message);
    // Each nack with requeue stands for a consumer that died holding the message.
    const crashLimit = 3;
    for (let crash = 0; crash < crashLimit; crash++) {
      const delivery = await waitFor(
        'the message back in the queue',
        async () => (await inspect.get(queue, { noAck: false })) || undefined,
      );
      inspect.nack(delivery, false, true);
    }
    const handled: string[] = [];
    const connection = await startConnection();

    await startSubscriber(connection, async (m) => void handled.push(m.messageId), {
      ...FAST_RETRIES,
      crashLimit,
    });
    const deadLetters = await takeWhenThere(names.dlq);

    expect(handled).toEqual([]);
    expect(deadLetters.map((m) => JSON.parse(m.content.toString()))).toEqual([message]);
    expect(deadLetters[0]?.properties.headers).toMatchObject({
      'x-error-reason': `crashed the consumer ${crashLimit} times`,
      'x-attempts': '1',
      'x-original-routing-key': 'order.noted',
    });
    expect(await readyCounts([names.queue])).toEqual([0]);
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
