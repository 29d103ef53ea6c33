import { describe, expect, it } from '@jest/globals';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { deliveryProcessor } from './delivery-processor.js';
import { PermanentMessageError, retryPolicyOf } from './retry-policy.js';
import { emptyOrderConfirmed } from '@pattern-shop/testing';

// The weak variants `ack-before-effect`, `unbounded-retries` and `no-schema-check` (docs/chaos.md) against an in-memory channel that records
// what the consumer told the broker; the real broker's side is in email-service's weak-variants test.

const fakeChannel = () => {
  const calls: string[] = [];
  const channel = {
    ack: () => calls.push('ack'),
    nack: () => calls.push('nack'),
    publish: (
      exchange: string,
      queue: string,
      _content: Buffer,
      _options: unknown,
      confirm: () => void,
    ) => {
      calls.push(`copy to ${queue} through ${exchange}`);
      confirm();
      return true;
    },
  } as unknown as ConfirmChannel;
  return { channel, calls };
};

const delivery = (headers: Record<string, unknown> = {}): ConsumeMessage => {
  const envelope = emptyOrderConfirmed();
  return {
    content: Buffer.from(JSON.stringify(envelope)),
    fields: { exchange: 'shop.events', routingKey: 'order.confirmed', redelivered: false },
    properties: { messageId: envelope.messageId, headers },
  } as unknown as ConsumeMessage;
};

type Weakness = Readonly<{ ackBeforeEffect?: boolean; unboundedRetries?: boolean }>;

const processorFor = (
  weakness: Weakness | boolean,
  handle: (calls: string[]) => Promise<void>,
  headers: Record<string, unknown> = {},
) => {
  const weak = typeof weakness === 'boolean' ? { ackBeforeEffect: weakness } : weakness;
  const { channel, calls } = fakeChannel();
  const logged: string[] = [];
  const process = deliveryProcessor(
    {
      queue: 'email.order-events',
      exchange: 'shop.events',
      routingKeys: ['order.confirmed'],
      ...weak,
      handle: () => handle(calls),
    },
    retryPolicyOf({ retryDelaysMs: [1_000, 10_000, 60_000], maxAttempts: 3 }),
    (_level, _fields, message) => logged.push(message),
  );
  return { run: () => process(channel, delivery(headers)), calls, logged };
};

describe('ack-before-effect: the consumer acks first, then runs the handler', () => {
  it('given the switch, when a delivery is handled, then the ack comes before the effect', async () => {
    const consumer = processorFor(true, async (calls) => void calls.push('effect'));
    await consumer.run();
    expect(consumer.calls).toEqual(['ack', 'effect']);
  });

  it('given the switch, when the handler fails, then nothing is copied to a retry or dead-letter queue: the message is lost', async () => {
    const consumer = processorFor(true, async () => {
      throw new Error('SMTP refused the connection');
    });
    await consumer.run();
    expect(consumer.calls).toEqual(['ack']);
    expect(consumer.logged).toContain('message lost: acked before its effect');
  });

  it('given the resilient default, when the handler fails, then a retry copy is confirmed before the ack', async () => {
    const consumer = processorFor(false, async () => {
      throw new Error('SMTP refused the connection');
    });
    await consumer.run();
    expect(consumer.calls).toEqual([
      'copy to email.order-events.retry.1s through shop.dead-letters',
      'ack',
    ]);
  });

  it('given the resilient default, when a delivery is handled, then the effect comes before the ack', async () => {
    const consumer = processorFor(false, async (calls) => void calls.push('effect'));
    await consumer.run();
    expect(consumer.calls).toEqual(['effect', 'ack']);
  });
});

describe('unbounded-retries: a failing message goes round forever', () => {
  const failing = async () => {
    throw new Error('inventory row locked');
  };

  it('given the switch, when a message fails its last allowed attempt, then it is retried again, through the last declared retry queue', async () => {
    const consumer = processorFor({ unboundedRetries: true }, failing, { 'x-attempts': '9' });
    await consumer.run();
    expect(consumer.calls).toEqual([
      'copy to email.order-events.retry.10s through shop.dead-letters',
      'ack',
    ]);
  });

  it('given the switch, when a poison message fails, then it is retried instead of dead-lettered', async () => {
    const consumer = processorFor({ unboundedRetries: true }, async () => {
      throw new PermanentMessageError('no such product');
    });
    await consumer.run();
    expect(consumer.calls).toEqual([
      'copy to email.order-events.retry.1s through shop.dead-letters',
      'ack',
    ]);
  });

  it('given the resilient default, when a message fails its last allowed attempt, then it goes to the dead letters', async () => {
    const consumer = processorFor({}, failing, { 'x-attempts': '2' });
    await consumer.run();
    expect(consumer.calls).toEqual([
      'copy to email.order-events.dlq through shop.dead-letters',
      'ack',
    ]);
  });
});

describe('no-schema-check: the handler gets data of a version it does not know', () => {
  // A producer deployed ahead: its own version of the fact, checked as the catalogue would.
  const refuseUnknownVersion = () => {
    throw new Error('unknown version 2 of message type OrderConfirmed');
  };
  const checking = (weak: boolean, handled: string[]) => {
    const { channel, calls } = fakeChannel();
    const process = deliveryProcessor(
      {
        queue: 'email.order-events',
        exchange: 'shop.events',
        routingKeys: ['order.confirmed'],
        skipSchemaCheck: weak,
        decode: refuseUnknownVersion,
        handle: async (envelope) => void handled.push(`handled v${envelope.version}`),
      },
      retryPolicyOf({ retryDelaysMs: [1_000], maxAttempts: 3 }),
      () => undefined,
    );
    return { run: () => process(channel, delivery()), calls };
  };

  it('given the switch, when a version the catalogue refuses arrives, then it is handled and acked as if it were known', async () => {
    const handled: string[] = [];
    const consumer = checking(true, handled);
    await consumer.run();
    expect(handled).toEqual(['handled v1']);
    expect(consumer.calls).toEqual(['ack']);
  });

  it('given the resilient default, when a version the catalogue refuses arrives, then it goes to the dead letters unhandled', async () => {
    const handled: string[] = [];
    const consumer = checking(false, handled);
    await consumer.run();
    expect(handled).toEqual([]);
    expect(consumer.calls).toEqual([
      'copy to email.order-events.dlq through shop.dead-letters',
      'ack',
    ]);
  });
});
