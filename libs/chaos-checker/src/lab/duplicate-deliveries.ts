import { randomUUID } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import { type LabBrokers, publishConfirmed } from './lab-brokers.js';
import { CONSUMED_QUEUES, CONSUMED_TOPICS } from './planted-messages.js';

/** Marks a copy, so the lab never copies its own copies (they land where the originals did). */
const COPY_HEADER = 'x-chaos-copy';

export type Stop = () => Promise<number>;

/**
 * Every message routed to a consumed queue is delivered to it twice: a side queue with the same
 * bindings catches each one and puts a copy, same id and headers, straight into the queue.
 */
export const duplicateRabbitDeliveries = async (brokers: LabBrokers): Promise<Stop> => {
  const channel = await brokers.channel();
  let copied = 0;
  const tags: string[] = [];
  for (const { queue: family } of CONSUMED_QUEUES) {
    for (const queue of await brokers.queuesOf(family)) {
      const side = `chaos-lab.duplicates.${queue}.${randomUUID().slice(0, 8)}`;
      await channel.assertQueue(side, { exclusive: true, autoDelete: true, durable: false });
      for (const binding of await brokers.bindingsOf(queue))
        await channel.bindQueue(side, binding.source, binding.routing_key, binding.arguments);
      const { consumerTag } = await channel.consume(side, (message: ConsumeMessage | null) => {
        if (message === null) return;
        const headers = { ...message.properties.headers, [COPY_HEADER]: 'duplicate-storm' };
        publishConfirmed(channel, '', queue, message.content, { ...message.properties, headers })
          .then(() => {
            copied += 1;
            channel.ack(message);
          })
          .catch(() => channel.nack(message, false, false));
      });
      tags.push(consumerTag);
    }
  }
  return async () => {
    for (const tag of tags) await channel.cancel(tag).catch(() => undefined);
    await channel.close().catch(() => undefined);
    return copied;
  };
};

/**
 * Every record written to a consumed topic is written again, same key (so same partition), value
 * and headers: the stream consumer reads each twice, as after a producer retry or a replay.
 */
export const duplicateKafkaRecords = async (brokers: LabBrokers): Promise<Stop> => {
  const groupId = `chaos-lab-duplicates-${randomUUID()}`;
  // A short long poll: a disconnect waits for the fetch in flight (5 s by default).
  const consumer = brokers.kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  const producer = brokers.kafka.producer();
  let copied = 0;
  await Promise.all([consumer.connect(), producer.connect()]);
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.subscribe({
    topics: CONSUMED_TOPICS.map(({ topic }) => topic),
    fromBeginning: false,
  });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (message.headers?.[COPY_HEADER] !== undefined) return;
      await producer.send({
        topic,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: { ...message.headers, [COPY_HEADER]: 'duplicate-storm' },
          },
        ],
      });
      copied += 1;
    },
  });
  // A new group starts at the end of each partition once it has joined: only then is the storm on.
  await Promise.race([
    joined,
    new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error('the duplicating consumer did not join in 30 s')),
        30_000,
      ).unref(),
    ),
  ]);
  return async () => {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    const admin = brokers.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
    return copied;
  };
};
