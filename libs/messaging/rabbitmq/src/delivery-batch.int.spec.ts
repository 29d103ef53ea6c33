import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { deadLetterQueueName, type MessageEnvelope } from '@pattern-shop/contracts';
import { handleOnce, InboxMigrations } from '@pattern-shop/messaging-inbox';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { emptyOrderConfirmed, waitFor } from '@pattern-shop/testing';
import { RabbitConnection } from './rabbit-connection.js';
import { subscribe, type SubscriptionOptions } from './rabbit-subscriber.js';
import { PermanentMessageError } from './retry-policy.js';
import { declareSubscriberTopology } from './subscriber-topology.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? 'amqp://shop:shop_dev@127.0.0.1:5672';
const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ??
  'postgres://pattern_shop_test:pattern_shop_test_dev@127.0.0.1:5432/pattern_shop_test';
const run = randomBytes(4).toString('hex');
const schema = `inbox_batch_spec_${run}`;
const queue = `inbox-batch-spec.${run}`;
const exchange = queue;
/** Four deliveries wait in the queue before consuming starts, so they form one batch. */
const BATCH = { maxMessages: 4, maxWaitMs: 500 } as const;

describe('inbox batches on the real RabbitMQ and PostgreSQL', () => {
  let admin: DataSource;
  let broker: ChannelModel;
  const cleanups: Array<() => Promise<unknown>> = [];
  const logged: string[] = [];
  const log = (_fields: object, message: string) => void logged.push(message);
  const logger = { info: log, warn: log, error: log };

  const openDatabase = async (applicationName: string) => {
    const options = dataSourceOptions({
      url: TEST_DATABASE_URL,
      applicationName,
      migrations: InboxMigrations,
    });
    const dataSource = await new DataSource({
      ...options,
      extra: { ...options.extra, options: `-c search_path=${schema}` },
    } as DataSourceOptions).initialize();
    cleanups.push(() => dataSource.destroy());
    return dataSource;
  };

  /** A consumer whose handler records an effect through the inbox, as every service's does. */
  const startConsumer = async (
    dataSource: DataSource,
    effect: (envelope: MessageEnvelope) => Promise<void> = async () => undefined,
    drainTimeoutMs = 5_000,
  ) => {
    const connection = new RabbitConnection({
      url: RABBITMQ_URL,
      connectionName: `batch-spec-${randomUUID()}`,
    });
    await connection.start();
    cleanups.push(() => connection.close());
    const handle: SubscriptionOptions['handle'] = (envelope) =>
      handleOnce(dataSource, queue, envelope.messageId, async (tx) => {
        await tx.query('INSERT INTO effects VALUES ($1)', [envelope.messageId]);
        await effect(envelope);
      }).then(() => undefined);
    const options = { queue, exchange, routingKeys: ['order.*'], prefetch: 8, inboxBatch: BATCH };
    const subscription = await subscribe(connection, {
      ...options,
      handle,
      logger,
      maxAttempts: 1,
      drainTimeoutMs,
    });
    cleanups.push(() => subscription.close());
    return connection;
  };

  const publish = async (count: number, copies: readonly string[] = []): Promise<string[]> => {
    const channel = await broker.createConfirmChannel();
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const messageId of [...ids, ...copies]) {
      const envelope = emptyOrderConfirmed(messageId);
      channel.publish(exchange, 'order.confirmed', Buffer.from(JSON.stringify(envelope)), {
        messageId,
        persistent: true,
      });
    }
    await channel.waitForConfirms();
    await channel.close();
    return ids;
  };

  const effectCounts = async (ids: readonly string[]): Promise<number[]> => {
    const rows: Array<{ id: string; n: number }> = await admin.query(
      `SELECT id, (SELECT count(*)::int FROM ${schema}.effects WHERE message_id = id) AS n
       FROM unnest($1::text[]) AS id`,
      [ids],
    );
    return ids.map((id) => rows.find((row) => row.id === id)?.n ?? 0);
  };

  const queueDepth = async (name: string) => {
    const channel = await broker.createChannel();
    const { messageCount } = await channel.checkQueue(name);
    await channel.close();
    return messageCount;
  };

  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const setup = await openDatabase('inbox-batch-spec-setup'); // runs the inbox migration
    await setup.query('CREATE TABLE effects (message_id text NOT NULL)');
    broker = await connect(RABBITMQ_URL);
    const channel = await broker.createChannel();
    await declareSubscriberTopology(channel, {
      queue,
      exchange,
      routingKeys: ['order.*'],
      retryDelaysMs: [],
    });
    await channel.close();
  });

  beforeEach(() => void (logged.length = 0));

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  afterAll(async () => {
    const channel = await broker.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(deadLetterQueueName(queue));
    await channel.deleteExchange(exchange);
    await broker.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.destroy();
  });

  it('given a batch where one message fails, when it is handled, then the batch rolls back and the others are applied exactly once', async () => {
    const ids = await publish(4);
    const poison = ids[1];
    const dataSource = await openDatabase('inbox-batch-spec');
    await startConsumer(dataSource, async (envelope) => {
      if (envelope.messageId === poison) throw new PermanentMessageError('no such order');
    });

    await waitFor('the poison message in the dead letters', async () =>
      (await queueDepth(deadLetterQueueName(queue))) === 1 ? true : undefined,
    );
    await waitFor('the queue drained', async () =>
      (await queueDepth(queue)) === 0 ? true : undefined,
    );

    expect(logged).toContain('inbox batch rolled back; handling its messages one by one');
    expect(await effectCounts(ids)).toEqual([1, 0, 1, 1]);
  });

  it('given a batch holding two copies of one message and one applied before, when handled, then each effect happens once', async () => {
    const dataSource = await openDatabase('inbox-batch-spec');
    const [earlier] = await publish(1);
    await startConsumer(dataSource);
    await waitFor('the earlier message applied', async () =>
      (await effectCounts([earlier ?? ''])).join() === '1' ? true : undefined,
    );
    await cleanups
      .splice(0)
      .reverse()
      .reduce((done, cleanup) => done.then(cleanup), Promise.resolve<unknown>(undefined));

    const [fresh] = await publish(1, [earlier ?? '']);
    await publish(0, [fresh ?? '']);
    await startConsumer(await openDatabase('inbox-batch-spec-again'));
    await waitFor('the queue drained', async () =>
      (await queueDepth(queue)) === 0 ? true : undefined,
    );
    await waitFor('the fresh message applied', async () =>
      (await effectCounts([fresh ?? ''])).join() === '1' ? true : undefined,
    );
    expect(await effectCounts([earlier ?? '', fresh ?? ''])).toEqual([1, 1]);
  });

  it('given a consumer killed mid-batch, before its commit, when another consumes the redelivered messages, then nothing is lost and nothing doubled', async () => {
    const ids = await publish(4);
    const doomed = await openDatabase('inbox-batch-spec-doomed');
    let reachedThird: () => void = () => undefined;
    const third = new Promise<void>((resolve) => (reachedThird = resolve));
    let unstall: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (unstall = resolve));
    const doomedLink = await startConsumer(
      doomed,
      async (envelope) => {
        // Two effects are written in the batch's open transaction when the third one stalls.
        if (envelope.messageId === ids[2]) {
          reachedThird();
          await stalled;
        }
      },
      100,
    );
    cleanups.push(async () => unstall());
    await third;

    // What a kill does to both servers: its sessions end, so PostgreSQL rolls back the open
    // transaction and RabbitMQ requeues every unacknowledged delivery.
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'inbox-batch-spec-doomed'`,
    );
    await doomedLink.close();
    expect(await effectCounts(ids)).toEqual([0, 0, 0, 0]);

    await startConsumer(await openDatabase('inbox-batch-spec-survivor'));
    await waitFor('every message applied', async () =>
      (await effectCounts(ids)).every((count) => count > 0) ? true : undefined,
    );
    await waitFor('the queue drained', async () =>
      (await queueDepth(queue)) === 0 ? true : undefined,
    );
    expect(await effectCounts(ids)).toEqual([1, 1, 1, 1]);
  });
});
