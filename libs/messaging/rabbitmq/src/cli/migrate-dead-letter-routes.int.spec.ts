// The migration of queues declared by an older tree (dead letters through the default exchange)
// to shop.dead-letters, on the real broker: messages and bindings kept, a stopped run resumed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { DEAD_LETTER_EXCHANGE, EXCHANGES } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { getManagementJson, managementAuthorization } from '../management-api.js';
import { declareSubscriberTopology } from '../subscriber-topology.js';
import { HOLDING_SUFFIX, migrateDeadLetterRoutes } from './migrate-dead-letter-routes.js';

let model: ChannelModel;
const created: string[] = [];
const printed: string[] = [];
const io = {
  rabbitmqUrl: LOCAL_INFRA.rabbitmqUrl,
  managementUrl: LOCAL_INFRA.rabbitmqManagementUrl,
  print: (line: string) => void printed.push(line),
};

beforeAll(async () => {
  model = await connect(LOCAL_INFRA.rabbitmqUrl);
  model.on('error', () => undefined);
});
afterEach(async () => {
  const channel = await model.createChannel();
  for (const queue of created.splice(0)) await channel.deleteQueue(queue);
  await channel.close();
  printed.splice(0);
});
afterAll(async () => {
  await model.close();
});

const quorum = { 'x-queue-type': 'quorum' };

/** `Q`, `Q.dlq` and `Q.retry.1s` as trees before shop.dead-letters declared them, with messages. */
const givenOldQueues = async (inQueue: number, inRetry: number) => {
  const queue = `migrate-${randomBytes(4).toString('hex')}`;
  const retry = `${queue}.retry.1s`;
  const dlq = `${queue}.dlq`;
  created.push(queue, retry, dlq);
  const channel = await model.createConfirmChannel();
  await channel.assertExchange(EXCHANGES.events, 'topic', { durable: true });
  await channel.assertQueue(dlq, { durable: true, arguments: quorum });
  await channel.assertQueue(queue, {
    durable: true,
    deadLetterExchange: '',
    deadLetterRoutingKey: dlq,
    arguments: quorum,
  });
  // A TTL far longer than the test: its messages must come back through the migration, not expiry.
  await channel.assertQueue(retry, {
    durable: true,
    messageTtl: 600_000,
    deadLetterExchange: '',
    deadLetterRoutingKey: queue,
  });
  await channel.bindQueue(queue, EXCHANGES.events, `${queue}.happened`);
  for (let n = 0; n < inQueue; n += 1)
    channel.sendToQueue(queue, Buffer.from(String(n)), { messageId: `q-${n}`, persistent: true });
  for (let n = 0; n < inRetry; n += 1)
    channel.sendToQueue(retry, Buffer.from(String(n)), {
      messageId: `r-${n}`,
      persistent: true,
      expiration: '600000',
    });
  await channel.waitForConfirms();
  await channel.close();
  return { queue, retry, dlq };
};

type Listed = { arguments: Record<string, unknown> };
const argumentsOf = async (queue: string) =>
  (
    await getManagementJson<Listed>(
      `${LOCAL_INFRA.rabbitmqManagementUrl}/api/queues/%2F/${encodeURIComponent(queue)}`,
      { authorization: managementAuthorization(LOCAL_INFRA.rabbitmqUrl) },
    )
  ).arguments;

/** The message ids on `queue`, read and put back. */
const idsOn = async (queue: string): Promise<string[]> => {
  const channel = await model.createChannel();
  const ids: string[] = [];
  for (
    let message = await channel.get(queue);
    message !== false;
    message = await channel.get(queue)
  )
    ids.push(String(message.properties.messageId));
  await channel.close(); // unacked: back on the queue
  return ids.sort();
};

const queueExists = async (queue: string): Promise<boolean> => {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  return channel.checkQueue(queue).then(
    () => (channel.close(), true),
    () => false,
  );
};

