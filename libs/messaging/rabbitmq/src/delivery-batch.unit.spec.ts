import { describe, expect, it } from '@jest/globals';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { DataSource } from 'typeorm';
import type { MessageEnvelope } from '@pattern-shop/contracts';
import { handleOnce } from '@pattern-shop/messaging-inbox';
import { batchingProcessor, batchSizeOf } from './delivery-batch.js';
import { deliverySteps } from './delivery-processor.js';
import { retryPolicyOf } from './retry-policy.js';
import { emptyOrderConfirmed } from '@pattern-shop/testing';

// Inbox batches against an in-memory channel and an in-memory database that record, in one list,
// what the consumer told the broker and PostgreSQL; the real servers are in delivery-batch.int.spec.ts.

const fakeDataSource = (calls: string[]) => {
  const manager = {
    query: async (sql: string, [, ids]: [string, string | string[]]) => {
      const messageIds = typeof ids === 'string' ? [ids] : ids;
      calls.push(
        `${sql.trim().startsWith('DELETE') ? 'delete' : 'insert'} ${messageIds.join(',')}`,
      );
      return messageIds.map((id) => ({ message_id: id }));
    },
  };
  return {
    createQueryRunner: () => {
      let active = false;
      return {
        manager,
        connect: async () => undefined,
        startTransaction: async () => void ((active = true), calls.push('begin')),
        commitTransaction: async () => void ((active = false), calls.push('commit')),
        rollbackTransaction: async () => void ((active = false), calls.push('rollback')),
        get isTransactionActive() {
          return active;
        },
        release: async () => undefined,
      };
    },
    transaction: async <T>(work: (tx: unknown) => Promise<T>) => {
      calls.push('begin');
      const result = await work(manager);
      calls.push('commit');
      return result;
    },
  } as unknown as DataSource;
};

const fakeChannel = (calls: string[]) =>
  ({
    ack: (message: ConsumeMessage, allUpTo = false) =>
      calls.push(`ack ${allUpTo ? 'up to ' : ''}${message.properties.messageId}`),
    nack: () => calls.push('nack'),
    publish: (
      _e: string,
      queue: string,
      _c: Buffer,
      options: { messageId: string },
      confirm: () => void,
    ) => {
      calls.push(`copy ${options.messageId} to ${queue}`);
      confirm();
      return true;
    },
  }) as unknown as ConfirmChannel;

let lastDeliveryTag = 0;

const delivery = (messageId: string, content?: string): ConsumeMessage => {
  const envelope = emptyOrderConfirmed(messageId);
  return {
    content: Buffer.from(content ?? JSON.stringify(envelope)),
    fields: {
      deliveryTag: (lastDeliveryTag += 1),
      exchange: 'shop.events',
      routingKey: 'order.confirmed',
      redelivered: false,
    },
    properties: { messageId, headers: {} },
  } as unknown as ConsumeMessage;
};

const waitUntil = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

type Handle = (envelope: MessageEnvelope, dataSource: DataSource) => Promise<void>;

const inboxOf =
  (dataSource: DataSource, effect: (id: string) => void) => (envelope: MessageEnvelope) =>
    handleOnce(dataSource, 'test', envelope.messageId, async () => effect(envelope.messageId)).then(
      () => undefined,
    );

const consumerWith = (handle: Handle, maxMessages = 10) => {
  const calls: string[] = [];
  const logged: string[] = [];
  const dataSource = fakeDataSource(calls);
  const steps = deliverySteps(
    {
      queue: 'email.order-events',
      exchange: 'shop.events',
      routingKeys: ['order.confirmed'],
      handle: (envelope) => handle(envelope, dataSource),
    },
    retryPolicyOf({ retryDelaysMs: [1_000], maxAttempts: 3 }),
    (_level, _fields, message) => logged.push(message),
  );
  const process = batchingProcessor(steps, { maxMessages }, 20);
  const channel = fakeChannel(calls);
  const deliver = (...messages: ConsumeMessage[]) =>
    Promise.all(messages.map((message) => process(channel, message)));
  return { deliver, calls, logged };
};

