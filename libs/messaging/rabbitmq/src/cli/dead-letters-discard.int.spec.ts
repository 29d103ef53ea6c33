import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { QUEUES } from '@pattern-shop/contracts';
import { LOCAL_INFRA, takeQueuedMessages, waitFor } from '@pattern-shop/testing';
import { declareCommandQueues } from '../command-queues.js';
import { DeadLetterBrowser } from './dead-letter-browser.js';
import { runDeadLetters } from './dead-letters-command.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? LOCAL_INFRA.rabbitmqUrl;
const env = { RABBITMQ_URL, RABBITMQ_MANAGEMENT_URL: LOCAL_INFRA.rabbitmqManagementUrl };
const quorum = { durable: true, arguments: { 'x-queue-type': 'quorum' } };
const PARKED = QUEUES.orderSagaParked;

let model: ChannelModel;
const created: string[] = [];
/** The parked-saga notes this file wrote to the shared queue, taken back after each test. */
const ourNotes = new Set<string>();

beforeAll(async () => {
  model = await connect(RABBITMQ_URL);
  const channel = await model.createChannel();
  await declareCommandQueues(channel, [PARKED]); // as order-service does at its start
  await channel.close();
});
afterEach(async () => {
  const channel = await model.createChannel();
  for (const queue of created.splice(0)) await channel.deleteQueue(queue);
  await channel.close();
  const left = await takeQueuedMessages(PARKED, (note) => ourNotes.has(note.messageId ?? ''));
  ourNotes.clear();
  expect(left).toEqual([]); // a test that discarded its notes left none
});
afterAll(async () => {
  await model.close();
});

const run = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDeadLetters(args, {
    env,
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** A consumed queue `q-<random>` whose DLQ holds a dead letter for each id, in that order. */
const givenDeadLetters = async (...messageIds: string[]): Promise<string> => {
  const queue = `q-${randomBytes(4).toString('hex')}`;
  created.push(queue, `${queue}.dlq`);
  const channel = await model.createConfirmChannel();
  await channel.assertQueue(queue, quorum);
  await channel.assertQueue(`${queue}.dlq`, quorum);
  for (const messageId of messageIds) {
    channel.sendToQueue(`${queue}.dlq`, Buffer.from(JSON.stringify({ messageId })), {
      messageId,
      type: 'OrderConfirmed',
      persistent: true,
      headers: { 'x-error-reason': `handler failed for ${messageId}`, 'x-attempts': '3' },
    });
  }
  await channel.waitForConfirms();
  await channel.close();
  return queue;
};

/** A note as order-service's saga writes it when a compensation kept failing. */
const givenParkedSaga = async (reason: string) => {
  const note = { messageId: randomUUID(), orderId: randomUUID() };
  ourNotes.add(note.messageId);
  const envelope = {
    messageId: note.messageId,
    type: 'CheckoutSagaParked',
    version: 1,
    occurredAt: '2026-12-04T06:00:00.000Z',
    correlationId: `c-${note.orderId}`,
    causationId: `c-${note.orderId}`,
    aggregateId: note.orderId,
    data: { orderId: note.orderId, step: 'RefundPayment', reason, attempts: 4 },
  };
  const channel = await model.createConfirmChannel();
  channel.sendToQueue(PARKED, Buffer.from(JSON.stringify(envelope)), {
    messageId: note.messageId,
    type: 'CheckoutSagaParked',
    persistent: true,
  });
  await channel.waitForConfirms();
  await channel.close();
  return note;
};

/** The message ids of the listing's lines, in their order. */
const listedIds = async (queue: string): Promise<string[]> => {
  const { out } = await run('list', queue);
  return out
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[1] ?? '');
};

const depth = async (queue: string): Promise<number> => {
  const channel = await model.createChannel();
  const { messageCount } = await channel.checkQueue(queue);
  await channel.close();
  return messageCount;
};

/** Waits until the letters given back are counted again, then checks the count. */
const expectDepth = (queue: string, expected: number) =>
  waitFor(`${queue} to hold ${expected}`, async () =>
    (await depth(queue)) === expected ? true : undefined,
  );

describe('dead-letters discard against RabbitMQ', () => {
  it('given three dead letters, when the middle one is discarded, then exactly it is gone and the others stay in order', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b', 'm-c');

    const { code, out } = await run('discard', queue, '--id', 'm-b');

    expect(code).toBe(0);
    expect(out).toBe(
      `discarded m-b: OrderConfirmed: handler failed for m-b\n1 letter(s) discarded from '${queue}.dlq'`,
    );
    await expectDepth(`${queue}.dlq`, 2);
    expect(await listedIds(queue)).toEqual(['m-a', 'm-c']);
  });

  it('given an unknown message id, when discarding it, then exit 1 with the reason and every letter stays in order', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b');

    const { code, err } = await run('discard', `${queue}.dlq`, '--id', 'm-missing');

    expect(code).toBe(1);
    expect(err).toBe(`dead-letters: no dead letter with message id 'm-missing' in '${queue}.dlq'`);
    await expectDepth(`${queue}.dlq`, 2);
    expect(await listedIds(queue)).toEqual(['m-a', 'm-b']);
  });

  it('given an unknown queue, when discarding, then exit 1 naming the missing dead-letter queue', async () => {
    const missing = `q-missing-${randomBytes(4).toString('hex')}`;
    const { code, err } = await run('discard', missing, '--id', 'm-a');
    expect(code).toBe(1);
    expect(err).toContain(`no dead-letter queue '${missing}.dlq'`);
  });

  it('given discard --all without --yes, then it is refused and nothing is removed; with --yes, every letter is', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b');

    const refused = await run('discard', queue, '--all');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `dead-letters: discard --all removes every letter of ${queue} for good: add --yes`,
    );
    await expectDepth(`${queue}.dlq`, 2);

    const confirmed = await run('discard', queue, '--all', '--yes');
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toContain(`2 letter(s) discarded from '${queue}.dlq'`);
    await expectDepth(`${queue}.dlq`, 0);
  });
});

