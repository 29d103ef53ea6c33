import type { Admin } from 'kafkajs';

export type PartitionRange = { topic: string; partition: number; start: number; end: number };

/**
 * Per partition, where a replay starts and the high-water mark it must reach: `earliest` starts at
 * each partition's first offset; a time starts at the first record written at or after it (the
 * broker's timestamp index), or at the end when there is none. Ends are taken now, once.
 */
export const streamRanges = async (
  admin: Admin,
  topics: readonly string[],
  from: 'earliest' | Date,
): Promise<PartitionRange[]> => {
  const ranges: PartitionRange[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const starts =
      from === 'earliest'
        ? ends.map(({ partition, low }) => ({ partition, offset: low }))
        : await admin.fetchTopicOffsetsByTimestamp(topic, from.getTime());
    for (const { partition, high, low } of ends) {
      const found = Number(starts.find((s) => s.partition === partition)?.offset ?? -1);
      const start = found < 0 ? Number(high) : Math.max(found, Number(low));
      ranges.push({ topic, partition, start, end: Number(high) });
    }
  }
  return ranges;
};

export const rangeKey = (topic: string, partition: number): string => `${topic}/${partition}`;
