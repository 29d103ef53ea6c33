import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ConfirmingPublisher, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import { Registry } from '@pattern-shop/observability';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { appendToOutbox } from './outbox-message.js';
import { type OutboxPublisher, rabbitMqOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
import * as kit from './testing/outbox-test-kit.js';

describe('outbox relay to RabbitMQ (real PostgreSQL and RabbitMQ)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let dataSource: DataSource;
  let connection: RabbitConnection;
  let confirming: ConfirmingPublisher;
  let listener: Awaited<ReturnType<typeof kit.listenOnTestExchange>>;
  let rabbit: OutboxPublisher;

  const relayWith = (options: Partial<OutboxRelayOptions> = {}) =>
    new OutboxRelay({
      dataSource,
      publishers: { rabbitmq: rabbit },
      logger: kit.quietLogger(),
      metrics: new Registry(),
      ...options,
    });
  const toListener = (aggregateId: string, sequence = 0) =>
    ({
      destination: 'rabbitmq',
      exchange: listener.exchange,
      routingKey: `outbox.tested.${aggregateId}`,
      envelope: kit.testEnvelope(aggregateId, sequence),
    }) as const;
  const rowOf = async (messageId: string) =>
    (await kit.outboxRows(dataSource)).find((row) => row.message_id === messageId);
  const receivedIds = () => listener.received.map((message) => message.envelope.messageId);

  beforeAll(async () => {
    db = await kit.openOutboxSchema('rabbitmq');
    dataSource = db.dataSource;
    connection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: 'outbox-int-spec',
    });
    await connection.start();
    await waitFor('RabbitMQ connection', async () => (connection.isConnected ? true : undefined));
    confirming = new ConfirmingPublisher(connection);
    rabbit = rabbitMqOutboxPublisher(confirming, 'outbox-int-spec');
    listener = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'rabbitmq');
  });

  afterAll(async () => {
    await listener?.close();
    await confirming?.close();
    await connection?.close();
    await db?.drop();
  });

  it('given a row committed with the state change, when the relay runs, then the message is on the exchange and marked published only after the confirm', async () => {
    const message = toListener(`order-${kit.uniqueSuffix()}`);
    const markedWhilePublishing: (Date | null)[] = [];
    const watching: OutboxPublisher = {
      publish: async (rows) => {
        const results = await rabbit.publish(rows); // confirmed by the broker here...
        const row = await rowOf(message.envelope.messageId); // ...but not yet marked
        markedWhilePublishing.push(row?.published_at ?? null);
        return results;
      },
    };
    await kit.appendCommitted(dataSource, [
      { ...message, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    ]);

    expect(await relayWith({ publishers: { rabbitmq: watching } }).runOnce()).toBe(1);

    expect(markedWhilePublishing).toEqual([null]);
    const [delivered] = await waitFor('the message on the test queue', async () =>
      listener.received.length > 0 ? listener.received : undefined,
    );
    expect(delivered?.envelope).toEqual(message.envelope);
    expect(delivered?.messageId).toBe(message.envelope.messageId);
    expect(delivered?.deliveryMode).toBe(2);
    expect(delivered?.headers).toEqual({
      'message-id': message.envelope.messageId,
      type: 'OutboxTested',
      version: '1',
      'correlation-id': message.envelope.correlationId,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect((await rowOf(message.envelope.messageId))?.published_at).toBeInstanceOf(Date);
  });

  it('given a transaction that rolls back after appending, when the relay runs, then nothing is published', async () => {
    const rolledBack = toListener(`order-${kit.uniqueSuffix()}`);
    await expect(
      dataSource.transaction(async (tx) => {
        await appendToOutbox(tx, [rolledBack]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const committed = toListener(`order-${kit.uniqueSuffix()}`);
    await kit.appendCommitted(dataSource, [committed]);

    await relayWith().runOnce();

    // The committed message arriving proves the relay ran; the rolled-back one never exists.
    await waitFor('the committed message', async () =>
      receivedIds().includes(committed.envelope.messageId) ? true : undefined,
    );
    expect(receivedIds()).not.toContain(rolledBack.envelope.messageId);
    const rows = await kit.outboxRows(dataSource);
    expect(rows.map((row) => row.message_id)).not.toContain(rolledBack.envelope.messageId);
  });

  it('given an EntityManager outside a transaction, when appending, then it is refused', async () => {
    await expect(
      appendToOutbox(dataSource.manager, [toListener('no-transaction')]),
    ).rejects.toThrow(/open transaction/);
  });

  it('given a relay that crashes after publishing and before marking, when a relay starts again, then every message is published and none is lost', async () => {
    const aggregates = [`order-${kit.uniqueSuffix()}`, `order-${kit.uniqueSuffix()}`];
    const messages = aggregates.flatMap((aggregateId) =>
      [0, 1, 2].map((sequence) => toListener(aggregateId, sequence)),
    );
    for (const message of messages) await kit.appendCommitted(dataSource, [message]);
    const crashing: OutboxPublisher = {
      publish: async (rows) => {
        await rabbit.publish(rows);
        throw new Error('relay process killed'); // the batch never marks nor gives back its lease
      },
    };

    await expect(
      relayWith({ publishers: { rabbitmq: crashing }, leaseMs: 1_000 }).runOnce(),
    ).rejects.toThrow('relay process killed');
    for (const message of messages) {
      expect((await rowOf(message.envelope.messageId))?.published_at).toBeNull();
    }

    const restarted = relayWith();
    restarted.start();
    await waitFor('every row marked published', async () =>
      (await kit.outboxRows(dataSource)).every((row) => row.published_at !== null)
        ? true
        : undefined,
    );
    await restarted.stop();
    const expected = messages.map((message) => message.envelope.messageId);
    await waitFor('every message delivered', async () =>
      expected.every((id) => receivedIds().includes(id)) ? true : undefined,
    );
  }, 20_000);

  it('given a batch in flight, when the relay is stopped, then it finishes publishing and marking before stop returns', async () => {
    const message = toListener(`order-${kit.uniqueSuffix()}`);
    await kit.appendCommitted(dataSource, [message]);
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const slow: OutboxPublisher = {
      publish: async (rows) => {
        entered();
        await new Promise<void>((resolve) => (release = resolve));
        return rabbit.publish(rows);
      },
    };
    const relay = relayWith({ publishers: { rabbitmq: slow } });
    relay.start();
    await inFlight;

    const stopped = relay.stop();
    release();
    await stopped;

    expect((await rowOf(message.envelope.messageId))?.published_at).toBeInstanceOf(Date);
  });

  it('given a relay that polls only every minute, when a row commits, then the commit notification wakes it at once', async () => {
    const relay = relayWith({ pollIntervalMs: 60_000 });
    relay.start();
    try {
      // The first pass runs at start; after it the relay sleeps for a minute unless woken.
      await waitFor('the relay to fall asleep', async () =>
        (await relay.runOnce()) === 0 ? true : undefined,
      );
      const message = toListener(`order-${kit.uniqueSuffix()}`);
      await kit.appendCommitted(dataSource, [message]);
      await waitFor(
        'the message, long before the next poll',
        async () => (receivedIds().includes(message.envelope.messageId) ? true : undefined),
        { timeoutMs: 5_000 },
      );
    } finally {
      await relay.stop();
    }
  });
});