describe('dead-letters on the parked sagas (order.saga-parked)', () => {
  it('given two parked sagas, when listed, then each shows its order, step, attempts, time and reason', async () => {
    const first = await givenParkedSaga('provider answered 503');
    const second = await givenParkedSaga('refund timed out');

    const { code, out } = await run('list', PARKED);

    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('#\tMESSAGE ID\tORDER ID\tSTEP\tATTEMPTS\tPARKED AT\tREASON');
    const lineOf = (id: string) => out.split('\n').find((line) => line.includes(id));
    expect(lineOf(first.messageId)?.split('\t').slice(1)).toEqual([
      first.messageId,
      first.orderId,
      'RefundPayment',
      '4',
      '2026-12-04T06:00:00.000Z',
      'provider answered 503',
    ]);
    expect(lineOf(second.messageId)).toContain('refund timed out');
    await run('discard', PARKED, '--id', first.messageId);
    await run('discard', PARKED, '--id', second.messageId);
  });

  it('given a parked saga, when shown, then it says to retry that order on order-service, and discard removes the note', async () => {
    const note = await givenParkedSaga('provider answered 503');

    const shown = await run('show', PARKED, note.messageId);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`parked saga of order ${note.orderId}`);
    expect(shown.out).toContain(`http://127.0.0.1:3001/sagas/${note.orderId}/retry`);

    const discarded = await run('discard', PARKED, '--id', note.messageId);
    expect(discarded.code).toBe(0);
    expect(discarded.out).toContain(
      `discarded ${note.messageId}: parked saga of order ${note.orderId} (RefundPayment: provider answered 503)`,
    );
    expect(await listedIds(PARKED)).not.toContain(note.messageId);
  });

  it('given a parked saga, when redriving it, then it is refused with what to do instead, and the note stays', async () => {
    const note = await givenParkedSaga('provider answered 503');

    const { code, err } = await run('redrive', PARKED, note.messageId);

    expect(code).toBe(1);
    expect(err).toContain('nowhere to redrive to');
    expect(err).toContain('POST /sagas/<orderId>/retry');
    expect(await listedIds(PARKED)).toContain(note.messageId);
    expect((await run('discard', PARKED, '--id', note.messageId)).code).toBe(0);
  });

  it('given a parked saga held by the library (as the web console does), when redriven, then it is refused and the note stays', async () => {
    const note = await givenParkedSaga('provider answered 503');
    const browser = await DeadLetterBrowser.open(model, PARKED);
    try {
      await expect(browser.redrive([browser.find(note.messageId)], new Date())).rejects.toThrow(
        'nowhere to redrive to',
      );
    } finally {
      await browser.release();
    }
    expect(await listedIds(PARKED)).toContain(note.messageId);
    expect((await run('discard', PARKED, '--id', note.messageId)).code).toBe(0);
  });

  it('given a parked saga, when listing every queue, then order.saga-parked is there with its depth', async () => {
    const note = await givenParkedSaga('provider answered 503');
    // The management API refreshes its statistics every few seconds.
    await waitFor(
      'order.saga-parked in the list with a depth of at least 1',
      async () => {
        const { out } = await run('list');
        const depth = /^order\.saga-parked\s+(\d+)$/m.exec(out)?.[1];
        return depth !== undefined && Number(depth) >= 1 ? true : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    expect((await run('discard', PARKED, '--id', note.messageId)).code).toBe(0);
  }, 20_000);
});
