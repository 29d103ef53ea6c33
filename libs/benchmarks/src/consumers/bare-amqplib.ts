import { connect } from 'amqplib';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { BENCH_TOPOLOGY, benchMessage } from './bench-messages.js';

export type Rate = Readonly<{
  messages: number;
  seconds: number;
  perSecond: number;
  /** CPU seconds of the consumer process, and of its PostgreSQL sessions if it has any. */
  cpu?: Readonly<{ own: number; database: number }>;
}>;

const rate = (messages: number, startedAt: number): Rate => {
  const seconds = (performance.now() - startedAt) / 1_000;
  return { messages, seconds, perSecond: messages / seconds };
};

/**
 * Publishes `count` persistent messages on a confirm channel, waiting for the broker's confirms
 * every `batch` messages, as the outbox relay does. The same routine fills both benchmarks.
 */
export const publishWithConfirms = async (
  exchange: string,
  routingKey: string,
  count: number,
  batch = 500,
): Promise<Rate> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    const startedAt = performance.now();
    for (let sent = 0; sent < count; sent += 1) {
      const { content, options } = benchMessage();
      if (!channel.publish(exchange, routingKey, content, options)) {
        await new Promise((resolve) => channel.once('drain', resolve));
      }
      if ((sent + 1) % batch === 0) await channel.waitForConfirms();
    }
    await channel.waitForConfirms();
    return rate(count, startedAt);
  } finally {
    await connection.close();
  }
};

/**
 * The floor to compare with: the same messages through bare amqplib on a quorum queue like the
 * real ones, manual acks, the same prefetch, and nothing else (no parsing, no database).
 */
export const bareAmqplib = async (
  count: number,
  prefetch: number,
): Promise<{ publish: Rate; consume: Rate }> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    const queue = BENCH_TOPOLOGY.bareQueue;
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.purgeQueue(queue);
    const publish = await publishWithConfirms('', queue, count);
    await channel.prefetch(prefetch);
    const startedAt = performance.now();
    const startedCpu = process.cpuUsage();
    let consumed = 0;
    const consume = await new Promise<Rate>((resolve) => {
      void channel.consume(queue, (message) => {
        if (message === null) return;
        channel.ack(message);
        consumed += 1;
        if (consumed !== count) return;
        const { user, system } = process.cpuUsage(startedCpu);
        resolve({ ...rate(count, startedAt), cpu: { own: (user + system) / 1e6, database: 0 } });
      });
    });
    await channel.deleteQueue(queue);
    return { publish, consume };
  } finally {
    await connection.close();
  }
};
