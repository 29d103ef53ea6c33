import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { Registry } from 'prom-client';
import { createEnvelope } from '@pattern-shop/contracts';
import { deliveryProcessor } from './delivery-processor.js';
import { PermanentMessageError, retryPolicyOf } from './retry-policy.js';

// What a learner reads in the log as a message fails: one warn line per retry scheduled, one
// error line per dead letter, each with the ids to grep for, against an in-memory channel.

const QUEUE = 'inventory.commands';
const channel = {
  ack: () => undefined,
  nack: () => undefined,
  publish: (_e: string, _q: string, _c: Buffer, _o: unknown, confirm: () => void) => (
    confirm(),
    true
  ),
} as unknown as ConfirmChannel;

const reserveStock = (headers: Record<string, unknown>) => {
  const orderId = randomUUID();
  const envelope = createEnvelope({
    messageId: randomUUID(),
    type: 'ReserveStock',
    version: 1,
    occurredAt: new Date(),
    correlationId: 'lab-1',
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, lines: [] },
  });
  const message = {
    content: Buffer.from(JSON.stringify(envelope)),
    fields: { exchange: 'shop.commands', routingKey: QUEUE, redelivered: false },
    properties: { messageId: envelope.messageId, type: 'ReserveStock', headers },
  } as unknown as ConsumeMessage;
  return { envelope, message, orderId };
};

const consumerFailingWith = (error: Error, validate?: () => void) => {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const registry = new Registry();
  const process = deliveryProcessor(
    {
      queue: QUEUE,
      exchange: 'shop.commands',
      routingKeys: [QUEUE],
      metrics: registry,
      random: () => 0,
      ...(validate === undefined ? {} : { validate }),
      handle: () => Promise.reject(error),
    },
    retryPolicyOf({ retryDelaysMs: [1_000, 10_000], maxAttempts: 3 }),
    (level, fields, message) => void lines.push({ level, fields: { ...fields }, message }),
  );
  const outcomes = async (outcome: string) =>
    (await registry.getSingleMetricAsString('rabbitmq_messages_handled_total'))
      .split('\n')
      .find((line) => line.includes(`outcome="${outcome}"`));
  return { lines, outcomes, run: (message: ConsumeMessage) => process(channel, message) };
};

describe('the subscriber logs each retry and each dead letter once, with the ids to follow', () => {
  it('given a handler that fails, when its second attempt fails, then one warn line names the queue, message, type, correlation, order, attempt 2 of 3, the delay and the error', async () => {
    const consumer = consumerFailingWith(new Error('stock row locked'));
    const { envelope, message, orderId } = reserveStock({ 'x-attempts': '1' });

    await consumer.run(message);

    expect(consumer.lines).toEqual([
      {
        level: 'warn',
        message: 'message scheduled for retry',
        fields: {
          queue: QUEUE,
          messageId: envelope.messageId,
          type: 'ReserveStock',
          correlationId: 'lab-1',
          orderId,
          attempt: 2,
          maxAttempts: 3,
          delayMs: 10_000,
          error: 'stock row locked',
        },
      },
    ]);
    expect(await consumer.outcomes('retried')).toMatch(/ 1$/);
  });

  it('given a handler that fails, when its last attempt fails, then one error line names the dead-letter queue and the reason, and no retry line', async () => {
    const consumer = consumerFailingWith(new Error('stock row locked'));
    const { message, orderId } = reserveStock({ 'x-attempts': '2' });

    await consumer.run(message);

    expect(consumer.lines).toHaveLength(1);
    expect(consumer.lines[0]).toMatchObject({
      level: 'error',
      message: 'message dead-lettered',
      fields: {
        queue: QUEUE,
        deadLetterQueue: `${QUEUE}.dlq`,
        correlationId: 'lab-1',
        orderId,
        attempts: 3,
        reason: 'stock row locked',
      },
    });
    expect(await consumer.outcomes('dead_lettered')).toMatch(/ 1$/);
  });

  it('given a permanent error, when it fails first time, then it is dead-lettered at once with one error line', async () => {
    const consumer = consumerFailingWith(new PermanentMessageError('no such product'));
    await consumer.run(reserveStock({}).message);
    expect(consumer.lines.map((line) => [line.level, line.message])).toEqual([
      ['error', 'message dead-lettered'],
    ]);
  });

  it('given an envelope whose data fails the schema, when it is dead-lettered, then the line still names its correlation and order', async () => {
    const consumer = consumerFailingWith(new Error('unused'), () => {
      throw new Error('ReserveStock v1 data is invalid');
    });
    const { message, orderId } = reserveStock({});

    await consumer.run(message);

    expect(consumer.lines[0]?.fields).toMatchObject({
      correlationId: 'lab-1',
      orderId,
      reason: 'ReserveStock v1 data is invalid',
    });
  });

  it('given a body that is no envelope, when it is dead-lettered, then the line takes its ids from the headers', async () => {
    const consumer = consumerFailingWith(new Error('unused'));
    const message = {
      content: Buffer.from('not json'),
      fields: { exchange: 'shop.commands', routingKey: QUEUE, redelivered: false },
      properties: {
        headers: { 'message-id': 'm-9', type: 'ReserveStock', 'correlation-id': 'c-9' },
      },
    } as unknown as ConsumeMessage;

    await consumer.run(message);

    expect(consumer.lines[0]?.fields).toMatchObject({
      messageId: 'm-9',
      type: 'ReserveStock',
      correlationId: 'c-9',
    });
  });
});