describe('migrating dead-letter routes from the default exchange to shop.dead-letters', () => {
  it('given a queue and its retry queue declared by an older tree, with messages, when migrated, then both dead-letter through shop.dead-letters and every message is on the queue', async () => {
    const { queue, retry } = await givenOldQueues(3, 2);

    await migrateDeadLetterRoutes(model, io);

    expect(await argumentsOf(queue)).toMatchObject({
      'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE,
      'x-dead-letter-routing-key': `${queue}.dlq`,
      'x-queue-type': 'quorum',
    });
    expect(await argumentsOf(retry)).toMatchObject({
      'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE,
      'x-dead-letter-routing-key': queue,
      'x-message-ttl': 600_000,
    });
    expect(await idsOn(queue)).toEqual(['q-0', 'q-1', 'q-2', 'r-0', 'r-1']);
    expect(await queueExists(`${queue}${HOLDING_SUFFIX}`)).toBe(false);
    expect(printed.join('\n')).toContain(
      `${queue} now dead-letters through ${DEAD_LETTER_EXCHANGE}`,
    );
  });

  it('given a migrated queue, then its old binding still routes and shop.dead-letters reaches its dead letters by name', async () => {
    const { queue, dlq } = await givenOldQueues(0, 0);
    await migrateDeadLetterRoutes(model, io);

    const channel = await model.createConfirmChannel();
    channel.publish(EXCHANGES.events, `${queue}.happened`, Buffer.from('{}'), {
      messageId: 'event',
    });
    channel.publish(DEAD_LETTER_EXCHANGE, dlq, Buffer.from('{}'), { messageId: 'letter' });
    await channel.waitForConfirms();
    await channel.close();

    expect(await idsOn(queue)).toEqual(['event']);
    expect(await idsOn(dlq)).toEqual(['letter']);
  });

  it('given a run that stopped with the messages in the holding queue, when run again, then they are back on the queue', async () => {
    const { queue } = await givenOldQueues(0, 0);
    await migrateDeadLetterRoutes(model, io);
    const holding = `${queue}${HOLDING_SUFFIX}`;
    created.push(holding);
    const channel = await model.createConfirmChannel();
    await channel.assertQueue(holding, { durable: true, arguments: quorum });
    channel.sendToQueue(holding, Buffer.from('{}'), { messageId: 'held' });
    await channel.waitForConfirms();
    await channel.close();

    await migrateDeadLetterRoutes(model, io);

    expect(await idsOn(queue)).toEqual(['held']);
    expect(await queueExists(holding)).toBe(false);
  });

  it('given an old queue with a consumer, when migrating, then it refuses, naming the queue, and changes nothing', async () => {
    const { queue } = await givenOldQueues(1, 0);
    const consumer = await model.createChannel();
    await consumer.prefetch(1);
    await consumer.consume(queue, () => undefined);

    await expect(migrateDeadLetterRoutes(model, io)).rejects.toThrow(
      `stop the apps first: ${queue} has 1 consumer(s)`,
    );

    await consumer.close();
    expect(await argumentsOf(queue)).toMatchObject({ 'x-dead-letter-exchange': '' });
    expect(await idsOn(queue)).toEqual(['q-0']);
  });

  it('given an old queue, when an app declares its topology, then the error names the migration', async () => {
    const { queue } = await givenOldQueues(0, 0);
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    const topology = { queue, exchange: EXCHANGES.events, routingKeys: [], retryDelaysMs: [] };

    await expect(declareSubscriberTopology(channel, topology)).rejects.toThrow(
      `${queue} was declared by an older Pattern Shop, dead-lettering through the default exchange: stop the apps and run \`npm run rabbitmq:migrate\``,
    );
  });

  it('given nothing declared by an older tree, when migrating, then it says so and moves nothing', async () => {
    expect(await migrateDeadLetterRoutes(model, io)).toBe(0);
    expect(printed).toEqual([
      'dead-letter routes: every queue routes through shop.dead-letters already',
    ]);
  });
});
