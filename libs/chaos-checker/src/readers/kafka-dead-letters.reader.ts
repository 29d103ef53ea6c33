import type { Admin, Kafka } from 'kafkajs';
import { SOURCE_HEADERS } from '@pattern-shop/messaging-kafka';
import type { DeadLetterRecord } from '../invariants/snapshot.js';
import { rangesBetween, readRanges } from './kafka-ranges.js';

const header = (headers: Record<string, unknown> | undefined, name: string): string => {
  const value = headers?.[name];
  return Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : '';
};

/**
 * Kafka's dead letters (`<group>.dlq`) of records written since `from`, with their type and reason. The
 * broker's time index finds them without reading; only when there are some does a throwaway
 * consumer group read exactly those ranges, and is deleted afterwards.
 */
export const readKafkaDeadLetters = async (
  kafka: Kafka,
  admin: Admin,
  from: string,
): Promise<DeadLetterRecord[]> => {
  const topics = (await admin.listTopics()).filter((topic) => topic.endsWith('.dlq'));
  const ranges = await rangesBetween(admin, topics, from);
  const letters: DeadLetterRecord[] = [];
  await readRanges(kafka, admin, ranges, (topic, partition, message) => {
    // A record written before the run, dead-lettered by a consumer that met it only now, is
    // a leftover (of an earlier test on the shared topic), not the run's.
    const sourceWritten = Date.parse(header(message.headers, SOURCE_HEADERS.timestamp));
    if (sourceWritten < Date.parse(from)) return;
    letters.push({
      broker: 'kafka',
      source: topic,
      messageId: header(message.headers, 'message-id') || `${partition}@${message.offset}`,
      type: header(message.headers, 'type') || 'unknown',
      reason: header(message.headers, 'x-error-reason'),
      failedAt: header(message.headers, 'x-failed-at') || from,
    });
  });
  return letters;
};
