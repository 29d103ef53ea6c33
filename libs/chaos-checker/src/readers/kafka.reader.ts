import { type Admin, Kafka, logLevel } from 'kafkajs';
import { KAFKA_TOPICS } from '@pattern-shop/contracts';
import { fetchConsumerLag } from '@pattern-shop/messaging-kafka';
import type { DeadLetterRecord, QueueRecord } from '../invariants/snapshot.js';
import { readKafkaDeadLetters } from './kafka-dead-letters.reader.js';
import type { SystemAddresses } from './system-addresses.js';

/** analytics-service's consumer group (ANALYTICS_CONSUMER_GROUP's default). */
const ANALYTICS_GROUP = 'analytics';

/** Runs `read` with an admin connection to the brokers, closed afterwards. */
const withAdmin = async <T>(
  addresses: SystemAddresses,
  read: (kafka: Kafka, admin: Admin) => Promise<T>,
): Promise<T> => {
  const kafka = new Kafka({
    clientId: 'chaos-checker',
    brokers: addresses.kafkaBrokers.split(','),
    sasl: { mechanism: 'scram-sha-512', ...addresses.kafkaLogin },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await read(kafka, admin);
  } finally {
    await admin.disconnect();
  }
};

/**
 * The dead letters since `from`, and the analytics group's lag on the event topics: records a
 * crash now would deliver again, Kafka's "unacked".
 */
export const readKafka = (
  addresses: SystemAddresses,
  from: string,
): Promise<Readonly<{ deadLetters: DeadLetterRecord[]; lag: QueueRecord[] }>> =>
  withAdmin(addresses, async (kafka, admin) => {
    const deadLetters = await readKafkaDeadLetters(kafka, admin, from);
    const lags = await fetchConsumerLag(admin, ANALYTICS_GROUP, Object.values(KAFKA_TOPICS));
    const lag = Object.values(KAFKA_TOPICS).map((topic) => ({
      name: `kafka ${topic} (group ${ANALYTICS_GROUP})`,
      messages: lags.filter((l) => l.topic === topic).reduce((sum, l) => sum + l.lag, 0),
    }));
    return { deadLetters, lag };
  });

/** How many records on the event topics analytics-service has not yet committed past. */
export const readAnalyticsLag = (addresses: SystemAddresses): Promise<number> =>
  withAdmin(addresses, async (_, admin) => {
    const lags = await fetchConsumerLag(admin, ANALYTICS_GROUP, Object.values(KAFKA_TOPICS));
    return lags.reduce((sum, l) => sum + l.lag, 0);
  });
