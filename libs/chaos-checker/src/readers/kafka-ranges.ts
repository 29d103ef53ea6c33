import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

/** Offsets `[start, end)` of one partition. */
export type Range = Readonly<{ topic: string; partition: number; start: number; end: number }>;

/**
 * Each partition's records written from `from` on (and before `to`, when given), from the broker's
 * time index, without reading them.
 */
export const rangesBetween = async (
  admin: Admin,
  topics: readonly string[],
  from: string,
  to?: string,
): Promise<Range[]> => {
  const ranges: Range[] = [];
  for (const topic of topics) {
    const since = await admin.fetchTopicOffsetsByTimestamp(topic, Date.parse(from));
    const until =
      to === undefined ? [] : await admin.fetchTopicOffsetsByTimestamp(topic, Date.parse(to));
    const ends = await admin.fetchTopicOffsets(topic);
    for (const { partition, offset } of since) {
      const high = Number(ends.find((e) => e.partition === partition)?.high ?? 0);
      const before = Number(until.find((u) => u.partition === partition)?.offset ?? -1);
      // -1: nothing written since that time on this partition.
      const end = before < 0 ? high : before;
      const start = Number(offset) < 0 ? high : Number(offset);
      if (start < end) ranges.push({ topic, partition, start, end });
    }
  }
  return ranges;
};

/**
 * Reads exactly the records of `ranges` with a throwaway consumer group, deleted afterwards;
 * fails when they are not all read within `timeoutMs`.
 */
export const readRanges = async (
  kafka: Kafka,
  admin: Admin,
  ranges: readonly Range[],
  onRecord: (topic: string, partition: number, message: KafkaMessage) => Promise<void> | void,
  timeoutMs = 20_000,
): Promise<number> => {
  const wanted = ranges.reduce((sum, range) => sum + range.end - range.start, 0);
  if (wanted === 0) return 0;
  const groupId = `chaos-checker-${randomUUID()}`;
  // A short long poll: a disconnect waits for the fetch in flight (5 s by default).
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 250,
    retry: { restartOnFailure: async () => false },
  });
  let read = 0;
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
        await onRecord(topic, partition, message);
        read += 1;
        if (read >= wanted) allRead();
      },
    });
    for (const { topic, partition, start } of ranges)
      consumer.seek({ topic, partition, offset: String(start) });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`read ${read} of ${wanted} Kafka records in ${timeoutMs / 1000} s`)),
        timeoutMs,
      ).unref(),
    );
    await Promise.race([done, timeout]);
    return read;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
};
