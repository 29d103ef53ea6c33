import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { SOURCE_HEADERS } from '@pattern-shop/messaging-kafka';
import type { DeadLetterRecord } from '../invariants/snapshot.js';

type Range = Readonly<{ topic: string; partition: number; start: number; end: number }>;

/** Where each `*.dlq` partition's records since `from` start and end, from the broker's time index. */
const rangesSince = async (admin: Admin, from: string): Promise<Range[]> => {
  const topics = (await admin.listTopics()).filter((topic) => topic.endsWith('.dlq'));
  const ranges: Range[] = [];
  for (const topic of topics) {
    const since = await admin.fetchTopicOffsetsByTimestamp(topic, Date.parse(from));
    const ends = await admin.fetchTopicOffsets(topic);
    for (const { partition, offset } of since) {
      const end = Number(ends.find((e) => e.partition === partition)?.high ?? 0);
      // -1: nothing written since `from` on this partition.
      const start = Number(offset) < 0 ? end : Number(offset);
      if (start < end) ranges.push({ topic, partition, start, end });
    }
  }
  return ranges;
};

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
  const ranges = await rangesSince(admin, from);
  if (ranges.length === 0) return [];
  const groupId = `chaos-checker-${randomUUID()}`;
  // A short long poll: a disconnect waits for the fetch in flight (5 s by default).
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 250,
    retry: { restartOnFailure: async () => false },
  });
  const letters: DeadLetterRecord[] = [];
  let read = 0;
  const wanted = ranges.reduce((sum, range) => sum + range.end - range.start, 0);
  let allRead: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allRead = resolve));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))] });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const offset = Number(message.offset);
        const range = ranges.find((r) => r.topic === topic && r.partition === partition);
        if (range === undefined || offset < range.start || offset >= range.end) return;
        read += 1;
        if (read >= wanted) allRead();
        // A record written before the run, dead-lettered by a consumer that met it only now, is
        // a leftover (of an earlier test on the shared topic), not the run's.
        const sourceWritten = Date.parse(header(message.headers, SOURCE_HEADERS.timestamp));
        if (sourceWritten < Date.parse(from)) return;
        letters.push({
          broker: 'kafka',
          source: topic,
          messageId: header(message.headers, 'message-id') || `${partition}@${offset}`,
          type: header(message.headers, 'type') || 'unknown',
          reason: header(message.headers, 'x-error-reason'),
          failedAt: header(message.headers, 'x-failed-at') || from,
        });
      },
    });
    for (const { topic, partition, start } of ranges) {
      consumer.seek({ topic, partition, offset: String(start) });
    }
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`read ${read} of ${wanted} Kafka dead letters in 20 s`)),
        20_000,
      ).unref(),
    );
    await Promise.race([done, timeout]);
    return letters;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
};
