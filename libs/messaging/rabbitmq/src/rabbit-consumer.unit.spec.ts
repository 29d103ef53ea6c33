import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import type { ConsumeMessage } from 'amqplib';
import { Registry } from 'prom-client';
import { createEnvelope, type OrderConfirmed } from '@pattern-shop/contracts';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { rabbitConsumer } from './rabbit-consumer.js';
import { RabbitConnection } from './rabbit-connection.js';

// The kit inside a real Nest container, over an in-memory connection and channel that record
// what the consumer told the broker; the real broker's side is in each consumer's own tests.

type Settled =
  { action: 'ack' | 'nack' } | { action: 'copy'; queue: string; reason: unknown; service: unknown };

const fakeBroker = () => {
  const settled: Settled[] = [];
  const waiting: Array<() => void> = [];
  const record = (entry: Settled) => {
    settled.push(entry);
    waiting.splice(0).forEach((wake) => wake());
  };
  let deliver: ((message: ConsumeMessage) => void) | undefined;
  const calls: string[] = [];
  const closeListeners: Array<() => void> = [];
  const consuming: Array<() => void> = [];
  const channel = {
    on: (event: string, listener: () => void) => {
      if (event === 'close') closeListeners.push(listener);
    },
    assertExchange: async () => undefined,
    assertQueue: async () => undefined,
    bindQueue: async () => undefined,
    prefetch: async () => undefined,
    consume: async (queue: string, onMessage: (message: ConsumeMessage) => void) => {
      calls.push(`consume ${queue}`);
      deliver = onMessage;
      consuming.splice(0).forEach((wake) => wake());
      return { consumerTag: 'tag-1' };
    },
    cancel: async (tag: string) => void calls.push(`cancel ${tag}`),
    close: async () => void calls.push('close channel'),
    ack: () => record({ action: 'ack' }),
    nack: () => record({ action: 'nack' }),
    publish: (
      _exchange: string,
      queue: string,
      _content: Buffer,
      options: { headers: Record<string, unknown> },
      confirm: (refused: unknown) => void,
    ) => {
      const { 'x-error-reason': reason, 'x-service': service } = options.headers;
      record({ action: 'copy', queue, reason, service });
      confirm(null);
      return true;
    },
  };
  const connection = {
    isConnected: true,
    subscriptionDefaults: { service: 'test-service' },
    channels: {
      createConfirmChannel: async () => channel,
      on: () => undefined,
      off: () => undefined,
    },
    onConnected: () => () => undefined,
  } as unknown as RabbitConnection;
  /** Delivers `envelope` and resolves with how the consumer settled it (acked, copied...). */
  const send = (envelope: unknown): Promise<Settled[]> => {
    const before = settled.length;
    const done = new Promise<void>((resolve) => waiting.push(resolve));
    deliver?.({
      content: Buffer.from(JSON.stringify(envelope)),
      fields: { exchange: 'shop.events', routingKey: 'order.any', redelivered: false },
      properties: { messageId: (envelope as { messageId: string }).messageId, headers: {} },
    } as unknown as ConsumeMessage);
    return done.then(async () => {
      // A dead letter is a copy and then an ack: wait for the ack that settles it.
      if (settled.at(-1)?.action === 'copy') {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      return settled.slice(before);
    });
  };
  /** The channel dies (e.g. with its connection); resolves once the consumer consumes again. */
  const loseChannel = (): Promise<void> => {
    const again = new Promise<void>((resolve) => consuming.push(resolve));
    closeListeners.forEach((listener) => listener());
    // onConsuming runs right after consume() resolved: let that settle first.
    return again.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  };
  return { connection, send, calls, loseChannel };
};

const fakeLogger = () => {
  const lines: Array<{ level: string; fields: object; message: string }> = [];
  const at = (level: string) => (fields: object, message: string) =>
    void lines.push({ level, fields, message });
  return {
    lines,
    logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') },
  };
};

const orderConfirmed = (): OrderConfirmed =>
  createEnvelope({
    messageId: randomUUID(),
    type: 'OrderConfirmed',
    version: 1,
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: randomUUID(),
    data: {
      orderId: randomUUID(),
      customerId: 'customer-1',
      statusVersion: 2,
      totalCents: 1200,
      currency: 'EUR',
    },
  });

const otherFact = (type: string, data: object) => ({ ...orderConfirmed(), type, data });

class RefusedRequest extends Error {}

class ConfirmationHandler {
  readonly handled: string[] = [];
  failWith: Error | undefined;
  resyncs = 0;
  async handle(fact: OrderConfirmed): Promise<string> {
    if (this.failWith !== undefined) throw this.failWith;
    this.handled.push(fact.messageId);
    return 'mailed';
  }
}

const OrderFactsConsumer = rabbitConsumer({
  binding: { queue: 'test.order-facts', exchange: 'shop.events', routingKeys: ['order.*'] },
  settings: { prefetch: 1 },
  inject: { confirmations: ConfirmationHandler },
  routes: {
    OrderConfirmed: ({ confirmations }, envelope) =>
      confirmations.handle(envelope as OrderConfirmed),
  },
  noted: ['StockReleased'],
  permanent: (error) => error instanceof RefusedRequest,
  onConsumingAgain: ({ confirmations }) => void confirmations.resyncs++,
  report: { message: 'order fact handled', counter: { name: 'test_outcomes', help: 'test' } },
});

describe('rabbitConsumer', () => {
  let module: TestingModule | undefined;
  afterEach(() => module?.close());

  const start = async () => {
    const broker = fakeBroker();
    const { lines, logger } = fakeLogger();
    const registry = new Registry();
    module = await Test.createTestingModule({
      providers: [
        { provide: RabbitConnection, useValue: broker.connection },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS_REGISTRY, useValue: registry },
        ConfirmationHandler,
        OrderFactsConsumer,
      ],
    }).compile();
    await module.init();
    return { broker, lines, registry, handler: module.get(ConfirmationHandler) };
  };

  it('given a routed type, when it is delivered, then its route runs and the outcome is logged, counted and acked', async () => {
    const { broker, lines, registry, handler } = await start();
    const fact = orderConfirmed();

    expect(await broker.send(fact)).toEqual([{ action: 'ack' }]);

    expect(broker.calls).toContain('consume test.order-facts');
    expect(handler.handled).toEqual([fact.messageId]);
    expect(lines).toContainEqual({
      level: 'info',
      fields: expect.objectContaining({ messageId: fact.messageId, outcome: 'mailed' }),
      message: 'order fact handled',
    });
    const counted = await registry.getSingleMetricAsString('test_outcomes');
    expect(counted).toContain('test_outcomes{type="OrderConfirmed",outcome="mailed"} 1');
  });

  it("given a type without a route, when it is delivered, then it is dead-lettered at once, in the name of the connection's service, with a reason that names it", async () => {
    const { broker, handler } = await start();
    const cancelled = otherFact('OrderCancelled', {
      orderId: randomUUID(),
      customerId: 'customer-1',
      statusVersion: 2,
      reason: 'payment declined',
    });

    const settled = await broker.send(cancelled);

    expect(settled).toEqual([
      {
        action: 'copy',
        queue: 'test.order-facts.dlq',
        reason: 'test.order-facts has no route for OrderCancelled',
        service: 'test-service',
      },
      { action: 'ack' },
    ]);
    expect(handler.handled).toEqual([]);
  });

  it('given a noted type, when it is delivered, then it is acked and logged without effect', async () => {
    const { broker, lines, handler } = await start();
    const released = otherFact('StockReleased', {
      orderId: randomUUID(),
      lines: [{ sku: 'SKU-0001', quantity: 1 }],
    });

    expect(await broker.send(released)).toEqual([{ action: 'ack' }]);

    expect(handler.handled).toEqual([]);
    expect(lines).toContainEqual({
      level: 'info',
      fields: { messageId: released.messageId, type: 'StockReleased' },
      message: 'message noted, no effect',
    });
  });

  it('given a routed type whose data breaks its schema, when it is delivered, then decoding dead-letters it before the route', async () => {
    const { broker, handler } = await start();
    const broken = { ...orderConfirmed(), data: { orderId: 'not-a-uuid' } };

    const [first] = await broker.send(broken);

    expect(first).toMatchObject({ action: 'copy', queue: 'test.order-facts.dlq' });
    expect(handler.handled).toEqual([]);
  });

  it('given a route that fails, when it is delivered, then it goes to a retry queue; when the failure is one it declares permanent, then to Q.dlq at once', async () => {
    const { broker, handler } = await start();

    handler.failWith = new Error('downstream timed out');
    const [retried] = await broker.send(orderConfirmed());
    handler.failWith = new RefusedRequest('refused as malformed');
    const [deadLettered] = await broker.send(orderConfirmed());

    expect(retried).toMatchObject({ action: 'copy', queue: 'test.order-facts.retry.1s' });
    expect(deadLettered).toMatchObject({
      action: 'copy',
      queue: 'test.order-facts.dlq',
      reason: 'refused as malformed',
    });
  });

  it('given a running consumer, when its channel is lost and it consumes again, then onConsumingAgain runs, and not at the first start', async () => {
    const { broker, handler } = await start();
    expect(handler.resyncs).toBe(0);

    await broker.loseChannel();

    expect(handler.resyncs).toBe(1);
  });

  it('given a running consumer, when the application shuts down, then its subscription is cancelled and its channel closed', async () => {
    const { broker } = await start();

    await module?.close();
    module = undefined;

    expect(broker.calls).toEqual(['consume test.order-facts', 'cancel tag-1', 'close channel']);
  });
});
