import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { Registry } from 'prom-client';
import { createEnvelope, deadLetterQueueName, retryQueueName } from '@pattern-shop/contracts';
import { waitFor } from '@pattern-shop/testing';
import { monitorQueues } from './queue-monitor.js';
import { RabbitConnection } from './rabbit-connection.js';
import { subscribe, type SubscriptionOptions } from './rabbit-subscriber.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? 'amqp://shop:shop_dev@127.0.0.1:5672';
const MANAGEMENT_URL = process.env['TEST_RABBITMQ_MANAGEMENT_URL'] ?? 'http://127.0.0.1:15672';
const MANAGEMENT_USER = { username: 'shop', password: 'shop_dev' };
const run = randomBytes(4).toString('hex');
const RETRY_DELAY_MS = 100;

const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

/** The value of one series in the registry's exposition text, or undefined when absent. */
const sampleOf = async (registry: Registry, name: string, labels: Record<string, string>) => {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  const line = (await registry.metrics())
    .split('\n')
    .find((row) => row.startsWith(`${name}{`) && wanted.every((pair) => row.includes(pair)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('competing consumers and queue metrics, on the real RabbitMQ', () => {
  let broker: ChannelModel;
  let publisher: Channel;
  let cleanups: Array<() => Promise<unknown>> = [];
  let exchange: string;
  let queue: string;
  let registry: Registry;

  beforeAll(async () => {
    broker = await connect(RABBITMQ_URL);
    publisher = await broker.createChannel();
  });

  beforeEach(() => {
    const id = `${run}.${randomBytes(3).toString('hex')}`;
    exchange = `metrics-spec.${id}`;
    queue = `metrics-spec.${id}`;
    registry = new Registry();
    cleanups = [];
  });

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    const channel = await broker.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(deadLetterQueueName(queue));
    await channel.deleteQueue(retryQueueName(queue, RETRY_DELAY_MS));
    await channel.deleteExchange(exchange);
    await channel.close();
  });

  afterAll(async () => {
    await broker?.close();
  });

  /** One instance of the consuming service: its own connection, like a separate process. */
  const startInstance = async (
    handle: SubscriptionOptions['handle'],
    options: Partial<SubscriptionOptions> = {},
  ) => {
    const connection = new RabbitConnection({ url: RABBITMQ_URL, connectionName: randomUUID() });
    await connection.start();
    cleanups.push(() => connection.close());
    await waitFor('the RabbitMQ connection', async () => connection.isConnected || undefined);
    const subscription = await subscribe(connection, {
      exchange,
      queue,
      routingKeys: ['order.*'],
      handle,
      retryDelaysMs: [RETRY_DELAY_MS],
      metrics: registry,
      ...options,
    });
    cleanups.push(() => subscription.close());
  };

  const startMonitor = () => {
    const monitor = monitorQueues({
      managementUrl: MANAGEMENT_URL,
      ...MANAGEMENT_USER,
      queues: [queue],
      registry,
      intervalMs: 0,
      timeoutMs: 2_000,
    });
    cleanups.push(async () => monitor.stop());
    return monitor;
  };

  /** Publishes `count` envelopes of `type`; resolves to their message ids. */
  const publish = (count: number, type = 'order.noted'): string[] =>
    Array.from({ length: count }, () => {
      const envelope = createEnvelope({
        messageId: randomUUID(),
        type,
        version: 1,
        occurredAt: new Date(),
        correlationId: `corr-${run}`,
        causationId: `corr-${run}`,
        aggregateId: randomUUID(),
        data: {},
      });
      publisher.publish(exchange, type, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        messageId: envelope.messageId,
        timestamp: Math.floor(Date.now() / 1_000),
      });
      return envelope.messageId;
    });

  it('given two instances on one queue with prefetch 5, when 200 messages arrive, then each is handled exactly once and both instances share the load', async () => {
    const handledBy = new Map<string, string[]>();
    const instance = (name: string) => async (envelope: { messageId: string }) => {
      handledBy.set(envelope.messageId, [...(handledBy.get(envelope.messageId) ?? []), name]);
    };
    await startInstance(instance('first'), { prefetch: 5 });
    await startInstance(instance('second'), { prefetch: 5 });

    const sent = publish(200);
    await waitFor('all 200 handled', async () => (handledBy.size >= 200 ? true : undefined));
    const handled = await waitFor('every delivery acknowledged', async () =>
      (await sampleOf(registry, 'rabbitmq_messages_handled_total', {
        queue,
        outcome: 'handled',
      })) === 200
        ? true
        : undefined,
    );

    expect(handled).toBe(true);
    expect([...handledBy.keys()].sort()).toEqual([...sent].sort());
    expect([...handledBy.values()].filter((names) => names.length !== 1)).toEqual([]);
    const shares = ['first', 'second'].map(
      (name) => [...handledBy.values()].filter(([by]) => by === name).length,
    );
    expect(shares.every((share) => share > 0)).toBe(true);
  }, 60_000);

  it('given a consumer held up, when 50 messages arrive, then the queue depth and the age of the oldest message grow in the metrics, and once released it drains to 0 with all 50 handled', async () => {
    const held = gate();
    cleanups.push(async () => held.open());
    const handled = new Set<string>();
    await startInstance(
      async (envelope) => {
        await held.opened;
        handled.add(envelope.messageId);
      },
      { prefetch: 5 },
    );
    const monitor = startMonitor();

    const sent = publish(50);
    // The broker refreshes its figures every few seconds, not all at once: the depth can show
    // before the consumer does, so both are awaited together.
    const seen = await waitFor(
      'a queue depth above 0 and the held consumer in the metrics',
      async () => {
        await monitor.refresh();
        const depth = await sampleOf(registry, 'rabbitmq_queue_depth', { queue });
        const consumers = await sampleOf(registry, 'rabbitmq_queue_consumers', { queue });
        return depth !== undefined && depth > 0 && consumers === 1
          ? { depth, consumers }
          : undefined;
      },
    );
    expect(seen.depth).toBeGreaterThan(0);
    expect(seen.consumers).toBe(1);
    expect(handled.size).toBe(0);
    // The quorum queue has no head timestamp; the age is bounded from the newest message handed
    // to the held consumer, and keeps growing while nothing moves.
    const ageOf = async () => {
      await monitor.refresh();
      return sampleOf(registry, 'rabbitmq_queue_oldest_message_age_seconds', { queue });
    };
    const firstAge = await waitFor('an oldest-message age in the metrics', async () => ageOf());
    const laterAge = await waitFor('the oldest-message age to grow by a second', async () => {
      const age = await ageOf();
      return age !== undefined && age >= firstAge + 1 ? age : undefined;
    });
    expect(laterAge).toBeGreaterThan(firstAge);

    held.open();
    await waitFor('all 50 handled', async () => (handled.size === 50 ? true : undefined));
    await waitFor('the queue drained to 0 in the metrics', async () => {
      await monitor.refresh();
      return (await sampleOf(registry, 'rabbitmq_queue_depth', { queue })) === 0 ? true : undefined;
    });
    expect([...handled].sort()).toEqual([...sent].sort());
    expect(await ageOf()).toBe(0); // nothing waits any more
  }, 60_000);

  it('given a good and an always-failing message, when both are consumed, then the handled, retried and dead_lettered counts, the timings and the DLQ depth show it', async () => {
    await startInstance(
      async (envelope) => {
        if (envelope.type === 'order.broken') throw new Error('always fails');
      },
      { maxAttempts: 2 },
    );
    const monitor = startMonitor();
    publish(1, 'order.noted');
    publish(1, 'order.broken');

    const count = (outcome: string) =>
      sampleOf(registry, 'rabbitmq_messages_handled_total', { queue, outcome });
    await waitFor('the failing message dead-lettered', async () =>
      (await count('dead_lettered')) === 1 ? true : undefined,
    );
    expect(await count('handled')).toBe(1);
    expect(await count('retried')).toBe(1);
    expect(await count('parked')).toBe(0);
    // Three handlings (one good, two failed); the wait is measured on first deliveries only.
    expect(await sampleOf(registry, 'rabbitmq_message_handling_seconds_count', { queue })).toBe(3);
    expect(await sampleOf(registry, 'rabbitmq_message_wait_seconds_count', { queue })).toBe(2);

    const deadLetters = await waitFor('the DLQ depth in the metrics', async () => {
      await monitor.refresh();
      const value = await sampleOf(registry, 'rabbitmq_dead_letter_depth', { queue });
      return value === 1 ? value : undefined;
    });
    expect(deadLetters).toBe(1);
    const delivered = await waitFor('delivered figures from the management API', async () => {
      await monitor.refresh();
      const value = await sampleOf(registry, 'rabbitmq_queue_messages_delivered', { queue });
      return value !== undefined && value >= 3 ? value : undefined;
    });
    expect(delivered).toBeGreaterThanOrEqual(3);
    expect(
      await sampleOf(registry, 'rabbitmq_queue_messages_published', { queue }),
    ).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('given a monitor of a queue the broker does not have, when it refreshes, then it reports that queue as not found and shows no figure for it', async () => {
    const missing = `${queue}.never-declared`;
    const errors: [string, string][] = [];
    const monitor = monitorQueues({
      managementUrl: MANAGEMENT_URL,
      ...MANAGEMENT_USER,
      queues: [missing],
      registry,
      intervalMs: 0,
      onError: (name, error) => errors.push([name, String(error)]),
    });
    cleanups.push(async () => monitor.stop());

    await monitor.refresh();

    expect(errors).toEqual([[missing, expect.stringContaining(`queue ${missing} not found`)]]);
    expect(await sampleOf(registry, 'rabbitmq_queue_depth', { queue: missing })).toBeUndefined();
  });
});
