import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConflictException, NotFoundException } from '@nestjs/common';
import { connect, type ChannelModel } from 'amqplib';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { DeadLetterDesk } from './dead-letter-desk.js';

const quorum = { durable: true, arguments: { 'x-queue-type': 'quorum' } };
const desk = new DeadLetterDesk({
  url: LOCAL_INFRA.rabbitmqUrl,
  managementUrl: LOCAL_INFRA.rabbitmqManagementUrl,
});

/** The console's dead-letter desk on the real broker, on a queue pair of its own. */
describe('the console dead-letter desk', () => {
  const queue = `console-desk-spec.${randomBytes(4).toString('hex')}`;
  let model: ChannelModel;

  const depths = async (): Promise<[number, number]> => {
    const channel = await model.createChannel();
    try {
      const consumed = await channel.checkQueue(queue);
      const dead = await channel.checkQueue(`${queue}.dlq`);
      return [consumed.messageCount, dead.messageCount];
    } finally {
      await channel.close();
    }
  };

  beforeAll(async () => {
    model = await connect(LOCAL_INFRA.rabbitmqUrl);
    const channel = await model.createConfirmChannel();
    await channel.assertQueue(queue, quorum);
    await channel.assertQueue(`${queue}.dlq`, quorum);
    for (const messageId of ['m-1', 'm-2']) {
      channel.sendToQueue(`${queue}.dlq`, Buffer.from(JSON.stringify({ messageId })), {
        messageId,
        headers: { 'x-original-queue': queue, 'x-error-reason': `${messageId} failed` },
      });
    }
    await channel.waitForConfirms();
    await channel.close();
  });

  afterAll(async () => {
    const channel = await model.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(`${queue}.dlq`);
    await model.close();
  });

  it('given an unknown message id, then 404 and every letter stays where it was', async () => {
    await expect(desk.redrive(queue, 'no-such-id', new Date())).rejects.toThrow(NotFoundException);
    expect(await depths()).toEqual([0, 2]);
  });

  it("given the parked sagas' notes, when a redrive is asked, then 409 naming the saga retry, and nothing is read", async () => {
    for (const queue of ['order.saga-parked', 'order.saga-parked.dlq']) {
      const refused = desk.redrive(queue, undefined, new Date());
      await expect(refused).rejects.toThrow(ConflictException);
      await expect(desk.redrive(queue, 'm-1', new Date())).rejects.toThrow(
        'POST /sagas/<orderId>/retry',
      );
    }
  });

  it('given an unknown queue, then 404', async () => {
    await expect(desk.letters(`${queue}-missing`)).rejects.toThrow(NotFoundException);
  });

  it('given one letter redriven, then it moves to its queue and the other stays dead', async () => {
    expect((await desk.letter(queue, 'm-1')).reason).toBe('m-1 failed');
    expect(await desk.redrive(`${queue}.dlq`, 'm-1', new Date())).toEqual({
      redriven: [{ messageId: 'm-1', to: queue }],
    });
    expect(await depths()).toEqual([1, 1]);
    expect((await desk.letters(queue)).map((letter) => letter.messageId)).toEqual(['m-2']);
  });
});
