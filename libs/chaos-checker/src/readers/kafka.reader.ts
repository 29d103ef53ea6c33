import { type Admin, Kafka, logLevel } from 'kafkajs';
import { KAFKA_TOPICS } from '@pattern-shop/contracts';
import { fetchConsumerLag } from '@pattern-shop/messaging-kafka';
import type { DeadLetterRecord, QueueRecord } from '../invariants/snapshot.js';
import type { SystemAddresses } from './system-addresses.js';

/** analytics-service's consumer group (ANALYTICS_CONSUMER_GROUP's default). */
const ANALYTICS_GROUP = 'analytics';

/**
 * Kafka's dead-letter topics (`<group>.dlq`): the records written since `from`, found by offsets
 * (the broker indexes time), named by partition and offset. Reading their content would need a
 * consumer group per check; the topic and the count are what a scenario accounts for.
 */
const deadLettersSince = async (admin: Admin, from: string): Promise<DeadLetterRecord[]> => {
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
};

/**
 * The dead letters since `from`, and the analytics group's lag on the event topics: records a
 * crash now would deliver again, Kafka's "unacked".
 */
export const readKafka = async (
  addresses: SystemAddresses,
  from: string,
): Promise<Readonly<{ deadLetters: DeadLetterRecord[]; lag: QueueRecord[] }>> => {
  const kafka = new Kafka({
    clientId: 'chaos-checker',
    brokers: addresses.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadLetters = await deadLettersSince(admin, from);
    const lags = await fetchConsumerLag(admin, ANALYTICS_GROUP, Object.values(KAFKA_TOPICS));
    const lag = Object.values(KAFKA_TOPICS).map((topic) => ({
      name: `kafka ${topic} (group ${ANALYTICS_GROUP})`,
      messages: lags.filter((l) => l.topic === topic).reduce((sum, l) => sum + l.lag, 0),
    }));
    return { deadLetters, lag };
  } finally {
    await admin.disconnect();
  }
};
