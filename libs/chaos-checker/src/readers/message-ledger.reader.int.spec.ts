import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import {
  infra,
  LOCAL_INFRA,
  queryServiceDb,
  ServiceProcess,
  takeQueuedMessages,
} from '@pattern-shop/testing';
import { publishedIsHandledOrDeadLettered } from '../invariants/message-ledger.rules.js';
import { cleanSnapshot } from '../invariants/testing/snapshot-kit.js';
import { readRabbitDeadLetters } from './dead-letters.reader.js';
import { readMessageLedger } from './message-ledger.reader.js';
import { localAddresses } from './system-addresses.js';

const addresses = localAddresses();
const DLQ = 'payment.commands.dlq';
const id = (): string => randomUUID();
const [handled, deadLettered, lost, projected, orderId] = [id(), id(), id(), id(), id()];
const planted = [handled, deadLettered, lost, projected];

/** A row order-service's relay published a minute ago: past the in-flight margin. */
const plantPublished = (messageId: string, type: string, destination: string, to: string) => {
  const key = destination === 'kafka' ? orderId : 'payment.commands';
  return queryServiceDb(
    'order-service',
    `INSERT INTO outbox (aggregate_id, destination, exchange_or_topic, routing_key_or_kafka_key,
       message_id, type, headers, payload, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, '{}', '{}', now() - interval '1 minute')`,
    [orderId, destination, to, key, messageId, type],
  );
};

/** Takes the planted dead letter back out of the shared queue; every other letter stays. */
const removePlantedDeadLetter = () =>
  takeQueuedMessages(DLQ, (message) => message.messageId === deadLettered);

/** The tables the ledger reads exist only once each service has run its migrations, at start. */
const migrateByStarting = async (): Promise<void> => {
  const readers = [
    'order-service',
    'payment-service',
    'inventory-service',
    'email-service',
    'analytics-service',
  ] as const;
  const apps = readers.map((name) => ServiceProcess.start(name));
  try {
    await Promise.all(apps.map((app) => app.waitUntilReady()));
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
};

/** The ledger on the real servers: outbox rows, inbox rows, analytics' fact rows, a dead letter. */
describe('readMessageLedger: what the outboxes published and what their consumers recorded', () => {
  let from: string;

  beforeAll(async () => {
    await infra('up');
    await migrateByStarting();
    from = new Date(Date.now() - 120_000).toISOString();
    for (const id of [handled, deadLettered, lost]) {
      await plantPublished(id, 'ChargePayment', 'rabbitmq', 'shop.commands');
    }
    await plantPublished(projected, 'OrderPlaced', 'kafka', 'orders.events');
    await queryServiceDb(
      'payment-service',
      `INSERT INTO processed_messages (consumer, message_id) VALUES ('payment.commands', $1)`,
      [handled],
    );
    await queryServiceDb(
      'analytics-service',
      'INSERT INTO analytics.order_facts (order_id, placed_message_id) VALUES ($1, $2)',
      [orderId, projected],
    );
    const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
    const channel = await connection.createConfirmChannel();
    await channel.checkQueue(DLQ);
    const headers = { 'x-error-reason': 'planted by the ledger test', 'x-failed-at': from };
    channel.sendToQueue(DLQ, Buffer.from('{}'), {
      messageId: deadLettered,
      type: 'ChargePayment',
      headers,
    });
    await channel.waitForConfirms();
    await connection.close();
  }, 120_000);

  afterAll(async () => {
    const outbox = 'DELETE FROM outbox WHERE message_id = ANY($1::uuid[])';
    await queryServiceDb('order-service', outbox, [planted]);
    await queryServiceDb(
      'payment-service',
      'DELETE FROM processed_messages WHERE message_id = $1',
      [handled],
    );
    await queryServiceDb(
      'analytics-service',
      'DELETE FROM analytics.order_facts WHERE order_id = $1',
      [orderId],
    );
    await removePlantedDeadLetter();
  });

  it('given four published messages, then each is read with where it went, and only the recorded ones as handled', async () => {
    const { published, handled: records } = await readMessageLedger(addresses, {
      from,
      to: new Date().toISOString(),
    });

    const mine = published.filter((m) => m.aggregateId === orderId);
    expect(mine.map((m) => [m.messageId, m.type, m.broker, m.destination]).sort()).toEqual(
      [
        [handled, 'ChargePayment', 'rabbitmq', 'shop.commands'],
        [deadLettered, 'ChargePayment', 'rabbitmq', 'shop.commands'],
        [lost, 'ChargePayment', 'rabbitmq', 'shop.commands'],
        [projected, 'OrderPlaced', 'kafka', 'orders.events'],
      ].sort(),
    );
    const recorded = records.filter((r) => planted.includes(r.messageId));
    expect(recorded.map((r) => `${r.consumer} ${r.messageId}`).sort()).toEqual([
      `analytics ${projected}`,
      `payment.commands ${handled}`,
    ]);
  }, 30_000);

  it('given the dead letter read too, when judged, then only the message in neither is the offender', async () => {
    const to = new Date().toISOString();
    const ledger = await readMessageLedger(addresses, { from, to });
    const published = ledger.published.filter((m) => m.aggregateId === orderId);

    const verdict = publishedIsHandledOrDeadLettered({
      ...cleanSnapshot(),
      scope: { from, to },
      takenAt: to,
      messages: { published, handled: ledger.handled },
      deadLetters: await readRabbitDeadLetters(addresses, from),
      queues: [],
    });

    expect([verdict.observed, verdict.offenders]).toEqual([
      '2 handled, 1 dead-lettered, 1 neither',
      [`payment.commands:${lost} ChargePayment`],
    ]);
  }, 30_000);

  it('given a window that starts after them, then none of them is the run’s', async () => {
    const { published } = await readMessageLedger(addresses, {
      from: new Date().toISOString(),
      to: new Date(Date.now() + 1_000).toISOString(),
    });

    expect(published.filter((m) => m.aggregateId === orderId)).toEqual([]);
  }, 30_000);
});
