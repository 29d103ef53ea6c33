import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { holdQueuedMessages } from './hold-queued-messages.js';

const quorum = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

let model: ChannelModel;
const created: string[] = [];

beforeAll(async () => {
  model = await connect(LOCAL_INFRA.rabbitmqUrl);
});
afterEach(async () => {
  const channel = await model.createChannel();
  for (const queue of created.splice(0)) await channel.deleteQueue(queue);
  await channel.close();
});
afterAll(async () => {
  await model.close();
});

/** A quorum queue holding messages `0` to `count - 1`, in that order. */
const givenQueue = async (count: number): Promise<string> => {
  const queue = `hold-${randomBytes(4).toString('hex')}`;
  created.push(queue);
  const channel = await model.createConfirmChannel();
  await channel.assertQueue(queue, quorum);
  for (let n = 0; n < count; n += 1) {
    channel.sendToQueue(queue, Buffer.from(String(n)), { messageId: `m-${n}`, persistent: true });
  }
  await channel.waitForConfirms();
  await channel.close();
  return queue;
};

const depthOf = async (queue: string): Promise<number> => {
  const channel = await model.createChannel();
  const { messageCount } = await channel.checkQueue(queue);
  await channel.close();
  return messageCount;
};

describe('holdQueuedMessages on a quorum queue', () => {
  // 1,000 messages: a basic.get loop at a quorum queue's tens of milliseconds each would outlast
  // the test's 30 s.
  it('given 1,000 messages, when held, then each is read once in order, and closing the channel returns them all', async () => {
    const queue = await givenQueue(1_000);
    const channel = await model.createChannel();

    const held = await holdQueuedMessages(channel, queue);

    expect(held.map((message) => message.content.toString())).toEqual(
      Array.from({ length: 1_000 }, (_, n) => String(n)),
    );
    expect(await depthOf(queue)).toBe(0);
    await channel.close();
    // Right after the close a quorum queue may count none of them back yet.
    await waitFor('all 1,000 to be counted again', async () =>
      (await depthOf(queue)) === 1_000 ? true : undefined,
    );
  }, 30_000);

  it('given copies published back to the same queue while holding, when the originals are acked, then the copies are not read again and the queue holds each message once', async () => {
    const queue = await givenQueue(5);
    const channel = await model.createConfirmChannel();

    const held = await holdQueuedMessages(channel, queue);
    for (const message of held) channel.sendToQueue(queue, message.content, message.properties);
    await channel.waitForConfirms();
    for (const message of held) channel.ack(message);
    await channel.close();

    expect(held).toHaveLength(5);
    expect(await depthOf(queue)).toBe(5);
  });

  it('given an empty queue, when held, then nothing is read and no consumer is left on it', async () => {
    const queue = await givenQueue(0);
    const channel = await model.createChannel();

    expect(await holdQueuedMessages(channel, queue)).toEqual([]);
    const { consumerCount } = await channel.checkQueue(queue);
    expect(consumerCount).toBe(0);
    await channel.close();
  });

  it('given a queue that does not exist, then it fails with the broker’s 404', async () => {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);

    await expect(
      holdQueuedMessages(channel, `missing-${randomBytes(4).toString('hex')}`),
    ).rejects.toThrow(/NOT_FOUND/);
  });
});
