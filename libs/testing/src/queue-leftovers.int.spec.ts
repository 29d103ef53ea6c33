import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { LOCAL_INFRA } from './local-environment.js';
import { takeMessagesAbout, takeQueuedMessages } from './queue-leftovers.js';

/** How tests clean up a shared queue: exactly their own messages go, every other one stays. */
describe('takeMessagesAbout: a test takes its own messages off a shared quorum queue', () => {
  const queue = `test.leftovers.${randomUUID()}`;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  const publish = async (...aggregateIds: string[]) => {
    for (const aggregateId of aggregateIds)
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ aggregateId })), {
        messageId: randomUUID(),
      });
    await channel.waitForConfirms();
  };
  const aggregatesLeft = async () =>
    (await takeQueuedMessages(queue, () => true)).map(
      (message) => (message.body as { aggregateId: string }).aggregateId,
    );

  beforeAll(async () => {
    connection = await connect(LOCAL_INFRA.rabbitmqUrl);
    channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  });

  afterAll(async () => {
    await channel?.deleteQueue(queue);
    await connection?.close();
  });

  it('given ours among others, the newest of them ours, when taken, then only ours go and the others stay in order', async () => {
    await publish('other-1', 'ours-a', 'other-2', 'ours-a', 'ours-b');

    const taken = await takeMessagesAbout(['ours-a', 'ours-b'], [queue]);

    expect(taken).toEqual({ [queue]: 3 });
    expect(await aggregatesLeft()).toEqual(['other-1', 'other-2']);
  });

  it('given others swept past by six cleanups, when a subscriber receives them, then none counts as a failed delivery', async () => {
    await publish('other-3', 'ours-c');
    for (let sweep = 0; sweep < 6; sweep++) await takeMessagesAbout(['ours-c'], [queue]);

    const delivery = await channel.get(queue, { noAck: false });
    if (delivery === false) throw new Error('the other message is gone');
    channel.ack(delivery);
    await channel.checkQueue(queue); // lands the ack before the next test reads

    expect(JSON.parse(delivery.content.toString()).aggregateId).toBe('other-3');
    // A quorum queue adds x-delivery-count once a message came back; a subscriber dead-letters
    // at its limit, which the returned-on-close sweeps used to reach for other tests' messages.
    expect(delivery.properties.headers?.['x-delivery-count'] ?? 0).toBe(0);
    expect(await aggregatesLeft()).toEqual([]);
  });

  it('given a queue that does not exist, when taken from, then nothing is taken and nothing fails', async () => {
    const absent = `test.absent.${randomUUID()}`;

    expect(await takeMessagesAbout(['ours-a'], [absent])).toEqual({ [absent]: 0 });
  });
});
