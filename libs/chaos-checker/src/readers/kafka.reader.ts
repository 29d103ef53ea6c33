import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_TOPICS } from '@pattern-shop/contracts';
import { fetchConsumerLag } from '@pattern-shop/messaging-kafka';
import type { DeadLetterRecord, QueueRecord } from '../invariants/snapshot.js';
import { readKafkaDeadLetters } from './kafka-dead-letters.reader.js';
import type { SystemAddresses } from './system-addresses.js';

/** analytics-service's consumer group (ANALYTICS_CONSUMER_GROUP's default). */
const ANALYTICS_GROUP = 'analytics';

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
    const deadLetters = await readKafkaDeadLetters(kafka, admin, from);
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

/** How many records on the event topics analytics-service has not yet committed past. */
export const readAnalyticsLag = async (addresses: SystemAddresses): Promise<number> => {
  const kafka = new Kafka({
    clientId: 'chaos-checker',
    brokers: addresses.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lags = await fetchConsumerLag(admin, ANALYTICS_GROUP, Object.values(KAFKA_TOPICS));
    return lags.reduce((sum, l) => sum + l.lag, 0);
  } finally {
    await admin.disconnect();
  }
};