describe('inbox batches: deliveries that arrive together share one inbox transaction', () => {
  it('given three deliveries, when every handler succeeds, then one transaction records all three and the acks follow its commit', async () => {
    const consumer = consumerWith((envelope, dataSource) =>
      inboxOf(dataSource, () => undefined)(envelope),
    );
    await consumer.deliver(delivery('m1'), delivery('m2'), delivery('m3'));
    expect(consumer.calls).toEqual(['begin', 'insert m1,m2,m3', 'commit', 'ack up to m3']);
  });

  it('given five deliveries and batches of two, when handled, then three transactions commit, the handlers in delivery order within each', async () => {
    const applied: string[] = [];
    const consumer = consumerWith(
      (envelope, dataSource) => inboxOf(dataSource, (id) => applied.push(id))(envelope),
      2,
    );
    await consumer.deliver(...['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => delivery(id)));
    expect(consumer.calls.filter((call) => call === 'commit')).toHaveLength(3);
    const inserts = consumer.calls.filter((call) => call.startsWith('insert')).sort();
    expect(inserts).toEqual(['insert m1,m2', 'insert m3,m4', 'insert m5']);
    expect(applied.indexOf('m1')).toBeLessThan(applied.indexOf('m2'));
    expect(applied.indexOf('m3')).toBeLessThan(applied.indexOf('m4'));
  });

  it('given an earlier batch still running, when a later one commits, then its deliveries are acked one by one, never the earlier ones with them', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumer = consumerWith(async (envelope, dataSource) => {
      await inboxOf(dataSource, () => undefined)(envelope);
      if (envelope.messageId === 'm1') await held;
    }, 2);
    const all = consumer.deliver(...['m1', 'm2', 'm3', 'm4'].map((id) => delivery(id)));
    await waitUntil(() => consumer.calls.includes('ack m4'));
    expect(consumer.calls.filter((call) => call.startsWith('ack'))).toEqual(['ack m3', 'ack m4']);
    release();
    await all;
    expect(consumer.calls.filter((call) => call.startsWith('ack'))).toEqual([
      'ack m3',
      'ack m4',
      'ack up to m2',
    ]);
  });

  it('given a message whose handler never records it, when its batch commits, then its inbox row is taken back first', async () => {
    const consumer = consumerWith(async (envelope, dataSource) => {
      if (envelope.messageId === 'm1') await inboxOf(dataSource, () => undefined)(envelope);
    });
    await consumer.deliver(delivery('m1'), delivery('m2'));
    expect(consumer.calls).toEqual([
      'begin',
      'insert m1,m2',
      'delete m2',
      'commit',
      'ack up to m2',
    ]);
  });

  it('given a batch whose second handler throws, when handled, then the batch rolls back and each message is handled alone: the others applied once, the failing one retried', async () => {
    const applied: string[] = [];
    const consumer = consumerWith((envelope, dataSource) =>
      inboxOf(dataSource, (id) => {
        if (id === 'm2') throw new Error('stock row locked');
        applied.push(id);
      })(envelope),
    );
    await consumer.deliver(delivery('m1'), delivery('m2'), delivery('m3'));
    expect(consumer.calls).toEqual([
      'begin',
      'insert m1,m2,m3',
      'rollback',
      'begin',
      'insert m1',
      'commit',
      'ack m1',
      'begin',
      'insert m2',
      'copy m2 to email.order-events.retry.1s',
      'ack m2',
      'begin',
      'insert m3',
      'commit',
      'ack m3',
    ]);
    // m1's first run was rolled back with its batch: only its second one counts.
    expect(applied).toEqual(['m1', 'm1', 'm3']);
    expect(consumer.logged).toContain('inbox batch rolled back; handling its messages one by one');
  });

  it('given a handler that catches what its effect threw, when the batch ends, then it still does not commit', async () => {
    let attempts = 0;
    const consumer = consumerWith(async (envelope, dataSource) => {
      await inboxOf(dataSource, (id) => {
        if (id === 'm1' && (attempts += 1) === 1) throw new Error('a transient failure');
      })(envelope).catch(() => undefined);
    });
    await consumer.deliver(delivery('m1'), delivery('m2'));
    expect(consumer.calls.slice(0, 3)).toEqual(['begin', 'insert m1,m2', 'rollback']);
    expect(consumer.calls.slice(3)).toEqual([
      'begin',
      'insert m1',
      'commit',
      'ack m1',
      'begin',
      'insert m2',
      'commit',
      'ack m2',
    ]);
  });

  it('given a delivery that will not decode among good ones, when handled, then it is dead-lettered alone and the others commit together', async () => {
    const consumer = consumerWith((envelope, dataSource) =>
      inboxOf(dataSource, () => undefined)(envelope),
    );
    await consumer.deliver(delivery('m1'), delivery('bad', '{not json'), delivery('m3'));
    expect(consumer.calls).toEqual(
      expect.arrayContaining(['copy bad to email.order-events.dlq', 'ack bad']),
    );
    const database = consumer.calls.filter((call) => !call.includes('bad'));
    expect(database).toEqual(['begin', 'insert m1,m3', 'commit', 'ack up to m3']);
  });
});

describe('batchSizeOf: how many deliveries one transaction takes', () => {
  it('given no setting, then half the prefetch, so the next batch is delivered while one commits', () => {
    expect(batchSizeOf({}, 20)).toBe(10);
    expect(batchSizeOf({}, 1)).toBe(1);
  });

  it('given more than the prefetch, then the prefetch, since no more can be unacknowledged', () => {
    expect(batchSizeOf({ maxMessages: 50 }, 20)).toBe(20);
  });

  it('given a size that is not a whole number, then the subscription is refused', () => {
    expect(() => batchSizeOf({ maxMessages: 2.5 }, 20)).toThrow(RangeError);
  });
});
