import { connect } from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import type { DeadLetterRecord } from '../invariants/snapshot.js';
import { readAllQueues } from './queues.reader.js';
import type { SystemAddresses } from './system-addresses.js';

const text = (value: unknown): string =>
  Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : '';

/**
 * RabbitMQ's dead letters that failed since `from`. Each `*.dlq` is read with basic.get and no
 * ack, then the channel is closed, which returns every letter untouched (as the dead-letters CLI
 * does: a nack would count as a failed delivery in a quorum queue).
 */
export const readRabbitDeadLetters = async (
  addresses: SystemAddresses,
  from: string,
): Promise<DeadLetterRecord[]> => {
  const queues = (await readAllQueues(addresses)).filter(
    (queue) => queue.name.endsWith('.dlq') && (queue.messages ?? 0) > 0,
  );
  if (queues.length === 0) return [];
  const connection = await connect(addresses.rabbitmqUrl, { timeout: 5_000 });
  const letters: DeadLetterRecord[] = [];
  try {
    for (const queue of queues) {
      const channel = await connection.createChannel();
      const { messageCount } = await channel.checkQueue(queue.name);
      for (let read = 0; read < messageCount; read += 1) {
        const message = await channel.get(queue.name, { noAck: false });
        if (message === false) break;
        const headers = message.properties.headers ?? {};
        letters.push({
          broker: 'rabbitmq',
          source: queue.name,
          messageId: text(message.properties.messageId) || `#${read + 1}`,
          type: text(message.properties.type) || text(headers['type']),
          reason: text(headers['x-error-reason']),
          failedAt: text(headers['x-failed-at']),
        });
      }
      await channel.close();
    }
  } finally {
    await connection.close();
  }
  return letters.filter((letter) => letter.failedAt === '' || letter.failedAt >= from);
};

/**
 * Kafka's dead-letter topics (`<group>.dlq`): the records written since `from`, found by offsets
 * (the broker indexes time), named by partition and offset. Reading their content would need a
 * consumer group per check; the topic and the count are what a scenario accounts for.
 */
export const readKafkaDeadLetters = async (
  addresses: SystemAddresses,
  from: string,
): Promise<DeadLetterRecord[]> => {
  const kafka = new Kafka({
    clientId: 'chaos-checker',
    brokers: addresses.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.endsWith('.dlq'));
    const letters: DeadLetterRecord[] = [];
    for (const topic of topics) {
      const since = await admin.fetchTopicOffsetsByTimestamp(topic, Date.parse(from));
      const ends = await admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of since) {
        const end = Number(ends.find((e) => e.partition === partition)?.high ?? 0);
        // -1: nothing written since `from` on this partition.
        const start = Number(offset) < 0 ? end : Number(offset);
        for (let at = start; at < end; at += 1) {
          letters.push({
            broker: 'kafka',
            source: topic,
            messageId: `${partition}@${at}`,
            type: 'unknown',
            reason: 'not read (counted by offset)',
            failedAt: from,
          });
        }
      }
    }
    return letters;
  } finally {
    await admin.disconnect();
  }
};
